/**
 * The HTML report in a real browser: the system Chromium, driven by playwright-core. The
 * report is written by the real binary with the command the README gives; the test reads
 * the DOM as a person would see it and leaves a screenshot in artifacts/.
 */
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, CHROMIUM_ARGS, chromiumPath } from '../support/chromium.js';
import { dnsplan } from '../support/cli.js';

const executablePath = chromiumPath();
if (executablePath === undefined && process.env['CI']) throw new Error('the HTML report test needs Chromium (Debian package chromium) and CI is set: run .ci/install-system.sh');
if (executablePath === undefined) console.warn('\n*** SKIPPED: the HTML report browser test: no chromium on PATH (install the Debian package chromium) ***\n');

const dir = join(ARTIFACTS, 'html-report');
let browser: Browser | undefined;
let page: Page;
const requests: string[] = [];

describe.skipIf(executablePath === undefined)('the HTML report in Chromium', () => {
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const r = dnsplan(['check', '--variant', 'aws-2025', '--no-collector', '--html', join(dir, 'race.html'), '--itf', join(dir, 'race.itf.json')]);
    expect(r.code, r.stderr).toBe(1);
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: executablePath!, args: CHROMIUM_ARGS, timeout: 30_000 });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(join(dir, 'race.html')).href);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the ITF file written beside it validates against the ITF schema and holds the race', () => {
    const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../src/cli/render/itf.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true }).compile(schema);
    const itf = JSON.parse(readFileSync(join(dir, 'race.itf.json'), 'utf8'));
    expect(validate(itf), JSON.stringify(validate.errors)).toBe(true);
    expect(itf.states).toHaveLength(9);
    expect(itf['#meta'].dnsplan.property).toBe('RecordNeverEmpty');
  });

  it('is one small file that fetches nothing', () => {
    expect(statSync(join(dir, 'race.html')).size).toBeLessThan(1024 * 1024);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
  });

  it('draws a lane for the Planner, each enactor and the collector', async () => {
    const race = page.locator('section.timeline').first();
    await expect(race.locator('h2').textContent()).resolves.toContain('RecordNeverEmpty is violated');
    const lanes = await race.locator('svg text.lane-label').allTextContents();
    expect(lanes).toEqual(['Planner', 'enactor a', 'enactor b', 'enactor c', 'collector']);
  });

  it('shows the 8-step race, step 8 highlighted with the sentence that says what is wrong', async () => {
    const race = page.locator('section.timeline').first();
    const steps = race.locator('svg g.step');
    await expect(steps.count()).resolves.toBe(9);
    const marks = await steps.evaluateAll((gs) => gs.map((g) => g.querySelector('.mark-label')?.textContent ?? ''));
    expect(marks).toEqual(['initial', 'Plan', 'Pick', 'Plan', 'Plan', 'Pick', 'Write regional', 'Write regional', 'Clean']);
    const violating = race.locator('svg g.step.violating');
    await expect(violating.count()).resolves.toBe(1);
    await expect(violating.getAttribute('data-step')).resolves.toBe('8');
    await expect(race.locator('.because').textContent()).resolves.toContain('the record of regional points to plan 2, which is not in plans {3, 4}: it resolves to nothing');
  });

  it('draws the record empty at step 8 and only there, and the plan store without plan 2', async () => {
    const race = page.locator('section.timeline').first();
    const kinds = await race.locator('svg g.step').evaluateAll((gs) => gs.map((g) => g.querySelector('g.band')?.getAttribute('class')));
    expect(kinds.map((k) => k?.replace('band ', ''))).toEqual([...Array(8).fill('band-plan'), 'band-empty']);
    await expect(race.locator('svg g.step[data-step="8"] g.band-empty text').textContent()).resolves.toBe('EMPTY');
    await expect(race.locator('svg g.step[data-step="7"] g.band').getAttribute('data-plan')).resolves.toBe('2');
    const live = await race.locator('svg g.step[data-step="8"] rect.gen').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-generation')));
    expect(live).toEqual(['3', '4']);
  });

  it('shows a step\'s full state on click, and the keyboard moves between steps', async () => {
    const race = page.locator('section.timeline').first();
    const details = race.locator('.details');
    await expect(details.locator('h3').textContent()).resolves.toBe('Step 8: Clean(b)');
    await race.locator('svg g.step[data-step="6"]').click();
    await expect(details.locator('h3').textContent()).resolves.toBe('Step 6: Write(b, regional)');
    await expect(details.locator('tr.changed').allTextContents()).resolves.toContain('applied[regional]4');
    await page.keyboard.press('ArrowRight');
    await expect(details.locator('h3').textContent()).resolves.toBe('Step 7: Write(a, regional)');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-step'))).resolves.toBe('7');
  });

  it('marks how Converges goes on forever and keeps a text alternative of every picture', async () => {
    const lasso = page.locator('section.timeline', { hasText: 'Converges is violated' });
    await expect(lasso.count()).resolves.toBe(1);
    const forever = lasso.locator('svg g.forever');
    await expect(forever.count()).resolves.toBe(1);
    await expect(forever.textContent()).resolves.toMatch(/forever/);
    for (const svg of await page.locator('svg.timeline').all()) {
      await expect(svg.getAttribute('aria-labelledby')).resolves.toBeTruthy();
    }
    const rows = page.locator('section.timeline').first().locator('details.text tbody tr');
    await expect(rows.count()).resolves.toBe(9);
    await expect(rows.nth(8).textContent()).resolves.toContain('nothing (empty: it names plan 2, which is deleted)');
  });

  it('leaves a screenshot of the race', async () => {
    const shot = join(dir, 'race.png');
    await page.locator('section.timeline').first().locator('svg g.step[data-step="8"]').click();
    await page.screenshot({ path: shot, fullPage: true });
    await page.locator('section.timeline').first().screenshot({ path: join(dir, 'race-diagram.png') });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  });
});
