/** `--target` read strictly: a malformed one is a usage error (exit 2, one sentence), a path prefix is honoured. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTarget } from '../../adapters/http/index.js';
import type { Io } from '../../src/cli/command.js';
import { conformCommand } from '../../src/cli/commands/conform.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { startServer } from '../support/serve.js';

const HOSTILE = join(import.meta.dirname, 'fixtures/hostile.mjs');
let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  server = await startServer(process.execPath, [HOSTILE, 'prefixed']);
});
afterAll(async () => {
  await server.stop();
});

async function conform(options: Record<string, unknown>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), interactive: false };
  const code = await conformCommand.run([], { seed: '1', coverage: false, historyDir: mkdtempSync(join(tmpdir(), 'dnsplan-target-')), ...options }, io);
  return { code, out, err };
}

describe('--target', () => {
  it.each([
    ['https://127.0.0.1:8443', 'https is not supported'],
    ['notaurl', 'must be a URL such as http://127.0.0.1:8080, got notaurl'],
    ['http://127.0.0.1:99999', 'the port must be from 1 to 65535, got 99999'],
    ['http://127.0.0.1:0', 'the port must be from 1 to 65535, got 0'],
    ['ftp://127.0.0.1:21', 'must be an http:// URL, got ftp://127.0.0.1:21'],
    ['http://me:secret@127.0.0.1:8080', 'must not carry a user name or password'],
    ['http://127.0.0.1:8080/?x=1', 'must not carry a query or a fragment'],
  ])('%s is a usage error: %s', async (target, sentence) => {
    const error = await conform({ target }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message.startsWith(`dnsplan conform: --target ${sentence}`)).toBe(true);
  });

  it('takes a URL apart into an origin and a path prefix', () => {
    expect(parseTarget('http://127.0.0.1:8080')).toEqual({ origin: 'http://127.0.0.1:8080', prefix: '', url: 'http://127.0.0.1:8080' });
    expect(parseTarget('http://127.0.0.1:8080/enactor/')).toEqual({ origin: 'http://127.0.0.1:8080', prefix: '/enactor', url: 'http://127.0.0.1:8080/enactor' });
  });

  it('honours a path prefix: every request goes under it', async () => {
    const r = await conform({ target: `${server.url}/enactor`, schedule: 'plan,step:a', level: 'safe' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`${server.url}/enactor (observed through implementation) is conformant at level`);
    const without = await conform({ target: server.url, schedule: 'step:a', level: 'safe' });
    expect(without.code).toBe(2);
    expect(without.err).toContain('no such endpoint: /v1/reset');
  });
});
