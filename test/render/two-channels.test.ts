/**
 * The report of a run judged through DNS as well as the implementation's word: the reference
 * that lies in its observe replies (`lying-observe`), served over HTTP with its records on a
 * real named, checked by `conform --observe dns://...`. The page draws both channels, and
 * Chromium shows the disagreement at the violating step.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath } from '../support/chromium.js';
import { namedAvailable } from '../support/named.js';
import { DNSPLAN_BIN, startServer } from '../support/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'dnsplan-two-channels-'));
const page = join(dir, 'two.html');

describe.skipIf(!namedAvailable())('the HTML report of a run observed through DNS', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let run: { status: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    server = await startServer(process.execPath, [DNSPLAN_BIN, 'serve-reference', '--variant', 'lying-observe', '--rfc2136', 'auto', '--port', '0']);
    const port = Number(/named at 127\.0\.0\.1:(\d+)/.exec(server.line)?.[1]);
    run = spawnSync(
      process.execPath,
      [DNSPLAN_BIN, 'conform', '--target', server.url, '--observe', `dns://127.0.0.1:${port}`, '--schedule', 'plan,step:a,step:a', '--no-coverage', '--history-dir', join(dir, 'runs'), '--html', page],
      { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } },
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('draws the claim and what DNS served, and they disagree at the violating step', () => {
    expect(run.status, run.stderr).toBe(1);
    const html = readFileSync(page, 'utf8');
    expect(html).toContain('>regional (says)<');
    expect(html).toContain('>regional (served)<');
    expect(html).toContain("<strong>ChannelsAgree</strong>");
    const step = Number(/<g class="step violating[^"]*" data-step="(\d+)"/.exec(html)?.[1]);
    const from = html.indexOf(`data-step="${step}"`);
    const group = html.slice(from, html.indexOf('</g>\n<g class="step', from) > 0 ? html.indexOf('</g>\n<g class="step', from) : html.indexOf('</svg>', from));
    const plans = [...group.matchAll(/<g class="band band-plan" data-endpoint="regional" data-plan="(\d+)"/g)].map((m) => Number(m[1]));
    expect(plans).toEqual([2, 1]);
  });

  const chromium = chromiumPath();
  it.skipIf(chromium === undefined)('in Chromium: both bands at the violating step, and a screenshot', async () => {
    const { chromium: driver } = await import('playwright-core');
    const browser = await driver.launch({ executablePath: chromium!, args: CHROMIUM_ARGS, timeout: 30_000 });
    try {
      const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await p.goto(pathToFileURL(page).href);
      const violating = p.locator('svg g.step.violating');
      await expect(violating.locator('g.band').count()).resolves.toBe(2);
      await expect(p.locator('.details h3').textContent()).resolves.toMatch(/^Step \d+: step\(a\)/);
      await expect(p.locator('.details').textContent()).resolves.toContain('claimed regional');
      await p.locator('section.timeline').first().screenshot({ path: join(ARTIFACTS, 'two-channels.png') });
    } finally {
      await browser.close();
    }
  });
});
