/**
 * Outputs that cannot be written (no permission, a full disk, a file in the way, a directory
 * where a file should be, a /proc path that makes Node's recursive mkdir loop): the verdict is
 * printed first, then one sentence per output, exit 2, no stack trace and no hang.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/command.js';
import { conformCommand } from '../../src/cli/commands/conform.js';
import { DNSPLAN_BIN } from '../support/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-outputs-'));

/** Runs `conform --reference fixed` in-process; `log` keeps stdout and stderr in the order written. */
async function conform(options: Record<string, unknown>): Promise<{ code: number; log: string[] }> {
  const log: string[] = [];
  const io: Io = { out: (t) => void log.push(`out: ${t}`), err: (t) => void log.push(`err: ${t}`), interactive: false };
  const code = await conformCommand.run([], { reference: 'fixed', seed: '1', runs: '3', length: '10', coverage: false, ...options }, io);
  return { code, log };
}

function expectVerdictThen(log: string[], sentences: RegExp[]): void {
  expect(log[0]).toMatch(/^out: dnsplan conform: reference:fixed .* is conformant at level live/);
  expect(log.slice(1).map((l) => l.replace(/^err: /, ''))).toEqual(sentences.map((s) => expect.stringMatching(s)));
  expect(log.join('\n')).not.toMatch(/\n\s+at /);
}

describe('outputs that cannot be written', () => {
  it('--history-dir under /proc: no hang, the verdict, then why', async () => {
    const r = await conform({ historyDir: '/proc/dnsplan-x/y' });
    expect(r.code).toBe(2);
    expectVerdictThen(r.log, [
      /^dnsplan conform: could not write the history \/proc\/dnsplan-x\/y\/history\.jsonl: no such directory, and it cannot be made$/,
      /^dnsplan conform: could not write the archive of every run's history \/proc\/dnsplan-x\/y\/runs\.jsonl\.gz: no such directory, and it cannot be made$/,
    ]);
  });

  it('--history-dir naming a file', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const r = await conform({ historyDir: file });
    expect(r.code).toBe(2);
    expectVerdictThen(r.log, [
      /could not write the history .*a-file\/history\.jsonl: a part of the path exists and is not a directory$/,
      /could not write the archive of every run's history .*a-file\/runs\.jsonl\.gz: a part of the path exists and is not a directory$/,
    ]);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a full disk (ENOSPC) for the history and the badge; --junit naming a directory (EISDIR); --badge under /proc', async () => {
    const history = join(dir, 'full');
    mkdirSync(history);
    symlinkSync('/dev/full', join(history, 'history.jsonl'));
    const r = await conform({ historyDir: history, badge: '/dev/full', junit: dir });
    expect(r.code).toBe(2);
    expectVerdictThen(r.log, [
      /could not write the history .*full\/history\.jsonl: no space left on the device$/,
      /^dnsplan conform: cannot write --badge \/dev\/full: no space left on the device$/,
      /^dnsplan conform: cannot write --junit .*: it is a directory$/,
    ]);
    const proc = await conform({ historyDir: join(dir, 'ok'), badge: '/proc/dnsplan-x/b.json', json: true });
    expect(proc.code).toBe(2);
    expect(JSON.parse(proc.log[0]!.slice('out: '.length)).verdict).toBe('conformant');
    expect(proc.log[1]).toMatch(/cannot write --badge \/proc\/dnsplan-x\/b\.json: no such directory, and it cannot be made$/);
  });

  it('an unwritable --history-dir (EACCES): as root, the command runs as nobody, whom permissions bind', async (ctx) => {
    const parent = mkdtempSync(join(tmpdir(), 'dnsplan-locked-'));
    chmodSync(parent, 0o755);
    const locked = join(parent, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const args = { historyDir: join(locked, 'runs') };
    if (process.getuid?.() !== 0) {
      const r = await conform(args);
      expect(r.code).toBe(2);
      expectVerdictThen(r.log, [/could not write the history .*: permission denied$/, /could not write the archive of every run's history .*: permission denied$/]);
    } else {
      // nobody must be able to read the checkout (a clone under a private home cannot be)
      const readable = spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(DNSPLAN_BIN)})`], { uid: 65534, gid: 65534 }).status === 0;
      if (!readable) {
        console.warn('\n!!! SKIPPING the EACCES test: running as root in a checkout the user nobody cannot read !!!\n');
        return ctx.skip();
      }
      const r = spawnSync(process.execPath, [DNSPLAN_BIN, 'conform', '--reference', 'fixed', '--seed', '1', '--runs', '3', '--no-coverage', '--history-dir', args.historyDir], {
        uid: 65534,
        gid: 65534,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toMatch(/^dnsplan conform: reference:fixed .* is conformant at level live/);
      expect(r.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^dnsplan conform: could not write the history .*locked\/runs\/history\.jsonl: permission denied$/),
        expect.stringMatching(/^dnsplan conform: could not write the archive of every run's history .*locked\/runs\/runs\.jsonl\.gz: permission denied$/),
      ]);
    }
    expect(existsSync(join(locked, 'runs'))).toBe(false);
  });

  it('a disk that fills mid-line: the history is cut back to its whole lines and the failure kept', () => {
    // A file-size limit makes the kernel write part of a line (a short write, as on a disk
    // that fills), then refuse the rest. The writer runs compiled, in a process of its own under the limit.
    const file = join(dir, 'torn.jsonl');
    const writer = pathToFileURL(join(import.meta.dirname, '../../dist/conformance/history/writer.js')).href;
    const script = [
      `import { HistoryWriter } from ${JSON.stringify(writer)};`,
      `const w = new HistoryWriter(${JSON.stringify(file)});`,
      'let n = 0;',
      "for (; w.failure === undefined && n < 1000; n++) w.write({ type: 'footer', steps: n, outcome: 'completed', ended: 'x'.repeat(97) });",
      'console.log(JSON.stringify({ n, code: w.failure?.code }));',
    ].join('\n');
    const r = spawnSync('bash', ['-c', 'ulimit -f 2; exec "$0" --input-type=module -e "$1"', process.execPath, script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const { n, code } = JSON.parse(r.stdout) as { n: number; code: string };
    expect(code).toBe('ENOSPC');
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(n - 1);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ type: 'footer' });
  });

  it('writes every output when it can, exit 0', async () => {
    const r = await conform({ historyDir: join(dir, 'fine'), badge: join(dir, 'new', 'badge.json'), junit: join(dir, 'new', 'junit.xml') });
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'new', 'badge.json'), 'utf8')).message).toBe('live');
  });
});
