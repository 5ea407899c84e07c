/** Small inline SVG charts: one panel per time metric, the baseline's recorded runs and this run marked. */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface ChartPanel {
  metric: string;
  unit: string;
  /** The baseline's recorded runs, oldest first: each run's median. */
  runs: Array<{ runId: string; median: number }>;
  baselineMedian: number | null;
  current: number | null;
  verdict: string;
}

const PANEL_W = 190;
const PANEL_H = 96;
const PAD = { left: 8, right: 8, top: 18, bottom: 16 };

const num = (value: number) => (Math.round(value * 10) / 10).toString();

function formatFigure(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit === 'ms' ? ' ms' : unit === 'ratio' ? '×' : ''}`;
}

function panel(p: ChartPanel, x0: number): string {
  const values = [...p.runs.map((run) => run.median), ...(p.current !== null ? [p.current] : []), ...(p.baselineMedian !== null ? [p.baselineMedian] : [])];
  const parts: string[] = [`<g class="panel" data-metric="${escapeHtml(p.metric)}" transform="translate(${x0},0)">`];
  parts.push(`<rect class="frame" x="0.5" y="0.5" width="${PANEL_W - 1}" height="${PANEL_H - 1}" rx="3"/>`);
  parts.push(`<text class="metric" x="${PAD.left}" y="12">${escapeHtml(p.metric)}</text>`);
  if (values.length === 0) {
    parts.push(`<text class="empty" x="${PANEL_W / 2}" y="${PANEL_H / 2}" text-anchor="middle">no data</text></g>`);
    return parts.join('');
  }
  let low = Math.min(...values);
  let high = Math.max(...values);
  // At least ±10% of the figures around their middle, so run-to-run jitter of a percent does not fill the panel.
  const least = Math.max(Math.abs(low), Math.abs(high)) * 0.2 || 1;
  if (high - low < least) {
    const middle = (high + low) / 2;
    low = middle - least / 2;
    high = middle + least / 2;
  }
  const span = high - low;
  low -= span * 0.1;
  high += span * 0.1;
  const plotW = PANEL_W - PAD.left - PAD.right;
  const plotH = PANEL_H - PAD.top - PAD.bottom;
  const y = (value: number) => PAD.top + plotH - ((value - low) / (high - low)) * plotH;
  // The recorded runs spread over the plot, this run one step to the right of the newest.
  const slots = p.runs.length + 1;
  const x = (index: number) => PAD.left + (slots === 1 ? plotW / 2 : (index / (slots - 1)) * plotW);
  if (p.baselineMedian !== null) {
    parts.push(`<line class="baseline" x1="${PAD.left}" x2="${PAD.left + plotW}" y1="${num(y(p.baselineMedian))}" y2="${num(y(p.baselineMedian))}"><title>baseline median ${escapeHtml(formatFigure(p.baselineMedian, p.unit))}</title></line>`);
  }
  if (p.runs.length > 1) parts.push(`<polyline class="runs" points="${p.runs.map((run, i) => `${num(x(i))},${num(y(run.median))}`).join(' ')}"/>`);
  p.runs.forEach((run, i) => {
    parts.push(`<circle class="run" cx="${num(x(i))}" cy="${num(y(run.median))}" r="2.2"><title>${escapeHtml(`${run.runId}: ${formatFigure(run.median, p.unit)}`)}</title></circle>`);
  });
  if (p.current !== null) {
    const cx = x(slots - 1);
    const cy = y(p.current);
    parts.push(
      `<circle class="current verdict-${escapeHtml(p.verdict)}" cx="${num(cx)}" cy="${num(cy)}" r="4"><title>${escapeHtml(`this run: ${formatFigure(p.current, p.unit)} (${p.verdict})`)}</title></circle>`,
    );
  }
  parts.push(`<text class="axis" x="${PANEL_W - PAD.right}" y="12" text-anchor="end">${escapeHtml(p.current !== null ? formatFigure(p.current, p.unit) : '')}</text>`);
  parts.push(`<text class="axis" x="${PAD.left}" y="${PANEL_H - 4}">${escapeHtml(`${p.runs.length} run(s)`)}</text>`);
  parts.push(`<text class="axis" x="${PANEL_W - PAD.right}" y="${PANEL_H - 4}" text-anchor="end">this run</text>`);
  parts.push('</g>');
  return parts.join('');
}

/** One SVG with a panel per metric side by side. */
export function renderChart(title: string, panels: readonly ChartPanel[]): string {
  const gap = 8;
  const width = panels.length * PANEL_W + Math.max(0, panels.length - 1) * gap;
  const body = panels.map((p, i) => panel(p, i * (PANEL_W + gap))).join('');
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${PANEL_H}" viewBox="0 0 ${width} ${PANEL_H}"><title>${escapeHtml(title)}</title>${body}</svg>`;
}
