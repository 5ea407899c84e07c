import { buildTinyModel } from '../../src/runtime/tiny';
import { assertClose, comparable, HarnessAssertionError, type HarnessContext, type LoadedPipeline, type TaskHarness } from '../../src/runtime/harness';
import { loadPipeline, runCall } from '../../src/runtime/describe-model';
import type { loadTransformers } from '../../src/runtime/host';
import type { ModelSpec } from '../../src/runtime/spec';

/** A spec with no legacy inputs, as a suite for a family whose legacy file stated none. */
export function bareSpec(modelType: string, task: string, category: ModelSpec['category'] = 'text'): ModelSpec {
  return {
    modelType, modelId: `x/${modelType}`, onnxModelId: null, task, category,
    transformersJs: { supported: true, pipelineTasks: [task] },
    inputs: { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] },
    expected: [], sources: [{ file: 'test_hf_x.py' }], warnings: [],
  };
}

/** A real tiny model of the family (`layers` deep when given), loaded through the runtime's own loader, as a generated suite does. */
export async function tinyContext(modelType: string, task: string, cacheDir: string, category: ModelSpec['category'] = 'text', layers?: number): Promise<HarnessContext> {
  const spec = bareSpec(modelType, task, category);
  const tiny = await buildTinyModel({ modelType, task, cacheDir, layers });
  const pipe = await loadPipeline(spec, { kind: 'tiny', modelId: tiny.modelId, localModelPath: cacheDir, dir: tiny.dir, description: 'tiny' }, 'cpu');
  return { spec, pipe, labels: Object.values((pipe.model.config.id2label ?? {}) as Record<string, string>), realCheckpoint: false };
}

/**
 * `load(key)` run once per test file, its result shared by every test that asks for that key and
 * disposed after the file: a tiny model's onnxruntime sessions cost more to open than to run.
 * Tests that alter what they are given put it back (in a `finally`), so the next one sees the real thing.
 */
export function loadedOncePerFile<T>(load: (key: string) => Promise<T>, dispose: (value: T) => unknown): (key: string) => Promise<T> {
  const loaded = new Map<string, Promise<T>>();
  afterAll(async () => {
    for (const value of loaded.values()) await value.then(dispose, () => undefined);
  });
  return (key) => {
    if (!loaded.has(key)) loaded.set(key, load(key));
    return loaded.get(key)!;
  };
}

/**
 * The entries of `wanted` that `all` does not hold, compared by value: what `toContainEqual` in a
 * loop checks, with one Set lookup per pair instead of a deep-equality scan of all ~400 pairs.
 */
export function pairsMissingFrom<T>(all: readonly T[], wanted: readonly T[]): T[] {
  const key = (value: T) => JSON.stringify(Object.entries(value as object).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
  const listed = new Set(all.map(key));
  return wanted.filter((pair) => !listed.has(key(pair)));
}

/** Runs every harness call (checked), then proves determinism, input dependence and the bad-input errors. */
export async function passesHarness(ctx: HarnessContext, harness: TaskHarness): Promise<unknown[]> {
  const calls = harness.calls(ctx);
  const outputs: unknown[] = [];
  for (const call of calls) {
    const output = await runCall(harness, ctx, call);
    await harness.check(output, call, ctx);
    outputs.push(output);
  }
  assertClose(comparable(await runCall(harness, ctx, calls[0]!)), comparable(outputs[0]), 'second run', 0);
  expect(JSON.stringify(comparable(outputs[1]))).not.toBe(JSON.stringify(comparable(outputs[0])));
  for (const bad of harness.badInputs(ctx)) await expect(runCall(harness, ctx, bad.call)).rejects.toThrow(bad.error);
  return outputs;
}

/** The harness passes the real output of call `callIndex`, and fails every mutation of it. */
export async function provesWrongOutputsFail(ctx: HarnessContext, harness: TaskHarness, mutations: Record<string, (output: any) => unknown>, callIndex = 0): Promise<void> {
  const call = harness.calls(ctx)[callIndex]!;
  const output = await runCall(harness, ctx, call);
  await harness.check(output, call, ctx);
  for (const [name, mutate] of Object.entries(mutations)) {
    const wrong = mutate(structuredClone(output));
    await expect(Promise.resolve().then(() => harness.check(wrong, call, ctx)).then(() => name)).rejects.toThrow(HarnessAssertionError);
  }
}

/** The same context with a pipe whose outputs `alter` changes (a deliberately wrong model); every argument reaches the real pipe. */
export function alteredPipe(ctx: HarnessContext, alter: (output: any, input: any) => unknown): HarnessContext {
  const call = async (...args: unknown[]) => alter(await (ctx.pipe as (...a: unknown[]) => Promise<unknown>)(...args), args[0]);
  const pipe = Object.assign(call, { ...ctx.pipe, task: ctx.pipe.task, model: ctx.pipe.model }) as unknown as LoadedPipeline;
  return { ...ctx, pipe };
}

/**
 * Proves a generating harness's checks fail on altered generation: one token short of
 * `max_new_tokens`, then the last new token swapped (no longer what a full forward pass predicts).
 * `Tensor` is the class of the realm the model runs in. The model's `generate` is put back
 * afterwards: the model is shared with the file's other tests.
 */
export async function provesGenerationChecksFail(
  ctx: HarnessContext,
  extra: (name: RegExp) => { run(ctx: HarnessContext): Promise<void> },
  Tensor: ReturnType<typeof loadTransformers>['Tensor'],
): Promise<void> {
  const model = (ctx.pipe as unknown as { model: { generate(args: Record<string, unknown>): Promise<any> } }).model;
  const generate = model.generate;
  try {
    model.generate = async (args) => (await generate.call(model, args)).slice(null, [0, -1]);
    await expect(extra(/exactly max_new_tokens/).run(ctx)).rejects.toThrow(/new ids with max_new_tokens/);
    model.generate = async (args) => {
      const ids = await generate.call(model, args);
      const data = BigInt64Array.from(ids.data as BigInt64Array);
      data[data.length - 1] = data[data.length - 1] === 100n ? 101n : 100n;
      return new Tensor('int64', data, ids.dims);
    };
    await expect(extra(/full forward pass/).run(ctx)).rejects.toThrow(/does not carry the context/);
  } finally {
    model.generate = generate;
  }
}
