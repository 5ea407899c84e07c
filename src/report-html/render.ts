import type { BaselineEntry, RecordedRunEnvironment } from '../baselines';
import { runIdOfSource } from '../baselines/merge';
import type { ComparisonThresholds, Verdict } from '../reporter/compare';
import { countVerdicts, type ReportRow } from '../reporter/compare-run';
import { decisivePValue, formatHosts, formatPValue, formatRatio, formatValue, summaryLine } from '../reporter/render';
import type { SuiteOutcome } from '../reporter/suite-outcomes';
import type { MeasurementRecord } from '../runtime/measurements';
import { escapeHtml as esc, renderChart, type ChartPanel } from './chart';

export { escapeHtml } from './chart';

/** Everything the page shows; read from a run folder and the baselines by `loadHtmlReportInput`. */
export interface HtmlReportInput {
  runId: string;
  runDir: string;
  generatedAt: string;
  environment?: RecordedRunEnvironment;
  thresholds: ComparisonThresholds;
  /** compareRun's rows (the reporter's, confirmed, when it writes the page). */
  rows: readonly ReportRow[];
  /** `<runDir>/suites.json`; absent for older runs: the suites that recorded are shown instead. */
  suites?: readonly SuiteOutcome[];
  records: readonly MeasurementRecord[];
  baselines: ReadonlyMap<string, BaselineEntry>;
  notes: readonly string[];
}

type Status = SuiteOutcome['status'];

interface MatrixCell {
  status: Status;
  detail: string;
}
interface MatrixRow {
  suite: string;
  category: string;
  modelType: string;
  task: string;
  cells: Map<string, MatrixCell>;
}

/** Time metrics get a chart: wall and CPU time, and their reference-normalised ratios. */
const CHARTED_UNITS = new Set(['ms', 'ratio']);
const FLAGGED: readonly Verdict[] = ['regression', 'noisy', 'improvement'];
const STATUS_ORDER: Record<Status, number> = { failed: 0, skipped: 1, passed: 2 };

/** The outcomes by suite; from the records' `passed` flags when the run has no suites.json. */
function outcomesOf(input: HtmlReportInput): SuiteOutcome[] {
  if (input.suites) return [...input.suites];
  const seen = new Map<string, SuiteOutcome>();
  for (const record of input.records) {
    const key = `${record.suite}\u0000${record.device}`;
    const [category, rest = ''] = record.suite.split('/', 2);
    const [modelType, ...task] = rest.split(' ');
    const status: Status = record.passed === false ? 'failed' : 'passed';
    const known = seen.get(key);
    if (known && (known.status === 'failed' || status === 'passed')) continue;
    seen.set(key, {
      suite: record.suite, title: record.suite, category, modelType, task: task.join(' '), device: record.device, status, testFile: record.testFile,
      tests: { passed: 0, failed: 0, skipped: 0 }, reasons: [], ...(status === 'failed' ? { failure: 'the suite recorded measurements but did not pass' } : {}),
    });
  }
  return [...seen.values()];
}

function buildMatrix(outcomes: readonly SuiteOutcome[]): { devices: string[]; rows: MatrixRow[] } {
  const devices = [...new Set(outcomes.map((o) => o.device).filter((d): d is string => d !== null))].sort((a, b) => (a === 'cpu' ? -1 : b === 'cpu' ? 1 : a.localeCompare(b)));
  if (devices.length === 0) devices.push('cpu');
  const rows = new Map<string, MatrixRow>();
  for (const o of outcomes) {
    let row = rows.get(o.suite);
    if (!row) rows.set(o.suite, (row = { suite: o.suite, category: o.category, modelType: o.modelType, task: o.task, cells: new Map() }));
    const detail = o.status === 'failed' ? (o.failure ?? 'failed') : o.status === 'skipped' ? o.reasons.join('; ') : `${o.tests.passed} test(s) passed`;
    // A suite no device ran (device null) fills every device's cell; a device's own outcome wins over it.
    for (const device of o.device === null ? devices : [o.device]) {
      const known = row.cells.get(device);
      if (known && o.device === null) continue;
      if (known && STATUS_ORDER[known.status] <= STATUS_ORDER[o.status]) continue;
      row.cells.set(device, { status: o.status, detail });
    }
  }
  const sorted = [...rows.values()].sort((a, b) => a.category.localeCompare(b.category) || a.modelType.localeCompare(b.modelType) || a.task.localeCompare(b.task));
  return { devices, rows: sorted };
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** Per-run medians of a baseline entry, oldest first (one point per recorded run). */
export function runMedians(entry: BaselineEntry | undefined): Array<{ runId: string; median: number }> {
  if (!entry) return [];
  const byRun = new Map<string, number[]>();
  for (const source of entry.sources) {
    if (source.median === undefined) continue;
    const runId = runIdOfSource(source.id);
    byRun.set(runId, [...(byRun.get(runId) ?? []), source.median]);
  }
  return [...byRun].map(([runId, medians]) => ({ runId, median: medians.reduce((a, b) => a + b, 0) / medians.length }));
}

interface SuiteChart {
  suite: string;
  device: string;
  panels: ChartPanel[];
}

function buildCharts(input: HtmlReportInput): SuiteChart[] {
  const charts = new Map<string, SuiteChart>();
  for (const row of input.rows) {
    if (!CHARTED_UNITS.has(row.unit)) continue;
    const key = `${row.suite}\u0000${row.device}`;
    let chart = charts.get(key);
    if (!chart) charts.set(key, (chart = { suite: row.suite, device: row.device, panels: [] }));
    chart.panels.push({ metric: row.metric, unit: row.unit, runs: runMedians(input.baselines.get(row.key)), baselineMedian: row.baselineMedian, current: row.currentMedian, verdict: row.verdict });
  }
  const order = ['load_ms', 'latency_ms', 'cpu_ms', 'latency_vs_reference', 'cpu_vs_reference'];
  for (const chart of charts.values()) chart.panels.sort((a, b) => order.indexOf(a.metric) - order.indexOf(b.metric) || a.metric.localeCompare(b.metric));
  return [...charts.values()].sort((a, b) => a.suite.localeCompare(b.suite) || a.device.localeCompare(b.device));
}

const chartId = (suite: string, device: string) => `chart-${slug(`${suite} ${device}`)}`;

function metricsTable(rows: readonly ReportRow[], id: string): string {
  const head = ['suite', 'metric', 'device', 'baseline median', 'this run', 'ratio', '95% CI', 'p-value', 'baseline runs', 'verdict', 'why'];
  const body = rows.map((row) => {
    const ci = row.ratioCI ? `${row.ratioCI.low.toFixed(2)}–${row.ratioCI.high.toFixed(2)}` : '—';
    const cells = [
      `<a href="#${esc(chartId(row.suite, row.device))}">${esc(row.suite)}</a>`,
      esc(row.metric),
      esc(row.device),
      esc(formatValue(row.baselineMedian, row.unit)),
      esc(formatValue(row.currentMedian, row.unit)),
      esc(formatRatio(row)),
      esc(ci),
      esc(formatPValue(decisivePValue(row))),
      esc(formatHosts(row)),
      `<span class="badge verdict-${esc(row.verdict)}">${esc(row.verdict)}</span>`,
      esc(row.reason ?? ''),
    ];
    return `<tr class="metric-row" data-verdict="${esc(row.verdict)}">${cells.map((cell, i) => (i >= 3 && i <= 7 ? `<td class="num">${cell}</td>` : `<td>${cell}</td>`)).join('')}</tr>`;
  });
  return `<table id="${esc(id)}" class="metrics"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function matrixSection(outcomes: readonly SuiteOutcome[], fromRecords: boolean): string {
  const { devices, rows } = buildMatrix(outcomes);
  const counts: Record<Status, number> = { passed: 0, failed: 0, skipped: 0 };
  for (const row of rows) for (const cell of row.cells.values()) counts[cell.status]++;
  const byCategory = new Map<string, MatrixRow[]>();
  for (const row of rows) byCategory.set(row.category, [...(byCategory.get(row.category) ?? []), row]);
  const bodies = [...byCategory].map(([category, members]) => {
    const lines = members.map((row) => {
      const statuses = [...new Set([...row.cells.values()].map((cell) => cell.status))];
      const cells = devices.map((device) => {
        const cell = row.cells.get(device);
        if (!cell) return '<td class="cell none">—</td>';
        const detail = cell.status === 'passed' ? '' : `<div class="detail">${esc(cell.detail)}</div>`;
        return `<td class="cell ${esc(cell.status)}" title="${esc(cell.detail)}"><span class="badge status-${esc(cell.status)}">${esc(cell.status)}</span>${detail}</td>`;
      });
      const text = [row.category, row.modelType, row.task, row.suite, ...[...row.cells.values()].map((cell) => cell.detail)].join(' ').toLowerCase();
      return `<tr class="suite-row" data-suite="${esc(row.suite)}" data-statuses="${esc(statuses.join(' '))}" data-text="${esc(text)}"><th scope="row">${esc(row.modelType)}</th><td class="task">${esc(row.task)}</td>${cells.join('')}</tr>`;
    });
    return `<tbody class="category" data-category="${esc(category)}"><tr class="category-row"><th colspan="${devices.length + 2}">${esc(category)} <span class="muted">(${members.length})</span></th></tr>${lines.join('')}</tbody>`;
  });
  const note = fromRecords ? '<p class="muted">This run folder has no suites.json (older runs): only the suites that recorded measurements are listed, passed or failed as their records say.</p>' : '';
  return `<section id="coverage"><h2>Coverage</h2>
<p>${rows.length} suite(s) on ${devices.length} device(s): ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped.</p>${note}
<div class="filters"><label>Filter <input id="filter-text" type="search" placeholder="model type, task, reason…" autocomplete="off"></label>
<label>Status <select id="filter-status"><option value="">all</option><option value="passed">passed</option><option value="failed">failed</option><option value="skipped">skipped</option></select></label>
<span id="filter-count" class="muted"></span></div>
<table id="matrix"><thead><tr><th>model type</th><th>task</th>${devices.map((device) => `<th>${esc(device)}</th>`).join('')}</tr></thead>${bodies.join('')}</table></section>`;
}

function chartsSection(charts: readonly SuiteChart[]): string {
  if (charts.length === 0) return '<section id="charts"><h2>Time per suite</h2><p class="muted">No time measurements in this run.</p></section>';
  const figures = charts.map((chart) => {
    const title = `${chart.suite} [${chart.device}]`;
    const flagged = chart.panels.some((p) => p.verdict === 'regression');
    return `<figure class="suite-chart${flagged ? ' flagged' : ''}" id="${esc(chartId(chart.suite, chart.device))}" data-suite="${esc(chart.suite)}"><figcaption>${esc(title)}</figcaption>${renderChart(title, chart.panels)}</figure>`;
  });
  return `<section id="charts"><h2>Time per suite</h2>
<p class="muted">Each recorded baseline run's median (grey, oldest left), the baseline median (dashed) and this run (the large dot, coloured by verdict).</p>
${figures.join('\n')}</section>`;
}

const STYLE = `
:root{--fg:#1d2330;--muted:#667085;--line:#d9dee7;--bg:#fff;--pass:#1a7f37;--fail:#cf222e;--skip:#9a6700;--noisy:#8250df;--new:#0969da}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px 32px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}table{border-collapse:collapse;margin:8px 0}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}thead th{background:#f6f8fa;position:sticky;top:0}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;border:1px solid currentColor}
.status-passed,.verdict-improvement{color:var(--pass)}.status-failed,.verdict-regression{color:var(--fail)}.status-skipped,.verdict-insufficient-data{color:var(--skip)}
.verdict-noisy{color:var(--noisy)}.verdict-new{color:var(--new)}.verdict-unchanged{color:var(--muted)}
.detail{font-size:12px;color:var(--muted);max-width:420px;white-space:pre-wrap;word-break:break-word}
tr.category-row th{background:#eef1f5;font-size:13px;text-transform:uppercase;letter-spacing:.04em}
.filters{display:flex;gap:16px;align-items:center;margin:8px 0}.filters input{width:280px;padding:4px 6px}.filters select{padding:3px}
.summary span{margin-right:12px}.ok{color:var(--pass)}
figure.suite-chart{display:inline-block;margin:6px 12px 10px 0;vertical-align:top}figure.suite-chart figcaption{font-size:12px;font-weight:600;margin-bottom:2px}
figure.flagged figcaption{color:var(--fail)}
svg.chart .frame{fill:#fbfcfd;stroke:var(--line)}svg.chart text{font-size:10px;fill:var(--muted)}svg.chart text.metric{fill:var(--fg);font-weight:600}
svg.chart .runs{fill:none;stroke:#98a2b3;stroke-width:1.2}svg.chart .run{fill:#98a2b3}svg.chart .baseline{stroke:#475467;stroke-dasharray:3 3}
svg.chart .current{stroke:#fff;stroke-width:1;fill:var(--muted)}svg.chart .current.verdict-regression{fill:var(--fail)}svg.chart .current.verdict-improvement{fill:var(--pass)}
svg.chart .current.verdict-noisy{fill:var(--noisy)}svg.chart .current.verdict-new{fill:var(--new)}svg.chart .current.verdict-unchanged{fill:#344054}
ul.notes li{margin:2px 0}details summary{cursor:pointer;margin:8px 0}`;

/** Filters the coverage matrix by text and status; reads only the DOM (no data in the script). */
const SCRIPT = `
(function () {
  var text = document.getElementById('filter-text');
  var status = document.getElementById('filter-status');
  var count = document.getElementById('filter-count');
  if (!text || !status) return;
  function apply() {
    var words = text.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = status.value;
    var rows = document.querySelectorAll('#matrix tr.suite-row');
    var shown = 0;
    rows.forEach(function (row) {
      var haystack = row.getAttribute('data-text') || '';
      var statuses = (row.getAttribute('data-statuses') || '').split(' ');
      var visible = words.every(function (w) { return haystack.indexOf(w) !== -1; }) && (!wanted || statuses.indexOf(wanted) !== -1);
      row.hidden = !visible;
      if (visible) shown++;
    });
    document.querySelectorAll('#matrix tbody.category').forEach(function (body) {
      body.hidden = body.querySelectorAll('tr.suite-row:not([hidden])').length === 0;
    });
    if (count) count.textContent = shown + ' of ' + rows.length + ' suite(s) shown';
  }
  text.addEventListener('input', apply);
  status.addEventListener('change', apply);
  apply();
})();`;

/** The whole page: pure, every value HTML-escaped, nothing loaded from the network. */
export function renderHtmlReport(input: HtmlReportInput): string {
  const rows = input.rows;
  const counts = countVerdicts(rows);
  const regressions = rows.filter((row) => row.verdict === 'regression');
  const otherFlags = rows.filter((row) => FLAGGED.includes(row.verdict) && row.verdict !== 'regression');
  const env = input.environment;
  const where = env ? `${env.machine}, ${env.label ? `host "${env.label}"` : `host ${env.fingerprint}`}, Node ${env.node}, kernel ${env.kernel}` : 'environment not recorded';
  const verdictSummary = (Object.keys(counts) as Verdict[]).filter((v) => counts[v] > 0).map((v) => `<span class="verdict-${esc(v)}">${counts[v]} ${esc(v)}</span>`).join('');
  const regressionBlock =
    regressions.length > 0
      ? `<p><strong class="verdict-regression">${regressions.length} regression(s)</strong> beyond tolerance.</p>${metricsTable(regressions, 'regressions-table')}`
      : `<p class="ok" id="no-regressions">No regressions${rows.length === 0 ? ' (no measurements in this run)' : ''}.</p>`;
  const otherBlock = otherFlags.length > 0 ? `<h3>Other flags</h3>${metricsTable(otherFlags, 'flags-table')}` : '';
  const notes = input.notes.length > 0 ? `<h3>Notes</h3><ul class="notes">${input.notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>` : '';
  const outcomes = outcomesOf(input);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(`hf-convert report ${input.runId}`)}</title><style>${STYLE}</style></head>
<body>
<header><h1>hf-convert run report</h1>
<p class="muted">Run <code>${esc(input.runId)}</code> · ${esc(where)} · generated ${esc(input.generatedAt)}</p>
<p class="summary">${verdictSummary || '<span class="muted">no measurements</span>'}</p>
<p class="muted">${esc(summaryLine(rows, input.thresholds).replace(/^hf-convert performance: /, ''))}</p></header>
<section id="regressions"><h2>Regressions</h2>${regressionBlock}${otherBlock}${notes}</section>
${matrixSection(outcomes, input.suites === undefined)}
${chartsSection(buildCharts(input))}
<section id="all-metrics"><h2>All metrics</h2><details><summary>${rows.length} metric(s)</summary>${metricsTable(rows, 'all-table')}</details></section>
<script>${SCRIPT}</script>
</body></html>
`;
}
