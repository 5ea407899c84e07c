import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadHtmlReportInput, renderChart, renderHtmlReport, runMedians } from '../../src/report-html';
import { DEFAULT_THRESHOLDS } from '../../src/reporter';
import { runCli } from '../helpers/cli';
import { makeReportFixture, type ReportFixture } from './fixture';

let fixture: ReportFixture;
const savedRunDir = process.env.HF_RUN_DIR;
beforeAll(() => {
  // Jest's reporter exports HF_RUN_DIR to its workers; the command must find the fixture's run instead.
  delete process.env.HF_RUN_DIR;
  fixture = makeReportFixture();
});
afterAll(() => {
  fixture.cleanup();
  if (savedRunDir !== undefined) process.env.HF_RUN_DIR = savedRunDir;
});

test('the page escapes everything it shows and loads nothing', () => {
  const html = renderHtmlReport(loadHtmlReportInput(fixture.runDir, fixture.baselinesDir, DEFAULT_THRESHOLDS));
  expect(html).not.toContain('<script>alert(1)</script>');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('&quot;clip&quot; &lt;vision+text&gt;');
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html.match(/<script>/g)).toHaveLength(1);
  expect(html.match(/<tr class="suite-row"/g)).toHaveLength(fixture.suiteCount);
  expect(html.match(/<svg class="chart"/g)).toHaveLength(fixture.measuredCount);
});

test('charts plot one point per recorded run (its median) and this run', () => {
  const input = loadHtmlReportInput(fixture.runDir, fixture.baselinesDir, DEFAULT_THRESHOLDS);
  const row = input.rows.find((r) => r.suite === 'text/gpt2 text-generation' && r.metric === 'latency_ms')!;
  expect(row.verdict).toBe('regression');
  const runs = runMedians(input.baselines.get(row.key));
  expect(runs).toHaveLength(8);
  expect(runs[0].runId).toBe('20261201T000000Z-1000-abcdef');
  const svg = renderChart('t', [{ metric: 'latency_ms', unit: 'ms', runs, baselineMedian: row.baselineMedian, current: row.currentMedian, verdict: row.verdict }]);
  expect(svg.match(/<circle class="run"/g)).toHaveLength(8);
  expect(svg).toContain('class="current verdict-regression"');
  expect(svg).not.toContain('NaN');
  expect(renderChart('<x>', [{ metric: 'load_ms', unit: 'ms', runs: [], baselineMedian: null, current: 5, verdict: 'new' }])).toContain('<title>&lt;x&gt;</title>');
});

test('hf-convert report writes the page for the latest run; a missing run folder is exit 2', async () => {
  const out = path.join(fixture.root, 'out', 'report.html');
  const { code, stdout, stderr } = await runCli('report', '--root', fixture.root, '--out', out);
  expect({ code, stderr }).toEqual({ code: 0, stderr: expect.stringContaining('5 suite(s)') });
  expect(stdout).toContain('wrote');
  expect(fs.readFileSync(out, 'utf8')).toContain('id="regressions-table"');
  const explicit = await runCli('report', path.relative(fixture.root, fixture.runDir), '--root', fixture.root);
  expect(explicit.code).toBe(0);
  expect(fs.existsSync(path.join(fixture.runDir, 'report.html'))).toBe(true);
  const missing = await runCli('report', 'no-such-run', '--root', fixture.root);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/no such run directory/);
});
