import { buildTinyModel } from '../../src/runtime/tiny';
import { assertClose, comparable, type HarnessContext, type LoadedPipeline, type TaskHarness } from '../../src/runtime/harness';
import { loadPipeline, runCall } from '../../src/runtime/describe-model';
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

/** The same context with a pipe whose outputs `alter` changes (a deliberately wrong model). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function alteredPipe(ctx: HarnessContext, alter: (output: any, input: any) => unknown): HarnessContext {
  const pipe = Object.assign(async (input: unknown, options?: unknown) => alter(await ctx.pipe(input, options), input), { ...ctx.pipe, task: ctx.pipe.task, model: ctx.pipe.model }) as LoadedPipeline;
  return { ...ctx, pipe };
}
