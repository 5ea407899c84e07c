/**
 * Opens an HTML report in Debian's Chromium (through puppeteer-core, as the browser test does) and
 * fails unless it renders with no console error and a coverage row per suite.
 *   node -r esbuild-register scripts/check-report-page.ts <report.html> [expected suites]
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from '../test/helpers/chromium';

async function main(): Promise<void> {
  const [file, expected] = process.argv.slice(2);
  if (!file) throw new Error('usage: check-report-page.ts <report.html> [expected suites]');
  const { browser, close } = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
    const rows = await page.$$eval('#matrix tr.suite-row', (found) => found.length);
    if (errors.length > 0) throw new Error(`${file}: console errors: ${errors.join(' / ')}`);
    if (rows === 0 || (expected && rows !== Number(expected))) throw new Error(`${file}: ${rows} suite row(s) in the coverage matrix, expected ${expected ?? 'some'}`);
    console.log(`${file}: rendered in Chromium, ${rows} suite row(s), no console errors`);
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(`check-report-page: ${(error as Error).message}`);
  process.exit(1);
});
