import { describe, expect, it } from 'vitest';
import { dnsplan, dnsplanIn } from '../support/cli.js';

/** The run as --json reports it, less what depends on time, memory and threads. */
const answer = (stdout: string) => {
  const o = JSON.parse(stdout) as { outcome: string; properties: unknown; stats: Record<string, number>; replay: string };
  return { outcome: o.outcome, properties: o.properties, counts: [o.stats['distinct'], o.stats['generated'], o.stats['depth']] };
};

describe('dnsplan check --workers', () => {
  it('gives, as a process, the same counts, verdicts and traces with two workers as with one', () => {
    // Large enough (432,696 states, counted whole) that the workers join the search.
    const args = ['check', '--variant', 'aws-2025', '--enactors', '3', '--endpoints', '3', '--max-plan', '4', '--continue', '--json', '--quiet'];
    const one = dnsplan([...args, '--workers', '1'], { timeoutMs: 120_000 });
    const two = dnsplan([...args, '--workers', '2'], { timeoutMs: 120_000 });
    expect([one.code, two.code]).toEqual([1, 1]);
    expect(JSON.parse(one.stdout).stats.workers).toBe(1);
    expect(JSON.parse(two.stdout).stats.workers).toBe(2);
    expect(answer(two.stdout)).toEqual(answer(one.stdout));
    expect(JSON.parse(two.stdout).replay).toMatch(/--workers 2/);
  });

  it.each(['0', '65', 'two'])('refuses --workers %s with one sentence and exit 2', async (n) => {
    const r = await dnsplanIn(['check', '--variant', 'fixed', '--workers', n]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`dnsplan check: --workers must be an integer from 1 to 64, got ${n}`);
  });
});
