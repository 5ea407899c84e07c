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
