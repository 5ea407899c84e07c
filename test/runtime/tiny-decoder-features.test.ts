/** @jest-environment ./src/runtime/jest-environment.ts */
import { tinyWorkspace } from './tiny-workspace';
import { passesHarness, tinyContext } from './tiny-context';
import { tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { DECODER_BASE_MODELS } from '../../src/runtime/tiny/decoder-base-models';
import { presentNameFor } from '../../src/runtime/tiny/decoder';
import { assertClose, comparable, type HarnessContext } from '../../src/runtime/harness';
import { featureExtraction } from '../../src/runtime/harness/text';
import { runCall } from '../../src/runtime/describe-model';
import { loadTransformers } from '../../src/runtime/host';

// The host realm's inference stack, which the runtime's loader (tinyContext) uses too.
const transformers = loadTransformers();

jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny decoder base models', transformers);
const cases = tinyCoverage().filter((c) => c.kind === 'decoder' && c.task === 'feature-extraction');

/**
 * The pooled embeddings of a batch of two must be the single runs' (left padding, causal mask,
 * positions from the mask). `singles`: the outputs of the harness's first two calls, the batch's.
 */
async function batchMatchesSingles(ctx: HarnessContext, singles: unknown[]): Promise<void> {
  const batch = featureExtraction.batch!(ctx)!;
  expect(batch.calls).toEqual(featureExtraction.calls(ctx).slice(0, 2));
  const rows = batch.split(await runCall(featureExtraction, ctx, batch.batched));
  rows.forEach((row, i) => assertClose(row, comparable(singles[i]), `batch row ${i}`, 1e-3));
}

describe('every tiny decoder base model (AutoModel) serves feature-extraction', () => {
  it('covers every decoder family transformers.js has a base-model class for', () => {
    expect(cases.length).toBeGreaterThanOrEqual(55);
    for (const { modelType } of cases) expect(DECODER_BASE_MODELS[modelType]).toBeDefined();
    // Multimodal families have no base-model class of their own type.
    expect(tinyArchitectureFor('gemma3', 'feature-extraction')).toEqual({ supported: false, reason: expect.stringMatching(/built for text-generation only/) });
  });

  it.each(cases.map((c) => [c.modelType] as const))('%s', async (modelType) => {
    const ctx = await tinyContext(modelType, 'feature-extraction', workspace.cacheDir);
    const { model } = ctx.pipe;
    expect(model.constructor.name).toBe(DECODER_BASE_MODELS[modelType]);
    const session = model.sessions.model;
    const logitsOnly = model.constructor.name.endsWith('ForCausalLM'); // ernie4_5's AutoModel is its causal LM
    expect(session.outputNames[session.outputNames.length - 1]).toBe(logitsOnly ? 'logits' : 'last_hidden_state');
    // The cache stays in the graph (a feature-extraction-with-past export): transformers.js fills it in empty.
    const caches = session.inputNames.filter((n: string) => n.startsWith('past'));
    expect(caches.length).toBeGreaterThan(0);
    for (const past of caches) expect(session.outputNames).toContain(presentNameFor(past));

    const outputs = await passesHarness(ctx, featureExtraction);
    for (const extra of featureExtraction.extraTests ?? []) await extra.run(ctx);
    await batchMatchesSingles(ctx, outputs);
  });
});

describe('the feature-extraction harness fails on altered outputs', () => {
  let ctx: HarnessContext;
  beforeAll(async () => {
    ctx = await tinyContext('llama', 'feature-extraction', workspace.cacheDir);
  });
  const pooling = featureExtraction.extraTests![0]!;

  it('passes on the real pipeline', async () => {
    await pooling.run(ctx);
  });

  it.each([
    ['mean pooling that drops the last token', (out: any, o: any) => (o?.pooling === 'mean' && !o.normalize ? shift(out) : out), /mean pooling/],
    ['cls pooling that is not the first token', (out: any, o: any) => (o?.pooling === 'cls' ? shift(out) : out), /cls pooling/],
    ['a normalized vector that is not unit length', (out: any, o: any) => (o?.normalize ? scale(out, 2) : out), /normalized mean pooling/],
    ['features narrower than the config', (out: any, o: any) => (o?.pooling === 'none' ? narrow(out) : out), /wide, but the config gives/],
  ] as const)('%s', async (_name, alter, error) => {
    const pipe = Object.assign(async (input: unknown, options?: any) => alter(await ctx.pipe(input, options), options), ctx.pipe);
    await expect(pooling.run({ ...ctx, pipe: pipe as any })).rejects.toThrow(error);
  });

  it('rejects an embedding that was asked to be normalized but is not', async () => {
    const [call] = featureExtraction.calls(ctx);
    const output = await runCall(featureExtraction, ctx, call!);
    expect(() => featureExtraction.check(scale(output, 3), call!, ctx)).toThrow(/normalized vector/);
  });
});

function scale(t: any, k: number) {
  return { dims: t.dims, type: t.type, data: Float32Array.from(t.data as Float32Array, (v) => v * k) };
}
function shift(t: any) {
  return { dims: t.dims, type: t.type, data: Float32Array.from(t.data as Float32Array, (v, i) => v + (i === 0 ? 0.5 : 0)) };
}
function narrow(t: any) {
  const [b, n, w] = t.dims;
  const data = new Float32Array(b * n * (w - 1));
  for (let i = 0; i < b * n; i++) data.set((t.data as Float32Array).subarray(i * w, i * w + w - 1), i * (w - 1));
  return { dims: [b, n, w - 1], type: t.type, data };
}
