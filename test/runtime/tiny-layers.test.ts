/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertClose, comparable, harnessFor, type HarnessContext } from '../../src/runtime/harness';
import { loadPipeline, runCall } from '../../src/runtime/describe-model';
import { loadTransformers } from '../../src/runtime/host';
import { chooseModelSourceSync, materialise } from '../../src/runtime/source';
import type { ModelSpec } from '../../src/runtime/spec';
import { buildTinyModel, type TinyModel } from '../../src/runtime/tiny';
import { ModelProto } from '../../src/runtime/tiny/proto';
import { bareSpec, passesHarness, tinyContext } from './tiny-context';
import { scratchRoot } from '../helpers/tmp';

/**
 * HF_TINY_LAYERS / buildTinyModel's `layers`: a deeper tiny model is still a working model of its
 * family (same harness as the default), says its depth in config.json, and does more work, shown by
 * its graph (no timings: they would be flaky on shared machines).
 */
jest.setTimeout(120_000);

// The host realm's Tensor: the pipelines come from the runtime's loader, which uses that realm.
const { Tensor } = loadTransformers();

let cacheDir: string;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-layers-'));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const readConfig = (model: TinyModel) => JSON.parse(fs.readFileSync(path.join(model.dir, 'config.json'), 'utf8'));
const graphOf = (model: TinyModel, file: string) => ModelProto.decode(fs.readFileSync(path.join(model.dir, file))) as any;
const onnxFiles = (model: TinyModel) => model.files.filter((f) => f.endsWith('.onnx'));

/** Everything a generated suite checks before measuring: calls, determinism, batching, bad inputs, extra tests. */
async function passesSuiteHarness(ctx: HarnessContext): Promise<void> {
  const harness = harnessFor(ctx.spec.task)!;
  await passesHarness(ctx, harness);
  const plan = harness.batch?.(ctx);
  if (plan) {
    const [a, b] = plan.split(await runCall(harness, ctx, plan.batched));
    assertClose(comparable(a), comparable(await runCall(harness, ctx, plan.calls[0])), 'first item of the batch');
    assertClose(comparable(b), comparable(await runCall(harness, ctx, plan.calls[1])), 'second item of the batch');
  }
  for (const extra of harness.extraTests ?? []) await extra.run(ctx);
}

/** One representative per kind of builder, with where its config states the depth. */
const REPRESENTATIVES: Array<{ modelType: string; task: string; category: ModelSpec['category']; depth: (config: any) => unknown[] }> = [
  { modelType: 'bert', task: 'fill-mask', category: 'text', depth: (c) => [c.num_hidden_layers] },
  { modelType: 'gpt2', task: 'text-generation', category: 'text', depth: (c) => [c.n_layer] },
  { modelType: 'llama', task: 'text-generation', category: 'text', depth: (c) => [c.num_hidden_layers] },
  { modelType: 'lfm2', task: 'text-generation', category: 'text', depth: (c) => [c.num_hidden_layers, c.layer_types.length] },
  { modelType: 't5', task: 'text2text-generation', category: 'text', depth: (c) => [c.num_layers, c.num_decoder_layers] },
  { modelType: 'vit', task: 'image-classification', category: 'vision', depth: (c) => [c.num_hidden_layers] },
  { modelType: 'wav2vec2', task: 'automatic-speech-recognition', category: 'audio', depth: (c) => [c.num_hidden_layers] },
  { modelType: 'clip', task: 'zero-shot-image-classification', category: 'multimodal', depth: (c) => [c.text_config.num_hidden_layers, c.vision_config.num_hidden_layers] },
];

describe.each(REPRESENTATIVES)('$modelType / $task with layers = 4', ({ modelType, task, category, depth }) => {
  it('loads in transformers.js and passes the same harness as the default model', async () => {
    const ctx = await tinyContext(modelType, task, cacheDir, category, 4);
    try {
      await passesSuiteHarness(ctx);
    } finally {
      await ctx.pipe.dispose();
    }
  });

  it('states 4 layers in its config, and every graph has more nodes than the default', async () => {
    const shallow = await buildTinyModel({ modelType, task, cacheDir });
    const deep = await buildTinyModel({ modelType, task, cacheDir, layers: 4 });
    expect(deep.dir).not.toBe(shallow.dir);
    expect(depth(readConfig(shallow))).toEqual(depth(readConfig(shallow)).map(() => 2));
    expect(depth(readConfig(deep))).toEqual(depth(readConfig(deep)).map(() => 4));
    expect(onnxFiles(deep)).toEqual(onnxFiles(shallow));
    for (const file of onnxFiles(deep)) {
      expect(graphOf(deep, file).graph.node.length).toBeGreaterThan(graphOf(shallow, file).graph.node.length);
    }
  });
});

describe('deeper decoders', () => {
  const cacheInputs = (model: TinyModel) => (graphOf(model, 'onnx/model.onnx').graph.input as Array<{ name: string }>).map((i) => i.name).filter((n) => n.startsWith('past'));

  it('have one cache entry per layer; hybrids repeat their layer pattern, with layer_types to match', async () => {
    const gpt2 = await buildTinyModel({ modelType: 'gpt2', task: 'text-generation', cacheDir, layers: 4 });
    expect(cacheInputs(gpt2)).toEqual([0, 1, 2, 3].flatMap((i) => [`past_key_values.${i}.key`, `past_key_values.${i}.value`]));
    const lfm2 = await buildTinyModel({ modelType: 'lfm2', task: 'text-generation', cacheDir, layers: 5 });
    expect(readConfig(lfm2).layer_types).toEqual(['conv', 'full_attention', 'conv', 'full_attention', 'conv']);
    expect(cacheInputs(lfm2)).toEqual(['past_conv.0', 'past_key_values.1.key', 'past_key_values.1.value', 'past_conv.2', 'past_key_values.3.key', 'past_key_values.3.value', 'past_conv.4']);
    const nemotron = readConfig(await buildTinyModel({ modelType: 'nemotron_h', task: 'text-generation', cacheDir, layers: 3 }));
    expect(nemotron).toMatchObject({ num_hidden_layers: 3, layers_block_type: ['mamba', 'attention', 'mamba'], hybrid_override_pattern: 'M*M' });
  });

  it.each(['gpt2', 'llama', 'lfm2'])('%s keeps its context through the cache (cached generation = full forward pass)', async (modelType) => {
    const ctx = await tinyContext(modelType, 'text-generation', cacheDir, 'text', 4);
    const { model, tokenizer } = ctx.pipe as any;
    try {
      const inputs = tokenizer('the cat sat on the mat');
      const promptLength = inputs.input_ids.dims[1];
      const sequence: bigint[] = Array.from((await model.generate({ ...inputs, max_new_tokens: 6, do_sample: false })).data as BigInt64Array);
      expect(sequence).toHaveLength(promptLength + 6);
      const ids = new Tensor('int64', BigInt64Array.from(sequence), [1, sequence.length]);
      const { logits } = await model({ input_ids: ids, attention_mask: new Tensor('int64', new BigInt64Array(sequence.length).fill(1n), [1, sequence.length]) });
      const vocab = logits.dims[2];
      for (let pos = promptLength - 1; pos < sequence.length - 1; pos++) {
        const row = (logits.data as Float32Array).subarray(pos * vocab, (pos + 1) * vocab);
        expect(BigInt(row.indexOf(Math.max(...row)))).toBe(sequence[pos + 1]);
      }
    } finally {
      await ctx.pipe.dispose();
    }
  });

  it('refuse a depth that cuts a hybrid before its first attention layer', async () => {
    await expect(buildTinyModel({ modelType: 'lfm2', task: 'text-generation', cacheDir, layers: 1 })).rejects.toThrow(/lfm2 needs at least 2 layers.*got 1/);
    await expect(buildTinyModel({ modelType: 'gpt2', task: 'text-generation', cacheDir, layers: 1 })).resolves.toMatchObject({ kind: 'decoder' });
  });
});

describe('the default depth', () => {
  it('asking for the default depth gives the default model: same path, same bytes', async () => {
    for (const [modelType, task] of [['bert', 'fill-mask'], ['lfm2', 'text-generation'], ['t5', 'translation'], ['clip', 'zero-shot-image-classification']] as const) {
      const plain = await buildTinyModel({ modelType, task, cacheDir });
      const explicit = await buildTinyModel({ modelType, task, cacheDir: fs.mkdtempSync(path.join(cacheDir, 'explicit-')), layers: 2 });
      expect(explicit.modelId).toBe(plain.modelId);
      expect(explicit.files).toEqual(plain.files);
      for (const file of plain.files) expect(fs.readFileSync(path.join(explicit.dir, file)).equals(fs.readFileSync(path.join(plain.dir, file)))).toBe(true);
    }
  });

  it('buildTinyModel rejects a layer count that is not a whole number ≥ 1', async () => {
    for (const layers of [0, -1, 2.5, Number.NaN]) {
      await expect(buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir, layers })).rejects.toThrow(/layers must be a whole number ≥ 1/);
    }
  });
});

describe("buildTinyModel's hiddenSize (text encoders)", () => {
  it('a wider bert is still a working fill-mask model, says its width in config.json, and carries more weights', async () => {
    const spec = bareSpec('bert', 'fill-mask');
    const plain = await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir });
    const wide = await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir, hiddenSize: 64, layers: 3 });
    expect(wide.modelId).not.toBe(plain.modelId);
    expect(readConfig(wide)).toMatchObject({ hidden_size: 64, intermediate_size: 128, num_hidden_layers: 3, num_attention_heads: 4 });
    const widths = (model: TinyModel) => graphOf(model, 'onnx/model.onnx').graph.initializer.filter((t: any) => /^layer\.\d+\.token\.weight$/.test(t.name)).map((t: any) => t.dims.map(Number));
    expect(widths(plain)).toEqual([[32, 32], [32, 32]]);
    expect(widths(wide)).toEqual([[64, 64], [64, 64], [64, 64]]);
    const pipe = await loadPipeline(spec, { kind: 'tiny', modelId: wide.modelId, localModelPath: cacheDir, dir: wide.dir, description: 'tiny' }, 'cpu');
    try {
      await passesSuiteHarness({ spec, pipe, labels: [], realCheckpoint: false });
    } finally {
      await pipe.dispose();
    }
  });

  it('the default width gives the default model; a width that is no multiple of the heads, or a builder without one, is refused', async () => {
    const plain = await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir });
    expect((await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir, hiddenSize: 32 })).modelId).toBe(plain.modelId);
    for (const hiddenSize of [0, 2, 30, 64.5, Number.NaN]) {
      await expect(buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir, hiddenSize })).rejects.toThrow(/hiddenSize must be a whole multiple of the 4 attention heads/);
    }
    for (const [modelType, task] of [['gpt2', 'text-generation'], ['vit', 'image-classification'], ['t5', 'translation']] as const) {
      await expect(buildTinyModel({ modelType, task, cacheDir, hiddenSize: 64 })).rejects.toThrow(new RegExp(`hiddenSize applies to the text encoders .* only; ${modelType} is built by another builder`));
    }
  });
});

describe('HF_TINY_LAYERS', () => {
  const spec = bareSpec('bert', 'fill-mask');
  const materialiseWith = (value: string | undefined) => {
    const env = { HF_TINY_MODELS_DIR: cacheDir, HF_TINY_LAYERS: value };
    const decision = chooseModelSourceSync(spec, env);
    if (!decision.ok) throw new Error(decision.reason);
    return { source: decision.source, built: materialise(spec, decision.source, env) };
  };

  it('builds the tiny model that many layers deep, and says so in the suite title', async () => {
    const { source, built } = materialiseWith('4');
    expect(source.description).toBe('tiny random bert (BertForMaskedLM, 4 layers)');
    const dir = (await built).dir!;
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).num_hidden_layers).toBe(4);
  });

  it('unset or empty keeps the default model', async () => {
    const plain = await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir });
    for (const value of [undefined, '']) {
      const { source, built } = materialiseWith(value);
      expect(source.description).toBe('tiny random bert (BertForMaskedLM)');
      expect((await built).dir).toBe(plain.dir);
    }
  });

  it.each(['0', '-3', '2.5', 'four', '4 layers', '1e2'])('rejects %p with an error naming the variable and the value', async (value) => {
    await expect(materialiseWith(value).built).rejects.toThrow(`HF_TINY_LAYERS must be a whole number ≥ 1 (layers of every tiny model), got "${value}"`);
  });
});
