import type { BaselineEntry } from '../baselines';
import { baselineKey, entryRunGroups, normalizeMachine } from '../baselines';
import type { MeasurementKey, MeasurementRecord, MetricName } from '../runtime/measurements';
import { compareSamples, type Comparison, type ComparisonThresholds, type Unit, type Verdict } from './compare';

export interface ReportRow extends Comparison, MeasurementKey {
  key: string;
  unit: Unit;
  better: MeasurementRecord['better'];
}

const VERDICT_ORDER: Record<Verdict, number> = { regression: 0, improvement: 1, new: 2, 'insufficient-data': 3, unchanged: 4 };

/** Regressions first (worst first), then improvements, new keys, too-few-samples, unchanged. */
export function sortRows(rows: ReportRow[]): ReportRow[] {
  return [...rows].sort(
    (a, b) =>
      VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
      (b.worseFactor ?? 1) - (a.worseFactor ?? 1) ||
      a.key.localeCompare(b.key),
  );
}

/** Compare this run's samples (pooled per key across test files) with the baselines. */
export function compareRun(records: readonly MeasurementRecord[], baselines: ReadonlyMap<string, BaselineEntry>, thresholds: ComparisonThresholds): ReportRow[] {
  const current = new Map<string, { record: MeasurementRecord; samples: number[] }>();
  for (const record of records) {
    const key = baselineKey(record);
    const group = current.get(key);
    if (group) group.samples.push(...record.samples);
    else current.set(key, { record, samples: [...record.samples] });
  }
  const rows: ReportRow[] = [];
  for (const [key, { record, samples }] of current) {
    const baseline = baselines.get(key);
    const comparison = compareSamples(
      { current: samples, baseline: baseline?.samples ?? null, baselineRuns: baseline ? entryRunGroups(baseline) : undefined, better: record.better, unit: record.unit },
      thresholds,
    );
    rows.push({
      key,
      suite: record.suite,
      metric: record.metric,
      device: record.device,
      dtype: record.dtype,
      runtime: record.runtime,
      machine: normalizeMachine(record.machine),
      unit: record.unit,
      better: record.better,
      ...comparison,
    });
  }
  return sortRows(rows);
}

export function countVerdicts(rows: readonly ReportRow[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { regression: 0, improvement: 0, new: 0, 'insufficient-data': 0, unchanged: 0 };
  for (const row of rows) counts[row.verdict]++;
  return counts;
}

/** Fewest suites regressing in time together before the reporter suspects the machine. */
const WIDESPREAD_MIN_SUITES = 3;
const WIDESPREAD_MIN_SHARE = 0.1;

/**
 * A note when unrelated suites regress in time together: on shared machines that usually means the
 * machine was slower for (part of) the run, not that the code got slower. It never changes a verdict.
 */
export function widespreadSlowdownNote(rows: readonly ReportRow[]): string | undefined {
  const judged = rows.filter((row) => row.unit !== 'bytes' && (row.verdict === 'regression' || row.verdict === 'improvement' || row.verdict === 'unchanged'));
  const suiteOf = (row: ReportRow) => `${row.suite}\u0000${row.device}`;
  const suites = new Set(judged.map(suiteOf));
  const regressedRows = judged.filter((row) => row.verdict === 'regression');
  const regressed = new Set(regressedRows.map(suiteOf));
  if (regressed.size < WIDESPREAD_MIN_SUITES || regressed.size < suites.size * WIDESPREAD_MIN_SHARE) return undefined;
  const factors = regressedRows.map((row) => row.worseFactor!).sort((a, b) => a - b);
  const middle = factors[Math.floor((factors.length - 1) / 2)];
  return (
    `${regressed.size} of ${suites.size} suites regressed in time together (median ${middle.toFixed(2)}x): when unrelated ` +
    'suites slow down at once the machine was probably slower during this run; re-run before bisecting'
  );
}
