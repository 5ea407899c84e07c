import type { BaselineEntry, RecordedRunEnvironment } from '../baselines';
import { baselineKey, entryJudgedSources, entryRunSamples, normalizeMachine, runIdOfSource } from '../baselines';
import { median } from './stats';
import type { MeasurementKey, MeasurementRecord, MetricName } from '../runtime/measurements';
import { compareSamples, type Comparison, type ComparisonThresholds, type Unit, type Verdict } from './compare';

export interface ReportRow extends Comparison, MeasurementKey {
  key: string;
  unit: Unit;
  better: MeasurementRecord['better'];
  /** Wall-time metrics: the largest share of a timed stretch this run's JS thread waited for a CPU. */
  waitShare?: number;
  /** The same, median over the baseline's recorded runs. */
  baselineWaitShare?: number;
  /** How the baseline's runs relate to this run's host (absent when either side does not say). */
  hosts?: HostComparison;
  /** Why the verdict is what it is, when the statistics alone do not say (noisy, confirmation). */
  reason?: string;
}

export interface HostComparison {
  /** Baseline runs with a known host. */
  runs: number;
  /** How many of them were recorded on this run's host. */
  sameHost: number;
  /** Distinct hosts among them. */
  hosts: number;
}

/** Where this run was measured and where the baseline's runs were: what makes a verdict cross-host. */
export interface RunContext {
  environment?: RecordedRunEnvironment;
  baselineRuns?: ReadonlyMap<string, RecordedRunEnvironment>;
}

const VERDICT_ORDER: Record<Verdict, number> = { regression: 0, improvement: 1, noisy: 2, new: 3, 'insufficient-data': 4, unchanged: 5 };

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
export function compareRun(
  records: readonly MeasurementRecord[],
  baselines: ReadonlyMap<string, BaselineEntry>,
  thresholds: ComparisonThresholds,
  context: RunContext = {},
): ReportRow[] {
  const current = new Map<string, { record: MeasurementRecord; samples: number[]; waitShare?: number }>();
  for (const record of records) {
    const key = baselineKey(record);
    const group = current.get(key);
    if (group) group.samples.push(...record.samples);
    else current.set(key, { record, samples: [...record.samples] });
    const entry = current.get(key)!;
    if (record.waitShare !== undefined) entry.waitShare = Math.max(entry.waitShare ?? 0, record.waitShare);
  }
  const rows: ReportRow[] = [];
  for (const [key, { record, samples, waitShare }] of current) {
    const baseline = baselines.get(key);
    const comparison = compareSamples(
      { metric: record.metric, current: samples, baseline: baseline?.samples ?? null, baselineRuns: baseline ? entryRunSamples(baseline) : undefined, better: record.better, unit: record.unit },
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
      ...waitShares(waitShare, baseline),
      ...hostsOf(baseline, context),
    });
  }
  return sortRows(judgeAgainstReference(rows.map((row) => judgeContention(row))));
}

/** Which reference-normalised metric vouches for a raw time metric of the same suite. */
const NORMALISED_BY: Partial<Record<MetricName, MetricName>> = {
  latency_ms: 'latency_vs_reference',
  throughput_batch1_items_per_s: 'latency_vs_reference',
  throughput_batch_items_per_s: 'latency_vs_reference',
  cpu_ms: 'cpu_vs_reference',
};

/**
 * A raw time regression whose reference-normalised twin is not one: the reference workload measured
 * beside each call slowed down as much, so the machine was slower, not the model (`noisy`). A slower
 * model slows its calls and not the reference: both flag.
 */
function judgeAgainstReference(rows: ReportRow[]): ReportRow[] {
  const byKey = new Map(rows.map((row) => [`${row.suite}\u0000${row.device}\u0000${row.metric}`, row]));
  return rows.map((row) => {
    const twinMetric = NORMALISED_BY[row.metric];
    if (row.verdict !== 'regression' || !twinMetric) return row;
    const twin = byKey.get(`${row.suite}\u0000${row.device}\u0000${twinMetric}`);
    if (!twin || twin.verdict === 'regression' || twin.verdict === 'new' || twin.verdict === 'insufficient-data' || twin.worseFactor === null) return row;
    return {
      ...row,
      verdict: 'noisy',
      reason: `${row.worseFactor?.toFixed(2)}x slower, but ${twinMetric} is ${twin.verdict} at ${twin.worseFactor.toFixed(2)}x: the reference workload timed beside each call slowed down as well (the machine, not the model)`,
    };
  });
}

function waitShares(current: number | undefined, baseline: BaselineEntry | undefined): Pick<ReportRow, 'waitShare' | 'baselineWaitShare'> {
  const recorded = (baseline ? entryJudgedSources(baseline) : []).map((source) => source.waitShare).filter((share): share is number => share !== undefined);
  return {
    ...(current !== undefined ? { waitShare: current } : {}),
    ...(recorded.length > 0 ? { baselineWaitShare: median(recorded) } : {}),
  };
}

function hostsOf(baseline: BaselineEntry | undefined, context: RunContext): Pick<ReportRow, 'hosts'> {
  const host = context.environment?.host;
  if (!baseline || !host || !context.baselineRuns) return {};
  // Only the runs whose samples the verdict was judged on.
  const environments = [...new Set(entryJudgedSources(baseline).map((source) => runIdOfSource(source.id)))]
    .map((runId) => context.baselineRuns!.get(runId))
    .filter((environment): environment is RecordedRunEnvironment => environment !== undefined);
  if (environments.length === 0) return {};
  return {
    hosts: {
      runs: environments.length,
      sameHost: environments.filter((environment) => environment.host === host).length,
      hosts: new Set(environments.map((environment) => environment.host)).size,
    },
  };
}

/**
 * Extra waiting for a CPU, as a share of the timed wall time, beyond which a wall-time regression is
 * put down to contention. An idle machine shows well under 1%; a CPU hog on the same core, ~50%.
 */
export const CONTENTION_WAIT_MARGIN = 0.1;

/**
 * A time regression measured while the process waited for a CPU much more than in its baseline
 * says the machine was busy, not that the code is slower: `noisy`, unless the slowdown is beyond
 * what the waiting explains (a thread that waits a share w of the time runs 1/(1-w) slower) by
 * more than the tolerance. Time spent waiting is not CPU time, so CPU time rarely moves under a
 * hog that takes turns on the same core; when it does (a hog on the sibling hyperthread, shared
 * caches), the same bound applies to it.
 */
function judgeContention(row: ReportRow): ReportRow {
  if (row.verdict !== 'regression' || row.waitShare === undefined || row.worseFactor === null) return row;
  const baselineWait = row.baselineWaitShare ?? 0;
  if (row.waitShare - baselineWait <= CONTENTION_WAIT_MARGIN) return row;
  const explained = (1 - baselineWait) / Math.max(1e-3, 1 - row.waitShare);
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  const waited = `the process waited for a CPU ${pct(row.waitShare)} of the timed time (baseline ${pct(baselineWait)}), which explains ${explained.toFixed(2)}x`;
  if (row.worseFactor / explained > 1 + row.tolerance) return { ...row, reason: `${row.worseFactor.toFixed(2)}x slower although ${waited}` };
  return { ...row, verdict: 'noisy', reason: `contention: ${row.worseFactor.toFixed(2)}x slower while ${waited}; judge the CPU-time metric, or re-run on a quiet machine` };
}

export function countVerdicts(rows: readonly ReportRow[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { regression: 0, improvement: 0, noisy: 0, new: 0, 'insufficient-data': 0, unchanged: 0 };
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

/** A note naming contention when wall-time regressions were put down to it. */
export function contentionNote(rows: readonly ReportRow[]): string | undefined {
  const noisy = rows.filter((row) => row.verdict === 'noisy' && row.reason?.startsWith('contention'));
  if (noisy.length === 0) return undefined;
  const suites = new Set(noisy.map((row) => row.suite));
  const worst = Math.max(...noisy.map((row) => row.waitShare ?? 0));
  return (
    `contention: ${suites.size} suite(s) were timed while the process waited for a CPU (up to ${Math.round(worst * 100)}% of the timed time): ` +
    'another process or thread had the CPU, so their slowdowns within what that waiting explains are noisy, not regressions'
  );
}

/** A note when raw time regressions were put down to the machine by the reference workload. */
export function machineSpeedNote(rows: readonly ReportRow[]): string | undefined {
  const suites = new Set(rows.filter((row) => row.verdict === 'noisy' && row.reason?.includes('the reference workload timed beside')).map((row) => row.suite));
  if (suites.size === 0) return undefined;
  return `machine speed: ${suites.size} suite(s) were slower in wall or CPU time, but no slower than the reference workload timed beside them: noisy, not regressions`;
}

/** A note when this run's host recorded none of the baseline runs it was judged against. */
export function crossHostNote(rows: readonly ReportRow[], environment: RecordedRunEnvironment | undefined): string | undefined {
  const judged = rows.filter((row) => row.hosts);
  if (judged.length === 0 || !environment) return undefined;
  const cross = judged.filter((row) => row.hosts!.sameHost === 0).length;
  if (cross === 0) return undefined;
  const hosts = Math.max(...judged.map((row) => row.hosts!.hosts));
  return (
    `cross-host: ${cross} of ${judged.length} metrics were judged against runs recorded only on other hosts of this machine class (${hosts} host(s)); ` +
    `this host is ${environment.label ? `labelled "${environment.label}"` : `fingerprint ${environment.fingerprint}`}`
  );
}
