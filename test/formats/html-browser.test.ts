/**
 * The HTML report in a real browser: headless Chromium (the Debian package, driven by playwright-core
 * with no browser download) opens a report built from the fixtures, makes no request but the file,
 * logs no error, runs no script from a policy, and its filters change the findings shown.
 */
import { accessSync, constants, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, scratch } from '../helpers/cli.js';

/** /usr/bin/chromium (Debian's package), else a chromium on PATH. */
function findChromium(): string | undefined {
  const candidates = ['/usr/bin/chromium', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((d) => [join(d, 'chromium'), join(d, 'chromium-browser')])];
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const executablePath = findChromium();
const SKIP_REASON = 'Chromium not found at /usr/bin/chromium or on PATH (apt-get install -y chromium); skipping the browser test of the HTML report';
if (!executablePath) console.warn(`iamlint: ${SKIP_REASON}`);

const INPUTS = ['fixtures/no-wildcard-action/bad', 'fixtures/invalid-policy-structure/bad', 'fixtures/no-privilege-escalation/bad', 'examples'];
// A policy that tries to run script through each kind of text the report shows: Sid, ARN, code frame.
const HOSTILE = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [{ Sid: '<script>window.__policyScript = 1</script>', Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::<img src=x onerror="window.__policyScript = 2">' }],
  },
  null,
  2,
);

describe.skipIf(!executablePath)(executablePath ? 'HTML report in Chromium' : SKIP_REASON, () => {
  const work = scratch({});
  const report = join(work.dir, 'out', 'report.html');
  let browser: Browser;

  beforeAll(async () => {
    // The hostile policy comes on stdin so that every path in the report (and the README's screenshot) stays relative.
    const r = runCli(['--no-config', '-f', `html:${report}`, ...INPUTS, '-', '--stdin-filename', 'hostile/<b>policy</b>.json'], { input: HOSTILE });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    work.cleanup();
  });

  it('opens with no console error and no request but the file itself, and no policy script runs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
    const url = pathToFileURL(report).href;
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route('**/*', (route) => {
      const requested = route.request().url();
      if (requested === url) return route.continue();
      requests.push(requested);
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });

    const total = await page.locator('article.finding').count();
    expect(total).toBeGreaterThan(20);
    await expect.poll(() => page.locator('#shown').textContent()).toBe(String(total));
    // The hostile policy is shown as text, its markup inert.
    expect(await page.locator('body').innerText()).toContain('<script>window.__policyScript = 1</script>');
    expect(await page.evaluate(() => (window as unknown as { __policyScript?: number }).__policyScript)).toBeUndefined();
    expect(await page.locator('main script, main img').count()).toBe(0);

    // Filter by rule: only that rule's findings stay visible.
    await page.selectOption('select[data-filter="rule"]', 'no-wildcard-action');
    const visibleRules = await page.locator('article.finding:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')));
    expect(visibleRules.length).toBeGreaterThan(0);
    expect(visibleRules.length).toBeLessThan(total);
    expect(new Set(visibleRules)).toEqual(new Set(['no-wildcard-action']));
    expect(await page.locator('#shown').textContent()).toBe(String(visibleRules.length));

    // Clicking the "error" bar of the severity chart replaces the filters with that one.
    await page.click('button[data-filter="severity"][data-value="error"]');
    const severities = await page.locator('article.finding:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
    expect(new Set(severities)).toEqual(new Set(['error']));
    expect(await page.locator('select[data-filter="rule"]').inputValue()).toBe('');

    // A file filter hides the other files' sections.
    await page.click('#reset');
    await page.selectOption('select[data-filter="file"]', 'examples/policies/app-data-access.json');
    expect(await page.locator('section.file:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))).toEqual(['examples/policies/app-data-access.json']);

    // A finding's rule link opens that rule's embedded doc.
    await page.click('#reset');
    await page.locator('article.finding a[href="#rule-no-wildcard-action"]').first().click();
    await expect.poll(() => page.locator('details#rule-no-wildcard-action').getAttribute('open')).not.toBeNull();
    await expect.poll(() => page.locator('details#rule-no-wildcard-action').innerText()).toContain('Why');

    await page.click('#reset');
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
    const shot = join(repoRoot, 'test-artifacts', 'report.png');
    await page.screenshot({ path: shot });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    // IAMLINT_UPDATE_SCREENSHOT=1 refreshes the README's copy.
    if (process.env.IAMLINT_UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(repoRoot, 'docs'), { recursive: true });
      copyFileSync(shot, join(repoRoot, 'docs', 'report.png'));
    }

    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });
});
