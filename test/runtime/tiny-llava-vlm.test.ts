/** @jest-environment ./src/runtime/jest-environment.ts */
import { harnessFor, HarnessAssertionError } from '../../src/runtime/harness';
import { LLAVA_VLM_ADAPTERS } from '../../src/runtime/harness/llava-vlm';
import { syntheticImage } from '../../src/runtime/harness/media';
import type { VlmInput } from '../../src/runtime/harness/vlm';
import { loadTransformers } from '../../src/runtime/host';
import { tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { loadedOncePerFile, pairsMissingFrom, passesHarness, provesGenerationChecksFail, tinyContext } from './tiny-context';
import { tinyWorkspace } from './tiny-workspace';

/**
 * The LLaVA-style VLMs (classes extending transformers.js's LlavaForConditionalGeneration):
 * image-text-to-text through AutoProcessor + <X>ForConditionalGeneration, whose vision_encoder
 * features replace the embeddings of the image tokens the family's processor expanded.
 */
const { env, pipeline, Tensor } = loadTransformers();
jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny LLaVA-style VLM', { env, pipeline });

/** Each family's class, processor, vision encoder inputs and the image tokens one 64 px image becomes. */
const FAMILIES = [
  { modelType: 'llava', conditional: 'LlavaForConditionalGeneration', processor: 'LlavaProcessor', vision: ['pixel_values'], imageTokens: 17 },
  { modelType: 'paligemma', conditional: 'PaliGemmaForConditionalGeneration', processor: 'PaliGemmaProcessor', vision: ['pixel_values'], imageTokens: 16 },
  { modelType: 'mistral3', conditional: 'Mistral3ForConditionalGeneration', processor: 'PixtralProcessor', vision: ['pixel_values'], imageTokens: 16 },
  { modelType: 'lighton_ocr', conditional: 'LightOnOcrForConditionalGeneration', processor: 'PixtralProcessor', vision: ['pixel_values'], imageTokens: 16 },
  // A 64 px image splits into 2×2 tiles of 32 px plus the global image: 5 frames of 16 tokens.
  { modelType: 'idefics3', conditional: 'Idefics3ForConditionalGeneration', processor: 'Idefics3Processor', vision: ['pixel_values', 'pixel_attention_mask'], imageTokens: 80 },
  { modelType: 'smolvlm', conditional: 'SmolVLMForConditionalGeneration', processor: 'Idefics3Processor', vision: ['pixel_values', 'pixel_attention_mask'], imageTokens: 80 },
  { modelType: 'lfm2_vl', conditional: 'Lfm2VlForConditionalGeneration', processor: 'Lfm2VlProcessor', vision: ['pixel_values', 'pixel_attention_mask', 'spatial_shapes'], imageTokens: 16 },
] as const;

/** Each family's model, loaded once and shared by the tests below. */
const vlmContext = loadedOncePerFile((modelType) => tinyContext(modelType, 'image-text-to-text', workspace.cacheDir, 'multimodal'), (ctx) => ctx.pipe.dispose());

describe('LLaVA-style VLM coverage', () => {
  it('covers image-text-to-text through each ForConditionalGeneration class', () => {
    const all = tinyCoverage();
    for (const f of FAMILIES) {
      expect(tinyArchitectureFor(f.modelType, 'image-text-to-text')).toMatchObject({ supported: true, kind: 'vlm', architecture: f.conditional });
      expect(pairsMissingFrom(all, [{ modelType: f.modelType, task: 'image-text-to-text', kind: 'vlm' }])).toEqual([]);
    }
    expect(tinyArchitectureFor('glm_ocr', 'image-text-to-text')).toMatchObject({ supported: true, kind: 'vlm', architecture: 'GlmOcrForConditionalGeneration' });
  });

  it('says why Idefics3 / SmolVLM cannot caption through the image-to-text pipeline', () => {
    for (const modelType of ['idefics3', 'smolvlm']) {
      const caption = tinyArchitectureFor(modelType, 'image-to-text');
      expect(!caption.supported && caption.reason).toMatch(/ImageToTextPipeline.*MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES.*ImageTextToText.*reading 'rows'.*expected: \(tensor\(int64\)\)/);
    }
    const llava = tinyArchitectureFor('llava', 'image-to-text');
    expect(!llava.supported && llava.reason).toMatch(/MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES.*has no llava/);
  });
});

describe.each(FAMILIES)('$modelType image-text-to-text', (f) => {
  it('loads processor + ForConditionalGeneration; the processor expands the image token to one token per image feature', async () => {
    const ctx = await vlmContext(f.modelType);
    const { model, processor } = ctx.pipe;
    expect(model.constructor.name).toBe(f.conditional);
    expect(processor.constructor.name).toBe(f.processor);
    expect(Object.keys(model.sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens', 'vision_encoder']);
    expect(model.sessions.vision_encoder.inputNames).toEqual(f.vision);
    expect(model.sessions.decoder_model_merged.inputNames).toEqual(expect.arrayContaining(['inputs_embeds', 'attention_mask', 'position_ids']));

    const inputs: Record<string, any> = await LLAVA_VLM_ADAPTERS[f.modelType]!.inputs(processor, { image: syntheticImage(64, 64, 0) as VlmInput['image'], prompt: 'Describe this image.' });
    const imageTokenId = model.config.image_token_index ?? model.config.image_token_id;
    const ids = Array.from(inputs.input_ids.data as BigInt64Array, Number);
    expect(ids.filter((id) => id === imageTokenId)).toHaveLength(f.imageTokens);
    const { image_features } = await model.sessions.vision_encoder.run(Object.fromEntries(f.vision.map((name) => [name, inputs[name]])));
    expect(image_features.dims.slice(0, -1).reduce((a: number, b: number) => a * b, 1)).toBe(f.imageTokens);
    expect(ids.slice(-4)).not.toContain(imageTokenId);
  });

  it('passes the image-text-to-text harness (every extra test included)', async () => {
    const ctx = await vlmContext(f.modelType);
    const harness = harnessFor('image-text-to-text', f.modelType)!;
    await passesHarness(ctx, harness);
    for (const extra of harness.extraTests!) await extra.run(ctx);
  });
});

describe('glm_ocr image-text-to-text (Qwen2.5-VL-style: GlmOcrForConditionalGeneration extends Qwen2_5_VLForConditionalGeneration)', () => {
  it('loads Glm46VProcessor + GlmOcrForConditionalGeneration; <|image|> becomes one token per merged patch, with GLM-OCR\'s mrope positions', async () => {
    const ctx = await vlmContext('glm_ocr');
    const { model, processor } = ctx.pipe;
    expect(model.constructor.name).toBe('GlmOcrForConditionalGeneration');
    expect(processor.constructor.name).toBe('Glm46VProcessor');
    expect(processor.image_processor.constructor.name).toBe('Glm46VImageProcessor');
    expect(Object.keys(model.sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens', 'vision_encoder']);
    expect(model.sessions.vision_encoder.inputNames).toEqual(['pixel_values', 'image_grid_thw']);
    expect(model.config.text_config.model_type).toBe('glm_ocr_text');

    const text = processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Text Recognition:' }] }], { add_generation_prompt: true });
    expect(text).toBe('[gMASK]<sop><|user|>\n<|begin_of_image|><|image|><|end_of_image|>Text Recognition:<|assistant|>\n');
    const inputs = await processor(text, syntheticImage(64, 64, 0));
    // smart_resize (bounds weighed by temporal_patch_size) scales 64 px up to 8×8 patches of 14 px: a 4×4 grid of merged tokens.
    expect(inputs.image_grid_thw.tolist()).toEqual([[1n, 8n, 8n]]);
    const ids = Array.from(inputs.input_ids.data as BigInt64Array, Number);
    const imageAt = ids.map((id, i) => (id === model.config.image_token_id ? i : -1)).filter((i) => i >= 0);
    expect(imageAt).toHaveLength(16);
    const [positions] = model.get_rope_index(inputs.input_ids, inputs.image_grid_thw, null, inputs.attention_mask);
    const length = ids.length;
    const rows = [0, 1, 2].map((r) => Array.from(positions.data as BigInt64Array).slice(r * length, (r + 1) * length).map(Number));
    const start = rows[0]![imageAt[0]!]!;
    expect(imageAt.map((i) => rows[1]![i]! - start)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(imageAt.map((i) => rows[2]![i]! - start)).toEqual([0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    // After the image, text resumes at start + max(h, w) / merge (GLM-OCR's rule, not Qwen's).
    expect(rows[0]![imageAt[15]! + 1]).toBe(start + 4);
  });

  it('passes the image-text-to-text harness (every extra test included)', async () => {
    const ctx = await vlmContext('glm_ocr');
    const harness = harnessFor('image-text-to-text', 'glm_ocr')!;
    await passesHarness(ctx, harness);
    for (const extra of harness.extraTests!) await extra.run(ctx);
  });
});

describe('the LLaVA-style image-text-to-text harness fails on altered outputs', () => {
  const harness = () => harnessFor('image-text-to-text', 'llava')!;
  const extra = (name: RegExp) => harness().extraTests!.find((t) => name.test(t.name))!;

  it('rejects answers that are not [{ generated_text: string }]', () => {
    const call = harness().calls(({ spec: { inputs: { texts: [], images: [] } } } as never))[0]!;
    for (const bad of [[], [{}], [{ generated_text: 42 }], { generated_text: 'x' }]) expect(() => harness().check(bad, call, {} as never)).toThrow(HarnessAssertionError);
    expect(() => harness().check([{ generated_text: 'a cat' }], call, {} as never)).not.toThrow();
  });

  it('catches a model that ignores the image, drops tokens, or loses the cache', async () => {
    const ctx = await vlmContext('llava');
    const { processor } = ctx.pipe;
    try {
      // The processor always sees the same image (LlavaProcessor takes the images first).
      const sameImage = syntheticImage(64, 64, 3);
      const blind = Object.assign((_image: unknown, text: string) => processor(sameImage, text), processor);
      Object.setPrototypeOf(blind, Object.getPrototypeOf(processor));
      await expect(extra(/depends on the image/).run({ ...ctx, pipe: Object.assign(ctx.pipe, { processor: blind }) })).rejects.toThrow(/ignores the image/);
      ctx.pipe.processor = processor;
      // The real processor passes the same check.
      await extra(/depends on the image/).run(ctx);

      await provesGenerationChecksFail(ctx, extra, Tensor);
    } finally {
      // The model is shared with the other tests of this file.
      ctx.pipe.processor = processor;
    }
  });
});
