import * as path from 'node:path';
import { probeDevicesSync, selectDevices, type Device } from './devices';
import { harnessFor, assertClose, comparable, type HarnessContext, type LoadedPipeline, type TaskHarness, type Call } from './harness';
import { loadTransformers, runtimeVersions } from './host';
import { makeRecord, PeakRss, samplingPlan, timeRuns, writeRecords, type RecordContext } from './measure';
import { WaitMeter } from './cpu-wait';
import { rssAfterCollecting } from './memory';
import { WARM_UP_GLOBAL, type WarmUpOutcome } from './worker-warmup';
import type { MeasurementRecord } from './measurements';
import { checkModelFolder } from './model-folder';
import { checkExpected, type CallResult } from './expected';
import { configureHubLoad, explainHubError, recordHubLoad } from './hub';
import { chooseModelSourceSync, materialise, modelBytes, modelSourceLabel, type ModelSource } from './source';
import { TINY_SESSION_OPTIONS } from './tiny';
import type { ModelSpec } from './spec';
import { deviceProbeFileFor, runDirFor } from '../reporter/run-dir';

const TEXT_CATEGORIES = new Set(['text']);
/** Hub checkpoints with random weights (transformers.js's own test models): their outputs state nothing. */
const RANDOM_WEIGHTS = /(^|\/)tiny-random-|(^|\/)tiny-random\//i;
const LOAD_TIMEOUT_MS = 180_000;
/**
 * Per test, not through Jest's `testTimeout` (a global option: a project's value is ignored, so a
 * user's config would leave model tests at 5 s, and a real checkpoint's measurement takes longer).
 */
const TEST_TIMEOUT_MS = 180_000;

/**
 * Registers one model suite: for each selected device, load the model once, check real outputs
 * on the legacy inputs, determinism, batching and bad inputs, then measure and record.
 * Titles carry tags so `-t` can filter: `[text] [cpu] bert fill-mask`.
 */
export function describeModel(spec: ModelSpec): void {
  const name = `[${spec.category}] ${spec.modelType} ${spec.task}`;
  describe(name, () => {
    // The source decision comes first: it says when transformers.js cannot run the family at all.
    const decision = chooseModelSourceSync(spec);
    if (!decision.ok) {
      test.skip(`${name} — skipped: ${decision.reason}`, () => {});
      return;
    }
    const harness = harnessFor(spec.task, spec.modelType);
    if (!harness) {
      test.skip(`${name} — skipped: the runtime has no harness for the task "${spec.task}"`, () => {});
      return;
    }
    const selection = selectDevices(probeDevicesSync(deviceProbeFileFor(runDirFor(process.cwd()))));
    for (const unavailable of selection.skipped) {
      test.skip(`[${spec.category}] [${unavailable.device}] ${spec.modelType} ${spec.task} — skipped: ${unavailable.reason}`, () => {});
    }
    for (const device of selection.run) describeOnDevice(spec, harness, decision.source, device);
  });
}

interface LoadedState {
  ctx?: HarnessContext;
  rssBefore: number;
  rssDelta: number;
  peak?: PeakRss;
  /** The worker's reference workload (see worker-warmup.ts), when the test environment provides one. */
  reference?: () => Promise<unknown>;
  source: ModelSource;
  records: MeasurementRecord[];
}

function describeOnDevice(spec: ModelSpec, harness: TaskHarness, pending: ModelSource, device: Device): void {
  const title = `[${spec.category}] [${device}] ${spec.modelType} ${spec.task}`;
  describe(`${title} (${pending.description})`, () => {
    const state: LoadedState = { rssBefore: 0, rssDelta: 0, source: pending, records: [] };
    const ctx = (): HarnessContext => {
      if (!state.ctx) throw new Error(`${title}: the model did not load (see the first failure of this suite)`);
      return state.ctx;
    };

    beforeAll(async () => {
      state.reference = (await warmWorker())?.reference;
      state.source = await materialise(spec, pending);
      if (state.source.dir && state.source.kind !== 'hub') checkModelFolder(state.source.dir, TEXT_CATEGORIES.has(spec.category));
      // What the model adds, not what the collector had not yet freed (see rssAfterCollecting).
      const collect = state.source.kind !== 'tiny';
      state.rssBefore = rssAfterCollecting(collect);
      state.peak = new PeakRss();
      const pipe = await loadPipeline(spec, state.source, device);
      state.peak.sample();
      // The load itself never frees memory; a negative difference is the collector's, not the model's.
      state.rssDelta = Math.max(0, rssAfterCollecting(collect) - state.rssBefore);
      const id2label = (pipe.model?.config?.id2label ?? {}) as Record<string, string>;
      state.ctx = { spec, pipe, labels: Object.values(id2label), realCheckpoint: state.source.kind !== 'tiny' && !RANDOM_WEIGHTS.test(state.source.modelId) };
    }, LOAD_TIMEOUT_MS);

    afterAll(async () => {
      await state.ctx?.pipe.dispose();
      if (state.records.length) writeRecords(state.records);
    });

    test(`${title}: answers the legacy inputs with well-formed output`, async () => {
      const c = ctx();
      const results: CallResult[] = [];
      for (const call of harness.calls(c)) {
        const output = await runCall(harness, c, call);
        await harness.check(output, call, c);
        results.push({ call, output });
      }
      if (c.realCheckpoint) checkExpected(spec, results);
    }, TEST_TIMEOUT_MS);

    test(`${title}: is deterministic (same input twice gives the same output)`, async () => {
      const c = ctx();
      const call = harness.calls(c)[0];
      assertClose(comparable(await runCall(harness, c, call)), comparable(await runCall(harness, c, call)), 'second run', 0);
    }, TEST_TIMEOUT_MS);

    if (harness.batch) {
      test(`${title}: a batch of two equals two single calls`, async () => {
        const c = ctx();
        const plan = harness.batch!(c);
        if (!plan) throw new Error('the suite has fewer than two inputs to batch');
        const singles = [await runCall(harness, c, plan.calls[0]), await runCall(harness, c, plan.calls[1])];
        const [a, b] = plan.split(await runCall(harness, c, plan.batched));
        assertClose(comparable(a), comparable(singles[0]), 'first item of the batch');
        assertClose(comparable(b), comparable(singles[1]), 'second item of the batch');
      }, TEST_TIMEOUT_MS);
    }

    test(`${title}: rejects bad input with a clear error`, async () => {
      const c = ctx();
      for (const bad of harness.badInputs(c)) {
        await expect(runCall(harness, c, bad.call)).rejects.toThrow(bad.error);
      }
    }, TEST_TIMEOUT_MS);

    for (const extra of harness.extraTests ?? []) {
      test(`${title}: ${extra.name}`, async () => extra.run(ctx()), TEST_TIMEOUT_MS);
    }

    test(`${title}: measures load time, latency, throughput and memory`, async () => {
      const c = ctx();
      const plan = samplingPlan();
      const call = harness.calls(c)[0];
      const peak = state.peak ?? new PeakRss();
      const { wall: latency, cpu, waitShare, reference } = await timeRuns(prepareCall(harness, c, call), plan.warmup, plan.runs, peak, state.reference);
      const recordCtx: RecordContext = {
        suite: `${spec.category}/${spec.modelType} ${spec.task}`,
        device,
        dtype: 'fp32',
        runtime: runtimeVersions(),
        modelSource: modelSourceLabel(state.source),
        testFile: path.relative(process.cwd(), expect.getState().testPath ?? 'unknown'),
      };
      const loads = await timeLoads(spec, state.source, device, state.source.kind === 'tiny' ? plan.loadRuns : 1);
      const records = [
        makeRecord(recordCtx, 'load_ms', loads.times, loads.waitShare),
        makeRecord(recordCtx, 'latency_ms', latency, waitShare),
        makeRecord(recordCtx, 'cpu_ms', cpu, waitShare),
        makeRecord(recordCtx, 'throughput_batch1_items_per_s', latency.map((ms) => 1000 / ms), waitShare),
      ];
      if (reference) {
        records.push(
          makeRecord(recordCtx, 'latency_vs_reference', latency.map((ms, i) => ms / reference.wall[i]), waitShare),
          makeRecord(recordCtx, 'cpu_vs_reference', cpu.map((ms, i) => ms / Math.max(reference.cpu[i], 1e-3)), waitShare),
        );
      }
      // Pipelines that take their input first accept an array of inputs: measure a real batch
      // (a harness's own loader or invocation takes one input at a time).
      if (!harness.invoke && !harness.load) {
        const items: Call = { label: `batch of ${plan.batchSize}`, input: Array.from({ length: plan.batchSize }, () => call.input), options: call.options };
        const batch = await timeRuns(prepareCall(harness, c, items), { ...plan.warmup, min: 3 }, plan.batchRuns, peak);
        records.push(makeRecord(recordCtx, 'throughput_batch_items_per_s', batch.wall.map((ms) => (plan.batchSize * 1000) / ms), batch.waitShare));
      }
      records.push(
        makeRecord(recordCtx, 'rss_delta_bytes', [state.rssDelta]),
        makeRecord(recordCtx, 'rss_peak_delta_bytes', [Math.max(0, peak.peak - state.rssBefore)]),
      );
      const bytes = modelBytes(state.source.dir);
      if (bytes !== undefined) records.push(makeRecord(recordCtx, 'model_bytes', [bytes]));
      for (const r of records) {
        if (r.samples.some((s) => !Number.isFinite(s) || s < 0)) throw new Error(`${r.metric}: invalid sample in ${r.samples}`);
      }
      expect(latency.length).toBeGreaterThanOrEqual(10);
      state.records.push(...records);
    }, TEST_TIMEOUT_MS);
  });
}

/**
 * Validates a call once and returns the bare invocation. Measurement loops time only the
 * returned function, so the recorded latency is the pipeline's, not the harness's checks.
 */
export function prepareCall(harness: TaskHarness, ctx: HarnessContext, call: Call): () => Promise<unknown> {
  // A batch is an array of single inputs (no single input of any harness is an array).
  if (Array.isArray(call.input)) call.input.forEach((input, i) => harness.validate({ ...call, label: `${call.label} item ${i}`, input }, ctx));
  else harness.validate(call, ctx);
  const { invoke } = harness;
  const { pipe } = ctx;
  return invoke ? () => invoke(pipe, call) : () => pipe(call.input, call.options);
}

/** Validates and runs one call; a bad input rejects with the harness's clear error. */
export async function runCall(harness: TaskHarness, ctx: HarnessContext, call: Call): Promise<unknown> {
  return prepareCall(harness, ctx, call)();
}

/**
 * Warms the worker's inference stack once (see worker-warmup.ts) through the test environment's
 * host-realm hook: module state in a test file's realm would not outlive the file.
 */
async function warmWorker(): Promise<WarmUpOutcome | undefined> {
  const warm = (globalThis as Record<string, unknown>)[WARM_UP_GLOBAL] as (() => Promise<WarmUpOutcome>) | undefined;
  if (!warm) return undefined;
  const outcome = await warm();
  if (outcome.error && !warnedWarmUp) {
    warnedWarmUp = true;
    console.warn(`hf-convert: warming the inference stack failed (${outcome.error}); this worker's first figures depend on what ran before them`);
  }
  return outcome;
}
let warnedWarmUp = false;

/**
 * The model's own load time: `runs` further loads of the same pipeline, each disposed. The suite's
 * first load is not among them, since it also pays for whatever this process has not loaded yet.
 */
async function timeLoads(spec: ModelSpec, source: ModelSource, device: Device, runs: number): Promise<{ times: number[]; waitShare: number | null }> {
  const times: number[] = [];
  const wait = new WaitMeter();
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const pipe = await loadPipeline(spec, source, device);
    times.push(performance.now() - start);
    await pipe.dispose();
  }
  return { times, waitShare: wait.share() };
}

/**
 * Loads the pipeline. Local and tiny models never touch the network; a Hub checkpoint downloads
 * through transformers.js into HF_CACHE_DIR (or, once cached, loads from there without a request).
 */
export async function loadPipeline(spec: ModelSpec, source: ModelSource, device: Device): Promise<LoadedPipeline> {
  const transformers = loadTransformers();
  const hub = source.kind === 'hub' && source.hub?.settings ? { source: source.hub, settings: source.hub.settings } : undefined;
  const session = hub ? configureHubLoad(transformers, hub.source, hub.settings) : undefined;
  const remote = hub !== undefined && !hub.source.cached;
  if (!hub) {
    transformers.env.allowRemoteModels = false;
    transformers.env.allowLocalModels = true;
  }
  if (source.localModelPath) transformers.env.localModelPath = source.localModelPath.endsWith('/') ? source.localModelPath : `${source.localModelPath}/`;
  try {
    // Real checkpoints keep onnxruntime's defaults, so their figures are what users get.
    const sessionOptions = source.kind === 'tiny' ? { session_options: { ...TINY_SESSION_OPTIONS } } : {};
    const options = { device, dtype: 'fp32', local_files_only: !remote, ...sessionOptions };
    // Tasks without a transformers.js pipeline load through their harness's model classes.
    const load = harnessFor(spec.task, spec.modelType)?.load;
    const pipe = load ? await load({ transformers, modelId: source.modelId, options, source: { kind: source.kind, localModelPath: source.localModelPath } }) : await transformers.pipeline(spec.task as never, source.modelId, options as never);
    if (hub && session) await recordHubLoad(transformers, hub.source, hub.settings, session, spec.task, device);
    return pipe as unknown as LoadedPipeline;
  } catch (error) {
    const from = source.dir && (source.kind !== 'hub' || hub?.source.cached) ? ` from ${source.dir}` : '';
    const why = source.kind === 'hub' && source.hub ? explainHubError(error, source.hub) : (error as Error).message;
    throw new Error(`cannot load ${source.description} for ${spec.task} on ${device}${from}: ${why}`);
  }
}
