import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DNSPLAN_BIN, startServer } from '../support/serve.js';
import { dnsplanAsync } from '../support/cli.js';

const recorder = resolve(import.meta.dirname, '../support/record-imports.mjs');
const dir = mkdtempSync(join(tmpdir(), 'dnsplan-startup-'));
let runs = 0;

/** Runs the real binary and returns the modules it imported, as file URLs. */
function imported(args: readonly string[]): { code: number | null; stdout: string; modules: string[] } {
  const file = join(dir, `imports-${runs++}.txt`);
  const r = spawnSync(process.execPath, ['--import', recorder, DNSPLAN_BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1', DNSPLAN_RECORD_IMPORTS: file },
  });
  let modules: string[] = [];
  try {
    modules = readFileSync(file, 'utf8').trim().split('\n');
  } catch {
    // nothing imported: the assertions below say so
  }
  return { code: r.status, stdout: r.stdout, modules };
}

/** The dependencies only conform, verify and serve-reference may load: etcd's gRPC stack, the HTTP client, JSON Schema. */
const HEAVY = /\/node_modules\/(etcd3|@grpc|undici|ajv)\//;

describe('start-up of the compiled dnsplan', () => {
  it('runs compiled JavaScript: no TypeScript source, no run-time compiler, and check never loads etcd, the HTTP client or JSON Schema', () => {
    const r = imported(['check', '--variant', 'aws-2025', '--no-collector', '--invariant', 'RecordNeverEmpty']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('RecordNeverEmpty is violated');
    expect(r.modules.some((m) => m.includes('/dist/src/cli/entry.js'))).toBe(true);
    expect(r.modules.filter((m) => m.endsWith('.ts') || /\/node_modules\/(tsx|esbuild|typescript)\//.test(m))).toEqual([]);
    expect(r.modules.filter((m) => HEAVY.test(m))).toEqual([]);
    // Off a terminal no progress line is drawn, and the library that draws one is not loaded.
    expect(r.modules.filter((m) => m.includes('/node_modules/cli-progress/'))).toEqual([]);
    // Nor are the HTML report, the Markdown summary and the pictures, which no file asked for.
    expect(r.modules.filter((m) => /\/render\/(html|markdown|timeline|timeline-trace|svg-timeline)\.js$/.test(m))).toEqual([]);
  });

  it.each([
    [['--help']],
    [['conform', '--help']],
    [['simulate', '--variant', 'fixed', '--runs', '10', '--seed', '1']],
  ])('%j never loads etcd, the HTTP client or JSON Schema', (args) => {
    const r = imported(args);
    expect(r.modules.length).toBeGreaterThan(5);
    expect(r.modules.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('conform --reference loads the harness only when it runs', () => {
    const r = imported(['conform', '--reference', 'fixed', '--runs', '2', '--seed', '1', '--no-coverage', '--history-dir', join(dir, 'runs')]);
    expect(r.code).toBe(0);
    expect(r.modules.some((m) => m.includes('/dist/src/cli/commands/conform.js'))).toBe(true);
    expect(r.modules.filter((m) => /\/node_modules\/(etcd3|@grpc)\//.test(m))).toEqual([]);
  });

  it('the compiled build finds the JSON Schemas it validates replies with', async () => {
    const server = await startServer(process.execPath, [DNSPLAN_BIN, 'serve-reference', '--port', '0']);
    try {
      const r = await dnsplanAsync(['conform', '--target', server.url, '--runs', '2', '--seed', '1', '--no-coverage', '--json', '--history-dir', join(dir, 'http')]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).verdict).toBe('conformant');
    } finally {
      await server.stop();
    }
  });

  it('--version prints the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    const r = imported(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
