/**
 * How trustworthy is the regression reporter on this machine?
 *
 *   node -r esbuild-register bench/regression.ts [--runs 100] [--shifted-runs 40] [--baseline-runs 10]
 *        [--warmup 3] [--timed 10] [--target-ms 20] [--memory-mib 64] [--seed 1] [--spread-baseline] [--verbose] [--json]
 *
 * Every "run" is a separate Node process (as separate Jest runs are) that measures a fixed
 * CPU-bound workload the way the runtime samples a model: warm-up calls, then timed calls. The
 * first `--baseline-runs` runs are merged into a baseline through the real baseline code; every
 * later run is compared with it through the real comparison code (tolerance, alpha and minimum
 * samples come from the same env variables the reporter reads). Unchanged runs measure the
 * false-alarm rate; runs doing 1.2x and 1.5x the work (and allocating 1.2x/1.5x the memory)
 * measure detection rates. Conditions are interleaved so slow drift of the machine hits them alike.
 */
import { fork } from 'node:child_process';
import { batchesFromRecords, emptyBaselineFile, mergeBatches, type BaselineEntry } from '../src/baselines';
import { machineClass } from '../src/baselines';
import { compareRun, resolveThresholds, type ReportRow, type Verdict } from '../src/reporter';
import { median, seededRandom } from '../src/reporter/stats';
import type { MeasurementRecord, MetricName } from '../src/runtime/measurements';

interface ChildTask {
  units: number;
  factor: number;
  warmup: number;
  timed: number;
  memoryBytes: number;
}

/** Samples per series name (see SERIES). */
type ChildSamples = Record<string, number[]>;

const BATCH_ITEMS = 4;

/** Fixed CPU-bound work: integer mixing plus floating-point math the JIT cannot fold away. */
function workload(units: number): number {
  let state = 0x9e3779b9;
  let accumulator = 0;
  for (let i = 0; i < units; i++) {
    state = Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + i;
    // Keep sin's argument small: V8 switches to a much slower argument reduction for large inputs,
    // which would make the cost grow faster than linearly with `units`.
    accumulator += Math.sqrt((state >>> 0) % 1000003) * Math.sin((i & 0xfff) * 1e-3);
  }
  return accumulator;
}

let sink = 0;

function timeMs(action: () => void): number {
  const start = process.hrtime.bigint();
  action();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** One run, in a child process: warm-up, then timed samples, like the runtime's sampling. */
function runChild(task: ChildTask): ChildSamples {
  const units = Math.round(task.units * task.factor);
  const itemUnits = Math.round(units / BATCH_ITEMS);
  for (let i = 0; i < task.warmup; i++) sink += workload(units);
  // A working set held for the whole run, like a loaded model; memory samples are the resident size
  // while it is held. (Per-sample RSS *deltas* of fresh allocations are useless: the allocator
  // reuses freed pages, so after the first sample they are ~0.)
  const workingSet = new Float64Array(Math.round((task.memoryBytes * task.factor) / 8));
  for (let offset = 0; offset < workingSet.length; offset += 512) workingSet[offset] = offset; // touch every page
  const latency: number[] = [];
  const cpuLatency: number[] = [];
  const throughput: number[] = [];
  const rssPeak: number[] = [];
  for (let i = 0; i < task.timed; i++) {
    const cpuBefore = process.cpuUsage();
    latency.push(timeMs(() => (sink += workload(units))));
    const cpu = process.cpuUsage(cpuBefore);
    cpuLatency.push((cpu.user + cpu.system) / 1000);
    const batchMs = timeMs(() => {
      for (let item = 0; item < BATCH_ITEMS; item++) sink += workload(itemUnits);
    });
    throughput.push(BATCH_ITEMS / (batchMs / 1000));
    rssPeak.push(process.memoryUsage.rss());
  }
  sink += workingSet[workingSet.length - 1];
  return { 'latency (wall)': latency, 'latency (CPU time)': cpuLatency, 'throughput (wall)': throughput, 'RSS while holding the working set': rssPeak };
}

function spawnRun(task: ChildTask): Promise<ChildSamples> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', JSON.stringify(task)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ChildSamples | undefined;
    child.on('message', (message) => (result = message as ChildSamples));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`benchmark child exited with code ${code}`))));
  });
}

/** Units of work that take about `targetMs` here (median of a few tries, after warming the JIT). */
function calibrate(targetMs: number): number {
  let units = 100_000;
  for (let i = 0; i < 3; i++) sink += workload(units);
  for (let round = 0; round < 4; round++) {
    const ms = median(Array.from({ length: 5 }, () => timeMs(() => (sink += workload(units)))));
    units = Math.max(1000, Math.round((units * targetMs) / ms));
  }
  return units;
}

/** Each series becomes its own baseline key (the series name is part of the suite). */
const SERIES: Record<string, { metric: MetricName; better: 'lower' | 'higher'; unit: 'ms' | 'items/s' | 'bytes' }> = {
  'latency (wall)': { metric: 'latency_ms', better: 'lower', unit: 'ms' },
  'latency (CPU time)': { metric: 'latency_ms', better: 'lower', unit: 'ms' },
  'throughput (wall)': { metric: 'throughput_batch_items_per_s', better: 'higher', unit: 'items/s' },
  'RSS while holding the working set': { metric: 'rss_peak_delta_bytes', better: 'lower', unit: 'bytes' },
};

function toRecords(samples: ChildSamples, runIndex: number): MeasurementRecord[] {
  return Object.entries(samples).map(([name, values]) => ({
    suite: `bench/fixed-workload ${name}`,
    ...SERIES[name],
    device: 'cpu',
    dtype: 'fp32',
    runtime: `node@${process.versions.node}`,
    machine: machineClass(),
    samples: values ?? [],
    modelSource: 'bench',
    passed: true,
    recordedAt: new Date().toISOString(),
    testFile: `bench/run-${runIndex}`,
  }));
}

function parseArgs(argv: string[]): Record<string, string | true> {
  const args: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, '');
    if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) args[name] = argv[++i];
    else args[name] = true;
  }
  return args;
}

function positive(args: Record<string, string | true>, name: string, fallback: number): number {
  const raw = args[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${name} needs a positive number, got ${String(raw)}`);
  return value;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs = positive(args, 'runs', 100);
  const shiftedRuns = positive(args, 'shifted-runs', 40);
  const baselineRuns = positive(args, 'baseline-runs', 10);
  const warmup = positive(args, 'warmup', 3);
  const timed = positive(args, 'timed', 10);
  const targetMs = positive(args, 'target-ms', 20);
  const seed = positive(args, 'seed', 1);
  const memoryBytes = positive(args, 'memory-mib', 64) * 1024 * 1024;
  const thresholds = resolveThresholds();

  const units = calibrate(targetMs);
  const log = (text: string) => process.stderr.write(`${text}\n`);
  log(`machine: ${machineClass()}; workload: ${units} units ≈ ${targetMs} ms; ${warmup} warm-up + ${timed} timed calls per run`);
  log(`baseline: ${baselineRuns} runs, ${args['spread-baseline'] ? 'spread over the session' : 'the first runs'}; then ${runs} unchanged, ${shiftedRuns} at 1.2x and ${shiftedRuns} at 1.5x`);
  log(`thresholds: tolerance ${thresholds.tolerance}, memory ${thresholds.memoryTolerance}, alpha ${thresholds.alpha}, min samples ${thresholds.minSamples}, run-level test from ${thresholds.minBaselineRuns} baseline runs`);

  // The plan: `baselineRuns` runs that feed the baseline, then unchanged and shifted runs in a
  // seeded random order. With --spread-baseline the baseline runs are shuffled in as well, like a
  // baseline that accumulated over many CI runs rather than in one sitting.
  type Step = { factor: number; baseline: boolean };
  const tested: Step[] = [...Array(runs).fill(1), ...Array(shiftedRuns).fill(1.2), ...Array(shiftedRuns).fill(1.5)].map((factor) => ({ factor, baseline: false }));
  const baselineSteps: Step[] = Array.from({ length: baselineRuns }, () => ({ factor: 1, baseline: true }));
  const random = seededRandom(seed);
  const shuffle = <T>(items: T[]): T[] => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
  const plan = args['spread-baseline'] ? shuffle([...baselineSteps, ...tested]) : [...baselineSteps, ...shuffle(tested)];

  const measuredStarted = Date.now();
  const started = measuredStarted;
  const measured: Array<Step & { records: MeasurementRecord[] }> = [];
  for (let index = 0; index < plan.length; index++) {
    const samples = await spawnRun({ units, factor: plan[index].factor, warmup, timed, memoryBytes });
    measured.push({ ...plan[index], records: toRecords(samples, index) });
    if ((index + 1) % 20 === 0) log(`  ${index + 1}/${plan.length} runs (${Math.round((Date.now() - started) / 1000)} s)`);
  }

  // Baseline merged exactly as HF_UPDATE_BASELINES would, then every other run compared with it.
  let baselineFile = emptyBaselineFile();
  measured.forEach((step, index) => {
    if (step.baseline) baselineFile = mergeBatches(baselineFile, batchesFromRecords(step.records, `baseline-${index}`, process.cwd())).file;
  });
  const baselines = new Map<string, BaselineEntry>(Object.entries(baselineFile.entries));

  type Tally = Record<Verdict, number> & { ratios: number[] };
  const tallies = new Map<string, Tally>(); // `${factor} ${suite}`
  measured.forEach((step, index) => {
    if (step.baseline) return;
    const rows: ReportRow[] = compareRun(step.records, baselines, thresholds);
    for (const row of rows) {
      const id = `${step.factor} ${row.suite}`;
      const tally = tallies.get(id) ?? { regression: 0, improvement: 0, noisy: 0, unchanged: 0, new: 0, 'insufficient-data': 0, ratios: [] };
      tally[row.verdict]++;
      if (row.ratio !== null) tally.ratios.push(row.ratio);
      if (args.verbose) log(`  run ${index} ${step.factor}x ${row.suite}: ratio ${row.ratio?.toFixed(3)} p ${row.pValue?.toExponential(2)} run-p ${row.runPValue?.toExponential(2)} ${row.verdict}`);
      tallies.set(id, tally);
    }
  });

  const percent = (count: number, total: number) => (total === 0 ? '—' : `${((100 * count) / total).toFixed(1)}%`);
  const results: Array<Record<string, string | number>> = [];
  for (const name of Object.keys(SERIES)) {
    const suite = `bench/fixed-workload ${name}`;
    const empty = (): Tally => ({ regression: 0, improvement: 0, noisy: 0, unchanged: 0, new: 0, 'insufficient-data': 0, ratios: [] });
    const unchanged = tallies.get(`1 ${suite}`) ?? empty();
    const at12 = tallies.get(`1.2 ${suite}`) ?? empty();
    const at15 = tallies.get(`1.5 ${suite}`) ?? empty();
    const totalOf = (tally: Tally) => tally.regression + tally.improvement + tally.unchanged + tally.new + tally['insufficient-data'];
    // For throughput "more work" means fewer items/s; the reporter's verdict is already oriented.
    results.push({
      series: `${name} (${SERIES[name].metric})`,
      'false alarms (1.0x)': `${unchanged.regression + unchanged.improvement}/${totalOf(unchanged)} = ${percent(unchanged.regression + unchanged.improvement, totalOf(unchanged))} (${unchanged.regression} regr, ${unchanged.improvement} impr)`,
      'detected 1.2x': `${at12.regression}/${totalOf(at12)} = ${percent(at12.regression, totalOf(at12))}`,
      'detected 1.5x': `${at15.regression}/${totalOf(at15)} = ${percent(at15.regression, totalOf(at15))}`,
      'median ratio 1.0x / 1.2x / 1.5x': [unchanged, at12, at15].map((tally) => (tally.ratios.length ? median(tally.ratios).toFixed(3) : '—')).join(' / '),
      'max ratio 1.0x': unchanged.ratios.length ? Math.max(...unchanged.ratios).toFixed(3) : '—',
    });
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ machine: machineClass(), units, thresholds, runs, shiftedRuns, baselineRuns, results }, null, 2)}\n`);
  } else {
    const headers = Object.keys(results[0]);
    const widths = headers.map((header) => Math.max(header.length, ...results.map((row) => String(row[header]).length)));
    const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
    process.stdout.write(`${[line(headers), ...results.map((row) => line(headers.map((header) => String(row[header]))))].join('\n')}\n`);
    process.stdout.write(`targets: false alarms ≤ 1%, detection of 1.5x ≥ 95%. Total ${Math.round((Date.now() - started) / 1000)} s.\n`);
  }
}

if (process.argv[2] === '--child') {
  const samples = runChild(JSON.parse(process.argv[3]) as ChildTask);
  process.send!(samples, () => process.exit(sink === 42 ? 1 : 0));
} else {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exit(1);
  });
}
