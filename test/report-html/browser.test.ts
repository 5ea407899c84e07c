/**
 * The HTML report in a real headless browser: Debian's Chromium (/usr/bin/chromium) driven by
 * puppeteer-core. In CI a missing Chromium fails the test; locally it is skipped with a message.
 */
import * as path from 'node:path';
import type { Page } from 'puppeteer-core';
import { htmlReport } from '../../src/cli/report-command';
import { chromiumMissing, launchChromium, type LaunchedChromium } from '../helpers/chromium';
import { makeReportFixture, type ReportFixture } from './fixture';

const missing = chromiumMissing();
const inCi = /^(1|true)$/i.test(process.env.CI ?? '');
if (missing && !inCi) console.warn(`skipping the HTML report's browser test: ${missing}`);
const run = missing && !inCi ? describe.skip : describe;

run('the HTML report in headless Chromium', () => {
  let fixture: ReportFixture;
  let launching: Promise<LaunchedChromium> | undefined;
  let page: Page;
  const problems: string[] = [];
  const savedRunDir = process.env.HF_RUN_DIR;

  beforeAll(async () => {
    if (missing) throw new Error(`${missing} (CI=${process.env.CI}: the browser test does not skip in CI)`);
    delete process.env.HF_RUN_DIR;
    // Chromium boots in its own process while this one builds the fixture and writes the page.
    launching = launchChromium();
    await new Promise<void>((resolve) => setImmediate(resolve));
    fixture = makeReportFixture();
    const out = path.join(fixture.root, 'report.html');
    const result = htmlReport({ rootDir: fixture.root, out, env: {} });
    if (result.exitCode !== 0) throw new Error(result.text);
    ({ page } = await launching);
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${(error as Error).message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) problems.push(`network request: ${request.url()}`);
    });
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(`file://${out}`, { waitUntil: 'load' });
  }, 30_000);

  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    fixture?.cleanup();
    if (savedRunDir !== undefined) process.env.HF_RUN_DIR = savedRunDir;
  });

  const visibleRows = () => page.$$eval('#matrix tr.suite-row', (rows) => rows.filter((row) => (row as unknown as { offsetParent: unknown }).offsetParent !== null).map((row) => row.getAttribute('data-suite')));

  test('renders without console errors or network requests', async () => {
    expect(await page.title()).toMatch(/^hf-convert report /);
    expect(problems).toEqual([]);
  });

  test('the matrix has a row per suite, grouped by category', async () => {
    expect(await visibleRows()).toHaveLength(fixture.suiteCount);
    expect(await page.$$eval('#matrix tbody.category', (bodies) => bodies.map((body) => body.getAttribute('data-category')))).toEqual(['audio', 'multimodal', 'text', 'vision']);
    expect(await page.$eval('#filter-count', (el) => el.textContent)).toBe(`${fixture.suiteCount} of ${fixture.suiteCount} suite(s) shown`);
  });

  test('filtering by text and by status hides the other rows', async () => {
    await page.type('#filter-text', 'gpt2');
    expect(await visibleRows()).toEqual(['text/gpt2 text-generation']);
    await page.$eval('#filter-text', (el) => ((el as unknown as { value: string }).value = ''));
    await page.type('#filter-text', 'WebGPU adapter'); // matches the skip reasons, case-insensitively
    expect(await visibleRows()).toHaveLength(4);
    await page.select('#filter-status', 'failed');
    expect(await visibleRows()).toEqual(['audio/whisper automatic-speech-recognition']);
    // Categories without a visible row are hidden with their heading.
    expect(await page.$$eval('#matrix tbody.category', (bodies) => bodies.filter((body) => !(body as unknown as { hidden: boolean }).hidden).length)).toBe(1);
    await page.$eval('#filter-text', (el) => ((el as unknown as { value: string }).value = ''));
    await page.select('#filter-status', 'skipped');
    expect(await visibleRows()).toHaveLength(fixture.suiteCount); // every suite is skipped on webgpu
    await page.select('#filter-status', 'passed');
    expect((await visibleRows()).sort()).toEqual(['text/bert fill-mask', 'text/gpt2 text-generation', 'vision/vit image-classification']);
    await page.select('#filter-status', '');
    expect(await visibleRows()).toHaveLength(fixture.suiteCount);
  });

  test('the regression section lists the flagged rows with their figures', async () => {
    const rows = await page.$$eval('#regressions-table tr.metric-row', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    expect(rows.length).toBeGreaterThan(0);
    const latency = rows.find((cells) => cells[0] === 'text/gpt2 text-generation' && cells[1] === 'latency_ms');
    expect(latency).toBeDefined();
    expect(latency![5]).toBe('2.00x');
    expect(latency![9]).toBe('regression');
    expect(rows.every((cells) => cells[0] === 'text/gpt2 text-generation')).toBe(true);
  });

  test('a chart SVG per measured suite, this run marked', async () => {
    const charts = await page.$$eval('figure.suite-chart', (figures) =>
      figures.map((figure) => ({ suite: figure.getAttribute('data-suite'), svg: figure.querySelector('svg.chart')?.getBoundingClientRect().width ?? 0, current: figure.querySelectorAll('circle.current').length })),
    );
    expect(charts.map((chart) => chart.suite)).toEqual(['text/bert fill-mask', 'text/gpt2 text-generation', 'vision/vit image-classification']);
    for (const chart of charts) {
      expect(chart.svg).toBeGreaterThan(100);
      expect(chart.current).toBe(4);
    }
    expect(await page.$$eval('figure.flagged', (figures) => figures.map((figure) => figure.getAttribute('data-suite')))).toEqual(['text/gpt2 text-generation']);
  });

  test('a screenshot is not blank', async () => {
    const png = Buffer.from(await page.screenshot({ type: 'png', fullPage: true }));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1200); // IHDR width
    expect(png.readUInt32BE(20)).toBeGreaterThan(900); // full page: taller than the viewport
    // Pixel variety, counted by decoding the screenshot on a canvas in the page.
    const colours = await page.evaluate(async (dataUrl: string) => {
      // The project compiles without the DOM library: the few browser globals used here, typed locally.
      interface Img { src: string; width: number; height: number; decode(): Promise<void> }
      interface Canvas { width: number; height: number; getContext(kind: '2d'): { drawImage(image: Img, x: number, y: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } }
      const browser = globalThis as unknown as { Image: new () => Img; document: { createElement(tag: 'canvas'): Canvas } };
      const image = new browser.Image();
      image.src = dataUrl;
      await image.decode();
      const canvas = browser.document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const data = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      let inked = 0;
      for (let i = 0; i < data.length; i += 4 * 7) {
        seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) inked++;
      }
      return { distinct: seen.size, inkedShare: inked / (data.length / (4 * 7)) };
    }, `data:image/png;base64,${png.toString('base64')}`);
    expect(colours.distinct).toBeGreaterThan(50);
    expect(colours.inkedShare).toBeGreaterThan(0.01);
  });
});
