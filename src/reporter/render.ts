import pc from 'picocolors';
import { colorsFor } from '../util/color';
import type { ComparisonThresholds, Unit, Verdict } from './compare';
import { countVerdicts, type ReportRow } from './compare-run';

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null) return '—';
  if (unit === 'bytes') {
    const mib = value / (1024 * 1024);
    return `${Math.abs(mib) >= 100 ? mib.toFixed(0) : mib.toFixed(1)} MiB`;
  }
  const digits = Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 10 ? 2 : 3;
  if (unit === 'ratio') return `${value.toFixed(digits)}× ref`;
  return unit === 'ms' ? `${value.toFixed(digits)} ms` : `${value.toFixed(digits)}/s`;
}

export function formatRatio(row: ReportRow): string {
  return row.ratio === null ? '—' : `${row.ratio.toFixed(2)}x`;
}

export function formatPValue(p: number | null): string {
  if (p === null) return '—';
  if (p < 1e-4) return '<1e-4';
  return p >= 0.01 ? p.toFixed(3) : p.toPrecision(2);
}

export function summaryLine(rows: readonly ReportRow[], thresholds: ComparisonThresholds): string {
  const counts = countVerdicts(rows);
  const parts = (Object.keys(counts) as Verdict[]).filter((verdict) => counts[verdict] > 0).map((verdict) => `${counts[verdict]} ${verdict}`);
  return (
    `hf-convert performance: ${parts.join(', ')} ` +
    `(tolerance ${Math.round(thresholds.tolerance * 100)}%, memory ${Math.round(thresholds.memoryTolerance * 100)}%, alpha ${thresholds.alpha}, min ${thresholds.minSamples} samples, run-level test from ${thresholds.minBaselineRuns} baseline runs)`
  );
}

// The verdict stays last: scripts grep a row's verdict at the end of the line.
const HEADERS = ['suite', 'metric', 'device', 'ratio', 'p-value', 'baseline median', 'current median', 'baseline runs', 'verdict'];
const VERDICT_COLUMN = HEADERS.length - 1;

/** `same host (12)`, `cross-host (0 of 12)`: how comparable the baseline's runs are with this one. */
export function formatHosts(row: Pick<ReportRow, 'hosts'>): string {
  if (!row.hosts) return '—';
  const { runs, sameHost } = row.hosts;
  return sameHost > 0 ? `${runs} (${sameHost} this host)` : `${runs} (cross-host)`;
}

/**
 * The p-value that decided: a change must be significant both sample-by-sample (Mann-Whitney) and
 * against the baseline's run-to-run spread (when there are enough baseline runs), so show the larger.
 */
export function decisivePValue(row: Pick<ReportRow, 'pValue' | 'runPValue'>): number | null {
  // The larger of the two tests that both had to pass; a metric measured once per run has only the run-level one.
  if (row.pValue === null) return row.runPValue;
  return row.runPValue === null ? row.pValue : Math.max(row.pValue, row.runPValue);
}

function cells(row: ReportRow): string[] {
  return [
    row.suite,
    row.metric,
    row.device,
    formatRatio(row),
    formatPValue(decisivePValue(row)),
    formatValue(row.baselineMedian, row.unit),
    formatValue(row.currentMedian, row.unit),
    formatHosts(row),
    row.verdict,
  ];
}

/** One line per row whose verdict has a reason the table cannot show (noisy, not confirmed). */
export function reasonLines(rows: readonly ReportRow[]): string[] {
  return rows.filter((row) => row.reason).map((row) => `${row.suite} ${row.metric} [${row.device}] ${row.verdict}: ${row.reason}`);
}

const VERDICT_COLOR: Record<Verdict, (text: string) => string> = {
  regression: pc.red,
  improvement: pc.green,
  noisy: pc.magenta,
  new: pc.cyan,
  'insufficient-data': pc.yellow,
  unchanged: pc.dim,
};

/**
 * Plain-text table for the terminal. Unchanged rows are folded into a count when there are more
 * than `maxUnchanged` of them, so a big run still shows its regressions on one screen.
 */
export function renderTerminalTable(rows: readonly ReportRow[], thresholds: ComparisonThresholds, options: { maxUnchanged?: number; color?: boolean } = {}): string {
  const maxUnchanged = options.maxUnchanged ?? 20;
  const unchanged = rows.filter((row) => row.verdict === 'unchanged');
  const shown = unchanged.length > maxUnchanged ? rows.filter((row) => row.verdict !== 'unchanged') : [...rows];
  const table = [HEADERS, ...shown.map(cells)];
  const widths = HEADERS.map((_, column) => Math.max(...table.map((line) => line[column].length)));
  const color = options.color ?? colorsFor(process.stderr).isColorSupported;
  const lines = table.map((line, index) => {
    const text = line.map((cell, column) => (column === 3 || column === 4 || column === 5 || column === 6 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ');
    if (!color) return text.trimEnd();
    if (index === 0) return pc.bold(text.trimEnd());
    return VERDICT_COLOR[shown[index - 1].verdict](text.trimEnd());
  });
  const out = [summaryLine(rows, thresholds), ...lines];
  if (shown.length < rows.length) out.push(`(${unchanged.length} unchanged metrics not shown; see the report file)`);
  out.push(...reasonLines(shown).map((line) => `  ${line}`));
  return `${out.join('\n')}\n`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, '\\|');
}

const VERDICT_MARK: Record<Verdict, string> = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  noisy: '🟡 noisy',
  new: '🆕 new',
  'insufficient-data': '⚪ insufficient-data',
  unchanged: 'unchanged',
};

export function renderMarkdown(rows: readonly ReportRow[], thresholds: ComparisonThresholds, notes: readonly string[] = [], links: { htmlReport?: string } = {}): string {
  const lines = [
    '## hf-convert performance',
    '',
    summaryLine(rows, thresholds).replace(/^hf-convert performance: /, ''),
    '',
    `| ${HEADERS.join(' | ')} | 95% CI of ratio |`,
    `|${HEADERS.map((_, index) => (index >= 3 && index <= 6 ? ' ---: ' : ' --- ')).join('|')}| ---: |`,
  ];
  for (const row of rows) {
    const rowCells = cells(row).map(escapeMarkdown);
    rowCells[VERDICT_COLUMN] = VERDICT_MARK[row.verdict];
    const ci = row.ratioCI ? `${row.ratioCI.low.toFixed(2)}–${row.ratioCI.high.toFixed(2)}` : '—';
    lines.push(`| ${rowCells.join(' | ')} | ${ci} |`);
  }
  const reasons = reasonLines(rows);
  if (reasons.length > 0) lines.push('', ...reasons.map((line) => `- ${escapeMarkdown(line)}`));
  lines.push(
    '',
    'p-value: the larger of the sample-level Mann-Whitney p and the run-level p (current run median against the baseline per-run medians).',
    'baseline runs: recorded runs behind the baseline, and how many were measured on this host (cross-host: none were).',
  );
  if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${escapeMarkdown(note)}`));
  if (links.htmlReport) lines.push('', `HTML report: ${links.htmlReport}`);
  return `${lines.join('\n')}\n`;
}
