/**
 * docs/report.png: the HTML report of the synthetic run the browser test uses, in headless Chromium.
 *   node -r esbuild-register scripts/report-screenshot.ts [out.png]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { htmlReport } from '../src/cli/report-command';
import { launchChromium } from '../test/helpers/chromium';
import { makeReportFixture } from '../test/report-html/fixture';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'docs/report.png');
  const fixture = makeReportFixture({ whisperFailure: 'Error: cannot load tiny whisper for automatic-speech-recognition on cpu: Unsupported model type: whisper' });
  const chromium = await launchChromium();
  try {
    const html = path.join(fixture.root, 'report.html');
    const result = htmlReport({ rootDir: fixture.root, out: html, env: {}, now: new Date('2026-12-02T07:05:00Z') });
    if (result.exitCode !== 0) throw new Error(result.text);
    const page = await chromium.browser.newPage();
    await page.setViewport({ width: 1150, height: 1000, deviceScaleFactor: 0.7 });
    await page.goto(`file://${html}`, { waitUntil: 'load' });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    await page.screenshot({ path: out as `${string}.png`, fullPage: true });
    process.stdout.write(`wrote ${out} (${fs.statSync(out).size} bytes)\n`);
  } finally {
    await chromium.close();
    fixture.cleanup();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
