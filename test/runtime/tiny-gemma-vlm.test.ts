/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessFor } from '../../src/runtime/harness';
import { LLAVA_VLM_ADAPTERS } from '../../src/runtime/harness/llava-vlm';
import { syntheticImage } from '../../src/runtime/harness/media';
import type { VlmInput } from '../../src/runtime/harness/vlm';
import { loadTransformers } from '../../src/runtime/host';
import { tinyArchitectureFor, tinyCoverage, TINY_SESSION_OPTIONS } from '../../src/runtime/tiny';
import { renderVlmFiles } from '../../src/runtime/tiny/vlm';
import { loadedOncePerFile, pairsMissingFrom, passesHarness, tinyContext } from './tiny-context';
import { tinyWorkspace } from './tiny-workspace';

/**
 * Gemma 3 / 3n / 4 image-text-to-text. Gemma3ForConditionalGeneration extends transformers.js's
 * LlavaForConditionalGeneration; Gemma3nForConditionalGeneration and Gemma4ForConditionalGeneration
 * (which extends it) are ImageAudioTextToText models: audio_encoder + vision_encoder + embed_tokens
 * (inputs_embeds and per_layer_inputs) + decoder_model_merged. Each has its own processor
 * (chat_template.jinja, the multimodal tokens read from tokenizer_config.json). Then LLaVA-OneVision,
 * which transformers.js 4.3.1 loads but cannot drive, measured on a tiny checkpoint in its layout.
 */
const { env, pipeline, Tensor, AutoProcessor, AutoTokenizer, AutoModelForImageTextToText, RawImage } = loadTransformers() as any;
jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny Gemma VLM', { env, pipeline });

const TASK = 'image-text-to-text';

const FAMILIES = [
  {
    modelType: 'gemma3', conditional: 'Gemma3ForConditionalGeneration', causalLm: 'Gemma3ForCausalLM', processor: 'Gemma3Processor', imageProcessor: 'Gemma3ImageProcessor',
    sessions: ['decoder_model_merged', 'embed_tokens', 'vision_encoder'], vision: ['pixel_values'], boi: '<start_of_image>', eoi: '<end_of_image>', turn: '<start_of_turn>user\n',
  },
  {
    modelType: 'gemma3n', conditional: 'Gemma3nForConditionalGeneration', causalLm: 'Gemma3nForCausalLM', processor: 'Gemma3nProcessor', imageProcessor: 'SiglipImageProcessor',
    sessions: ['audio_encoder', 'decoder_model_merged', 'embed_tokens', 'vision_encoder'], vision: ['pixel_values'], boi: '<start_of_image>', eoi: '<end_of_image>', turn: '<start_of_turn>user\n',
  },
  {
    modelType: 'gemma4', conditional: 'Gemma4ForConditionalGeneration', causalLm: 'Gemma4ForCausalLM', processor: 'Gemma4Processor', imageProcessor: 'Gemma4ImageProcessor',
    sessions: ['audio_encoder', 'decoder_model_merged', 'embed_tokens', 'vision_encoder'], vision: ['pixel_values', 'pixel_position_ids'], boi: '<|image>', eoi: '<image|>', turn: '<|turn>user\n',
  },
] as const;

/** One 64 px image becomes 16 image tokens in every family (Gemma 4: 8×8 patches of 8 px, pooled 2×2). */
const IMAGE_TOKENS = 16;

/** Each family's model, loaded once and shared by the tests below. */
const vlmContext = loadedOncePerFile((modelType) => tinyContext(modelType, TASK, workspace.cacheDir, 'multimodal'), (ctx) => ctx.pipe.dispose());
const idsOf = (tensor: any): number[] => Array.from(tensor.data as BigInt64Array, Number);

describe('Gemma VLM coverage', () => {
  it('covers image-text-to-text through each ForConditionalGeneration class, and keeps text-generation on the ForCausalLM class', () => {
    const all = tinyCoverage();
    for (const f of FAMILIES) {
      expect(tinyArchitectureFor(f.modelType, TASK)).toMatchObject({ supported: true, kind: 'vlm', architecture: f.conditional });
      expect(pairsMissingFrom(all, [{ modelType: f.modelType, task: TASK, kind: 'vlm' }])).toEqual([]);
      expect(tinyArchitectureFor(f.modelType, 'text-generation')).toMatchObject({ supported: true, kind: 'decoder', architecture: f.causalLm });
    }
  });

  it('gives llava_onevision image-text-to-text the measured reason', () => {
    const onevision = tinyArchitectureFor('llava_onevision', TASK);
    expect(onevision.supported).toBe(false);
    expect(!onevision.supported && onevision.reason).toMatch(/no LlavaOnevisionProcessor.*plain Processor.*Unable to apply chat template without a tokenizer\..*Number of tokens and features do not match: tokens: 1, features N/);
    expect(tinyCoverage().some((p) => p.modelType === 'llava_onevision')).toBe(false);
  });
});

describe.each(FAMILIES)('$modelType image-text-to-text', (f) => {
  it('loads the processor and ForConditionalGeneration class; the processor expands the image into boi + one token per image feature + eoi', async () => {
    const ctx = await vlmContext(f.modelType);
    const { model, processor } = ctx.pipe;
    expect(model.constructor.name).toBe(f.conditional);
    expect(processor.constructor.name).toBe(f.processor);
    expect(processor.image_processor.constructor.name).toBe(f.imageProcessor);
    // chat_template.jinja, read by the processor (uses_chat_template_file), not tokenizer_config.json.
    expect(processor.tokenizer.chat_template).toBeNull();
    const rendered = processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Hi' }] }], { add_generation_prompt: true });
    expect(rendered.startsWith(`<bos>${f.turn}`)).toBe(true);
    expect(Object.keys(model.sessions).sort()).toEqual(f.sessions);
    expect(model.sessions.vision_encoder.inputNames).toEqual(f.vision);
    if (f.modelType !== 'gemma3') expect(model.sessions.embed_tokens.outputNames).toEqual(['inputs_embeds', 'per_layer_inputs']);

    const inputs: Record<string, any> = await LLAVA_VLM_ADAPTERS[f.modelType]!.inputs(processor, { image: syntheticImage(64, 64, 0) as VlmInput['image'], prompt: 'Describe this image.' });
    const imageTokenId = model.config.image_token_index ?? model.config.image_token_id;
    const ids = idsOf(inputs.input_ids);
    const tokenizer = processor.tokenizer;
    // The chat template's <bos> only: the harness tokenizes with add_special_tokens: false.
    expect(ids.filter((id) => id === tokenizer.bos_token_id)).toEqual([tokenizer.bos_token_id]);
    expect(ids[0]).toBe(tokenizer.bos_token_id);
    const imageAt = ids.map((id, i) => (id === imageTokenId ? i : -1)).filter((i) => i >= 0);
    expect(imageAt).toHaveLength(IMAGE_TOKENS);
    expect(imageAt.at(-1)! - imageAt[0]!).toBe(IMAGE_TOKENS - 1);
    expect(tokenizer.decode([ids[imageAt[0]! - 1]!])).toBe(f.boi);
    expect(tokenizer.decode([ids[imageAt.at(-1)! + 1]!])).toBe(f.eoi);
    const { image_features } = await model.sessions.vision_encoder.run(Object.fromEntries(f.vision.map((name) => [name, inputs[name === 'pixel_position_ids' ? 'image_position_ids' : name]])));
    expect(image_features.dims.slice(0, -1).reduce((a: number, b: number) => a * b, 1)).toBe(IMAGE_TOKENS);
    if (f.modelType === 'gemma4') expect(inputs.num_soft_tokens_per_image).toEqual([IMAGE_TOKENS]);
  });

  it('passes the image-text-to-text harness (every extra test included)', async () => {
    const ctx = await vlmContext(f.modelType);
    const harness = harnessFor(TASK, f.modelType)!;
    await passesHarness(ctx, harness);
    for (const extra of harness.extraTests!) await extra.run(ctx);
  });
});

describe.each(FAMILIES.filter((f) => f.sessions.includes('audio_encoder' as never)))('$modelType audio (the session every Gemma 3n / 4 load brings)', (f) => {
  it('expands the audio token to the audio encoder\'s feature count, and the answer depends on the audio', async () => {
    const ctx = await vlmContext(f.modelType);
    const { model, processor } = ctx.pipe;
    const text = processor.apply_chat_template([{ role: 'user', content: [{ type: 'audio' }, { type: 'text', text: 'Transcribe.' }] }], { add_generation_prompt: true });
    const tone = (rate: number) => Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i * rate));
    const answers = new Set<string>();
    for (const rate of [0.05, 0.2, 0.7]) {
      const inputs = await processor(text, null, tone(rate), { add_special_tokens: false });
      const { audio_features } = await model.sessions.audio_encoder.run({ input_features: inputs.input_features, input_features_mask: inputs.input_features_mask });
      const audioTokens = idsOf(inputs.input_ids).filter((id) => id === model.config.audio_token_id).length;
      expect(audioTokens).toBe(audio_features.dims[1]);
      // Gemma3nProcessor: audio_seq_length (4) tokens; Gemma4Processor: two stride-2 convolutions over 99 mel frames.
      expect(audioTokens).toBe(f.modelType === 'gemma3n' ? 4 : 25);
      const output = await model.generate({ ...inputs, do_sample: false, min_new_tokens: 4, max_new_tokens: 4 });
      answers.add(idsOf(output).slice(-4).join());
    }
    expect(answers.size).toBeGreaterThan(1);
  });
});

describe('the image-text-to-text harness fails on altered Gemma 3n / 4 outputs', () => {
  const extra = (modelType: string, name: RegExp) => harnessFor(TASK, modelType)!.extraTests!.find((t) => name.test(t.name))!;

  it('catches a Gemma 4 vision path that ignores the image (Gemma3nForConditionalGeneration.forward\'s merge)', async () => {
    const ctx = await vlmContext('gemma4');
    const { model } = ctx.pipe;
    const encode = model._encode_vision;
    try {
      model._encode_vision = async (kwargs: unknown) => {
        const { image_features } = await encode.call(model, kwargs);
        return { image_features: new Tensor('float32', new Float32Array(image_features.data.length), image_features.dims) };
      };
      await expect(extra('gemma4', /depends on the image/).run(ctx)).rejects.toThrow(/ignores the image/);
    } finally {
      // The model is shared with the other tests of this file.
      model._encode_vision = encode;
    }
    await extra('gemma4', /depends on the image/).run(ctx);
  });

  it('catches a Gemma 3n generate that drops a token or loses the cache', async () => {
    const ctx = await vlmContext('gemma3n');
    const { model } = ctx.pipe;
    const generate = model.generate;
    try {
      model.generate = async (args: Record<string, unknown>) => (await generate.call(model, args)).slice(null, [0, -1]);
      await expect(extra('gemma3n', /exactly max_new_tokens/).run(ctx)).rejects.toThrow(/new ids with max_new_tokens/);
      model.generate = async (args: Record<string, unknown>) => {
        const ids = await generate.call(model, args);
        const data = BigInt64Array.from(ids.data as BigInt64Array);
        data[data.length - 1] = data[data.length - 1] === 100n ? 101n : 100n;
        return new Tensor('int64', data, ids.dims);
      };
      await expect(extra('gemma3n', /full forward pass/).run(ctx)).rejects.toThrow(/does not carry the context/);
    } finally {
      // The model is shared with the other tests of this file.
      model.generate = generate;
    }
    await extra('gemma3n', /full forward pass/).run(ctx);
  });
});

/**
 * A tiny LLaVA-OneVision checkpoint in the llava-hf layout: config model_type llava_onevision,
 * preprocessor_config.json naming LlavaOnevisionImageProcessor (anyres image_grid_pinpoints) and
 * processor_class LlavaOnevisionProcessor, processor_config.json, the chat template in
 * chat_template.json; the graphs and tokenizer are the tiny LLaVA's (the failure is the processor's).
 */
function writeOnevisionCheckpoint(root: string): string {
  const modelId = 'tiny-random/llava_onevision-layout';
  const dir = path.join(root, ...modelId.split('/'));
  const files = renderVlmFiles('llava', TASK, 'LlavaForConditionalGeneration', 'llava_onevision-layout');
  const json = (name: string) => JSON.parse(files.get(name) as string);
  const tokenizerConfig = json('tokenizer_config.json');
  const chatTemplate = tokenizerConfig.chat_template as string;
  delete tokenizerConfig.chat_template;
  const preprocessor = {
    image_processor_type: 'LlavaOnevisionImageProcessor',
    processor_class: 'LlavaOnevisionProcessor',
    do_resize: true,
    size: { height: 32, width: 32 },
    resample: 3,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.5, 0.5, 0.5],
    image_std: [0.5, 0.5, 0.5],
    do_pad: true,
    do_convert_rgb: true,
    image_grid_pinpoints: [[32, 32], [32, 64], [64, 32], [64, 64]],
  };
  const rewritten = new Map(files);
  rewritten.set('config.json', JSON.stringify({ ...json('config.json'), model_type: 'llava_onevision', architectures: ['LlavaOnevisionForConditionalGeneration'], vision_feature_select_strategy: 'full' }));
  rewritten.set('preprocessor_config.json', JSON.stringify(preprocessor));
  rewritten.set('processor_config.json', JSON.stringify({ processor_class: 'LlavaOnevisionProcessor', image_token: '<image>', num_image_tokens: 17, vision_feature_select_strategy: 'full' }));
  rewritten.set('tokenizer_config.json', JSON.stringify(tokenizerConfig));
  rewritten.set('chat_template.json', JSON.stringify({ chat_template: chatTemplate }));
  for (const [name, content] of rewritten) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return modelId;
}

describe('llava_onevision image-text-to-text: what transformers.js 4.3.1 does with a checkpoint in the real layout', () => {
  it('AutoProcessor returns a plain Processor without tokenizer or chat template, and one <image> token cannot take the image features', async () => {
    const modelId = writeOnevisionCheckpoint(workspace.cacheDir);
    const processor = await AutoProcessor.from_pretrained(modelId);
    expect(processor.constructor.name).toBe('Processor');
    expect(processor.image_processor.constructor.name).toBe('LlavaOnevisionImageProcessor');
    expect(processor.tokenizer).toBeUndefined();
    expect(processor.chat_template).toBeNull();
    const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'Describe this image.' }] }];
    expect(() => processor.apply_chat_template(messages, { add_generation_prompt: true })).toThrow('Unable to apply chat template without a tokenizer.');

    const { data, width, height, channels } = syntheticImage(64, 64, 0) as VlmInput['image'];
    const image = new RawImage(Uint8ClampedArray.from(data as ArrayLike<number>), width, height, channels);
    const processed = await processor(image, 'USER: <image>\nDescribe this image. ASSISTANT:');
    // The text is dropped; anyres is not applied (one 32 px resize, no patches, no image_sizes).
    expect(Object.keys(processed).sort()).toEqual(['original_sizes', 'pixel_values', 'reshaped_input_sizes']);
    expect(processed.pixel_values.dims).toEqual([1, 3, 32, 32]);

    const tokenizer = await AutoTokenizer.from_pretrained(modelId);
    expect(tokenizer.chat_template).toBeNull();
    const model = await AutoModelForImageTextToText.from_pretrained(modelId, { session_options: { ...TINY_SESSION_OPTIONS } });
    expect(model.constructor.name).toBe('LlavaForConditionalGeneration');
    expect(Object.keys(model.sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens', 'vision_encoder']);
    const text = tokenizer('USER: <image>\nDescribe this image. ASSISTANT:');
    expect(idsOf(text.input_ids).filter((id) => id === model.config.image_token_index)).toHaveLength(1);
    await expect(model.generate({ ...text, ...processed, max_new_tokens: 2 })).rejects.toThrow('Number of tokens and features do not match: tokens: 1, features 17');
    await model.dispose();
  });
});
