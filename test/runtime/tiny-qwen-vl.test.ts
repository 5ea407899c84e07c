/** @jest-environment ./src/runtime/jest-environment.ts */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessFor, HarnessAssertionError } from '../../src/runtime/harness';
import { textGeneration } from '../../src/runtime/harness/generation';
import { syntheticImage } from '../../src/runtime/harness/media';
import { QWEN_VL_ADAPTER } from '../../src/runtime/harness/qwen-vl';
import type { VlmInput } from '../../src/runtime/harness/vlm';
import { loadTransformers } from '../../src/runtime/host';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { loadedOncePerFile, pairsMissingFrom, passesHarness, provesGenerationChecksFail, tinyContext } from './tiny-context';
import { tinyWorkspace } from './tiny-workspace';

/**
 * Qwen2-VL, Qwen2.5-VL, Qwen3-VL(-MoE) and Qwen3.5(-MoE): text-generation through their ForCausalLM
 * classes (text-only sessions) and image-text-to-text through AutoProcessor +
 * <X>ForConditionalGeneration (vision_encoder + embed_tokens + decoder_model_merged).
 */
const { env, pipeline, Tensor } = loadTransformers();
jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny Qwen-VL', { env, pipeline });
const readJson = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));

const FAMILIES = [
  { modelType: 'qwen2_vl', causalLm: 'Qwen2VLForCausalLM', conditional: 'Qwen2VLForConditionalGeneration', processor: 'Qwen2VLProcessor', grid: 'grid_thw', patch: 14 },
  { modelType: 'qwen2_5_vl', causalLm: 'Qwen2_5_VLForCausalLM', conditional: 'Qwen2_5_VLForConditionalGeneration', processor: 'Qwen2_5_VLProcessor', grid: 'image_grid_thw', patch: 14 },
  { modelType: 'qwen3_vl', causalLm: 'Qwen3VLForCausalLM', conditional: 'Qwen3VLForConditionalGeneration', processor: 'Qwen3VLProcessor', grid: 'image_grid_thw', patch: 16 },
  { modelType: 'qwen3_vl_moe', causalLm: 'Qwen3VLMoeForCausalLM', conditional: 'Qwen3VLMoeForConditionalGeneration', processor: 'Qwen3VLProcessor', grid: 'image_grid_thw', patch: 16 },
  // Qwen3.5(-MoE): the gated-delta / full-attention hybrid decoder behind Qwen3-VL's vision path.
  { modelType: 'qwen3_5', causalLm: 'Qwen3_5ForCausalLM', conditional: 'Qwen3_5ForConditionalGeneration', processor: 'Qwen3VLProcessor', grid: 'image_grid_thw', patch: 16 },
  { modelType: 'qwen3_5_moe', causalLm: 'Qwen3_5MoeForCausalLM', conditional: 'Qwen3_5MoeForConditionalGeneration', processor: 'Qwen3VLProcessor', grid: 'image_grid_thw', patch: 16 },
] as const;

/** Build + load times of the image-text-to-text models (loaded through the harness, not a pipeline). */
const vlmTimings: number[] = [];
afterAll(() => {
  if (vlmTimings.length) console.log(`tiny Qwen-VL image-text-to-text: ${vlmTimings.length}; build + load mean ${(vlmTimings.reduce((a, b) => a + b, 0) / vlmTimings.length).toFixed(1)} ms (max ${Math.max(...vlmTimings).toFixed(1)})`);
});
/** Each family's image-text-to-text model, loaded once and shared by the tests below. */
const vlmContext = loadedOncePerFile(async (modelType) => {
  const start = performance.now();
  const ctx = await tinyContext(modelType, 'image-text-to-text', workspace.cacheDir, 'multimodal');
  vlmTimings.push(performance.now() - start);
  return ctx;
}, (ctx) => ctx.pipe.dispose());
/** Each family's text-generation model (ForCausalLM, text-only sessions), loaded once through the runtime's loader. */
const textContext = loadedOncePerFile((modelType) => tinyContext(modelType, 'text-generation', workspace.cacheDir), (ctx) => ctx.pipe.dispose());

type SessionRun = { feeds: Record<string, any>; outputs: Record<string, any> };

/** Every run of `session` while `action` runs: what transformers.js fed it and what it returned. */
async function recordRuns(session: any, action: () => Promise<unknown>): Promise<SessionRun[]> {
  const runs: SessionRun[] = [];
  const run = session.run.bind(session);
  session.run = async (feeds: Record<string, any>, ...rest: unknown[]) => {
    const outputs = await run(feeds, ...rest);
    runs.push({ feeds, outputs });
    return outputs;
  };
  try {
    await action();
  } finally {
    session.run = run;
  }
  return runs;
}

describe('Qwen-VL coverage', () => {
  it('covers text-generation (ForCausalLM) and image-text-to-text (ForConditionalGeneration) for every family', () => {
    const all = tinyCoverage();
    for (const f of FAMILIES) {
      expect(tinyArchitectureFor(f.modelType, 'text-generation')).toMatchObject({ supported: true, kind: 'decoder', architecture: f.causalLm });
      expect(tinyArchitectureFor(f.modelType, 'image-text-to-text')).toMatchObject({ supported: true, kind: 'vlm', architecture: f.conditional });
      expect(pairsMissingFrom(all, [
        { modelType: f.modelType, task: 'text-generation', kind: 'decoder' },
        { modelType: f.modelType, task: 'image-text-to-text', kind: 'vlm' },
      ])).toEqual([]);
      const caption = tinyArchitectureFor(f.modelType, 'image-to-text');
      expect(!caption.supported && caption.reason).toMatch(/image-to-text pipeline loads AutoModelForVision2Seq.*MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES/);
    }
  });
});

describe.each(FAMILIES)('$modelType text-generation', (f) => {
  it('loads the ForCausalLM class text-only, with the sizes where getNormalizedConfig reads them', async () => {
    const model = await buildTinyModel({ modelType: f.modelType, task: 'text-generation', cacheDir: workspace.cacheDir });
    const { pipe } = await textContext(f.modelType);
    expect(model.files).toEqual(expect.arrayContaining(['onnx/embed_tokens.onnx', 'onnx/decoder_model_merged.onnx']));
    expect(model.files).not.toContain('onnx/vision_encoder.onnx');
    expect(pipe.model.constructor.name).toBe(f.causalLm);
    expect(Object.keys(pipe.model.sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens']);
    const config = readJson(model.dir, 'config.json');
    expect(config).toMatchObject({ architectures: [f.conditional], model_type: f.modelType, vision_config: { spatial_merge_size: 2 } });
    if (f.modelType === 'qwen2_vl') expect(config).toMatchObject({ num_hidden_layers: 2, num_key_value_heads: 2 });
    else expect(config.text_config).toMatchObject({ model_type: `${f.modelType}_text`, num_hidden_layers: 2 });
    expect(pipe.model.sessions.decoder_model_merged.inputNames).toEqual(expect.arrayContaining(['inputs_embeds', 'position_ids', 'past_key_values.1.value']));
  });

  it('passes the text-generation harness', async () => {
    const ctx = await textContext(f.modelType);
    await passesHarness(ctx, textGeneration);
    for (const extra of textGeneration.extraTests!) await extra.run(ctx);
  });
});

describe.each(FAMILIES)('$modelType image-text-to-text', (f) => {
  it('loads processor + ForConditionalGeneration with its vision encoder; the prompt holds one <|image_pad|> per merged patch', async () => {
    const ctx = await vlmContext(f.modelType);
    const { model, processor } = ctx.pipe;
    expect(model.constructor.name).toBe(f.conditional);
    expect(processor.constructor.name).toBe(f.processor);
    expect(Object.keys(model.sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens', 'vision_encoder']);
    expect(model.sessions.vision_encoder.inputNames).toEqual(['pixel_values', f.grid]);

    const image = syntheticImage(64, 64, 0);
    const text = processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe this image.' }] }], { add_generation_prompt: true });
    expect(text).toContain('<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Describe this image.<|im_end|>\n<|im_start|>assistant\n');
    const inputs = await processor(text, image);
    // 64 px is below min_pixels (4×4 merge blocks): smart_resize scales it up to 8×8 patches; tokens are merge² blocks.
    const side = 8;
    expect(inputs.image_grid_thw.tolist()).toEqual([[1n, BigInt(side), BigInt(side)]]);
    expect(inputs.pixel_values.dims).toEqual([side * side, 3 * 2 * f.patch * f.patch]);
    const imageTokenId = model.config.image_token_id;
    const imageTokens = Array.from(inputs.input_ids.data as BigInt64Array).filter((id) => Number(id) === imageTokenId).length;
    expect(imageTokens).toBe((side * side) / 4);
  });

  it('passes the image-text-to-text harness (every extra test included)', async () => {
    const ctx = await vlmContext(f.modelType);
    const harness = harnessFor('image-text-to-text', f.modelType)!;
    await passesHarness(ctx, harness);
    for (const extra of harness.extraTests!) await extra.run(ctx);
  });
});

describe('Qwen-VL mrope', () => {
  it('transformers.js feeds image tokens their own height/width rows, and the decoder reads every row', async () => {
    const ctx = await vlmContext('qwen3_vl');
    const { model, processor } = ctx.pipe;
    const session = model.sessions.decoder_model_merged;
    const inputs: Record<string, any> = await QWEN_VL_ADAPTER.inputs(processor, { image: syntheticImage(64, 64, 0) as VlmInput['image'], prompt: 'Describe this image.' });
    const run = session.run.bind(session);
    const feeds = (await recordRuns(session, () => model.generate({ ...inputs, max_new_tokens: 1, min_new_tokens: 1, do_sample: false }))).map((r) => r.feeds);
    const positions = feeds[0]!.position_ids;
    const length = positions.dims[2] as number;
    const rows = [0, 1, 2].map((r) => Array.from(positions.data as BigInt64Array).slice(r * length, (r + 1) * length).map(Number));
    const imageAt = Array.from(inputs.input_ids.data as BigInt64Array).map(Number).map((id, i) => (id === model.config.image_token_id ? i : -1)).filter((i) => i >= 0);
    // 8×8 patches merged 2×2: a 4×4 grid of image tokens, one temporal position, rows and columns 0–3 from the image's start.
    const start = rows[0]![imageAt[0]!]!;
    expect(new Set(imageAt.map((i) => rows[0]![i]))).toEqual(new Set([start]));
    expect(imageAt.map((i) => rows[1]![i]! - start)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(imageAt.map((i) => rows[2]![i]! - start)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);

    // Shifting only the width row changes the logits: the graph does not read the temporal row alone.
    const logits = async (p: any) => (await run({ ...feeds[0], position_ids: p })).logits.data as Float32Array;
    const shifted = new Tensor('int64', BigInt64Array.from(positions.data as BigInt64Array, (v, i) => (i >= 2 * length ? v + 5n : v)), positions.dims);
    const [a, b] = [await logits(positions), await logits(shifted)];
    expect(a.some((v, i) => Math.abs(v - b[i]!) > 1e-3)).toBe(true);
  });
});

describe('Qwen-VL depth', () => {
  it('`layers` deepens the vision tower and the decoder alike; the default build keeps its path', async () => {
    const deep = await buildTinyModel({ modelType: 'qwen2_5_vl', task: 'image-text-to-text', cacheDir: workspace.cacheDir, layers: 3 });
    const config = readJson(deep.dir, 'config.json');
    expect(config.vision_config.depth).toBe(3);
    expect(config.text_config.num_hidden_layers).toBe(3);
    const base = await buildTinyModel({ modelType: 'qwen2_5_vl', task: 'image-text-to-text', cacheDir: workspace.cacheDir });
    expect(deep.modelId).not.toBe(base.modelId);
    expect(fs.statSync(path.join(deep.dir, 'onnx/vision_encoder.onnx')).size).toBeGreaterThan(fs.statSync(path.join(base.dir, 'onnx/vision_encoder.onnx')).size);
    expect(await buildTinyModel({ modelType: 'qwen2_5_vl', task: 'image-text-to-text', cacheDir: workspace.cacheDir, layers: 2 })).toMatchObject({ modelId: base.modelId, fromCache: true });
  });
});

describe('the Qwen-VL image-text-to-text harness fails on altered outputs', () => {
  const harness = () => harnessFor('image-text-to-text', 'qwen2_vl')!;
  const extra = (name: RegExp) => harness().extraTests!.find((t) => name.test(t.name))!;

  it('rejects answers that are not [{ generated_text: string }]', () => {
    const call = harness().calls(({ spec: { inputs: { texts: [], images: [] } } } as never))[0]!;
    for (const bad of [[], [{}], [{ generated_text: 42 }], { generated_text: 'x' }]) expect(() => harness().check(bad, call, {} as never)).toThrow(HarnessAssertionError);
    expect(() => harness().check([{ generated_text: 'a cat' }], call, {} as never)).not.toThrow();
  });

  it('catches a model that ignores the image, drops tokens, or loses the cache', async () => {
    const ctx = await vlmContext('qwen2_vl');
    const { processor } = ctx.pipe;
    try {
      // The processor always sees the same image.
      const sameImage = syntheticImage(64, 64, 3);
      const blind = Object.assign((text: string) => processor(text, sameImage), processor);
      Object.setPrototypeOf(blind, Object.getPrototypeOf(processor));
      await expect(extra(/depends on the image/).run({ ...ctx, pipe: Object.assign(ctx.pipe, { processor: blind }) })).rejects.toThrow(/ignores the image/);
      ctx.pipe.processor = processor;

      await provesGenerationChecksFail(ctx, extra, Tensor);
    } finally {
      // The model is shared with the other tests of this file.
      ctx.pipe.processor = processor;
    }
  });

  it('rejects a wrong-sized image and an empty prompt with clear errors', async () => {
    const call = (input: Partial<VlmInput>) => ({ label: 'x', input });
    const image = syntheticImage(64, 64, 0) as VlmInput['image'];
    expect(() => harness().validate(call({ image, prompt: '' }), {} as never)).toThrow(/empty text/);
    expect(() => harness().validate(call({ image: { ...image, width: 0 }, prompt: 'hi' }), {} as never)).toThrow(/wrong-sized image/);
  });
});

describe.each(['qwen3_5', 'qwen3_5_moe'])('%s image-text-to-text hybrid cache', (modelType) => {
  it('carries the gated-delta conv / recurrent states and the attention KV through decoder_model_merged', async () => {
    const ctx = await vlmContext(modelType);
    const { model, processor } = ctx.pipe;
    expect(model.config.text_config).toMatchObject({ model_type: `${modelType}_text`, layer_types: ['linear_attention', 'full_attention'] });
    const session = model.sessions.decoder_model_merged;
    // getCacheNames reads text_config.layer_types: layer 0 keeps conv + recurrent states, layer 1 key/value.
    expect(session.inputNames).toEqual(expect.arrayContaining(['past_conv.0', 'past_recurrent.0', 'past_key_values.1.key', 'past_key_values.1.value']));
    expect(session.inputNames).not.toContain('past_key_values.0.key');

    const inputs: Record<string, any> = await QWEN_VL_ADAPTER.inputs(processor, { image: syntheticImage(64, 64, 0) as VlmInput['image'], prompt: 'Describe this image.' });
    const steps = await recordRuns(session, () => model.generate({ ...inputs, max_new_tokens: 2, min_new_tokens: 2, do_sample: false }));
    expect(steps).toHaveLength(2);
    const [prefill, step] = steps as [SessionRun, SessionRun];
    // The second step is fed one token and the states the prefill (image included) returned.
    expect(step.feeds.inputs_embeds.dims[1]).toBe(1);
    for (const [past, present] of [['past_conv.0', 'present_conv.0'], ['past_recurrent.0', 'present_recurrent.0'], ['past_key_values.1.key', 'present.1.key']] as const) {
      const state = Array.from(prefill.outputs[present].data as Float32Array);
      expect(state.some((v) => v !== 0)).toBe(true);
      expect(Array.from(step.feeds[past].data as Float32Array)).toEqual(state);
    }
  });
});

describe('Qwen3.5 text-generation keeps its bytes', () => {
  /** sha256 over every file's name and sha256: digests of the builds made before the image-text-to-text families (commit 074790b). */
  const BEFORE_VLM = { qwen3_5: '633bfcffe289eff7', qwen3_5_moe: '8ad9b8c3fce1ef09' } as const;
  const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
  it.each(Object.entries(BEFORE_VLM))('%s text-generation files are the ones built before its image-text-to-text decoder was derived', async (modelType, digest) => {
    const model = await buildTinyModel({ modelType, task: 'text-generation', cacheDir: workspace.cacheDir });
    const entries = [...model.files].sort().map((file) => `${file}\0${sha(fs.readFileSync(path.join(model.dir, file)))}\n`);
    expect(sha(entries.join('')).slice(0, 16)).toBe(digest);
  });
});
