/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessFor, HarnessAssertionError } from '../../src/runtime/harness';
import { syntheticImage } from '../../src/runtime/harness/media';
import type { VlmInput } from '../../src/runtime/harness/vlm';
import { loadTransformers } from '../../src/runtime/host';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { passesHarness, tinyContext } from './tiny-context';
import { tinyWorkspace } from './tiny-workspace';

/**
 * Florence-2: Florence2ForConditionalGeneration (vision_encoder + embed_tokens + encoder_model +
 * decoder_model_merged) with Florence2Processor's task prompts and post_process_generation.
 */
const { env, pipeline } = loadTransformers();
jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny Florence-2', { env, pipeline });
const readJson = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const harness = () => harnessFor('image-text-to-text', 'florence2')!;

const timings: number[] = [];
afterAll(() => {
  if (timings.length) console.log(`tiny Florence-2 image-text-to-text: ${timings.length}; build + load mean ${(timings.reduce((a, b) => a + b, 0) / timings.length).toFixed(1)} ms (max ${Math.max(...timings).toFixed(1)})`);
});
async function florenceContext() {
  const start = performance.now();
  const ctx = await tinyContext('florence2', 'image-text-to-text', workspace.cacheDir, 'multimodal');
  timings.push(performance.now() - start);
  return ctx;
}

describe('Florence-2', () => {
  it('covers image-text-to-text only, with the reasons for the other tasks', () => {
    expect(tinyArchitectureFor('florence2', 'image-text-to-text')).toMatchObject({ supported: true, kind: 'vlm', architecture: 'Florence2ForConditionalGeneration' });
    expect(tinyCoverage()).toContainEqual({ modelType: 'florence2', task: 'image-text-to-text', kind: 'vlm' });
    const caption = tinyArchitectureFor('florence2', 'image-to-text');
    expect(!caption.supported && caption.reason).toMatch(/AutoModelForVision2Seq.*no florence2/);
    const text = tinyArchitectureFor('florence2', 'text-generation');
    expect(!text.supported && text.reason).toMatch(/MODEL_FOR_CAUSAL_LM_MAPPING_NAMES has no florence2/);
  });

  it('loads the four sessions of an encoder-decoder VLM and the processor with its task tables', async () => {
    const ctx = await florenceContext();
    const { model, processor } = ctx.pipe;
    expect(model.constructor.name).toBe('Florence2ForConditionalGeneration');
    expect(processor.constructor.name).toBe('Florence2Processor');
    expect(Object.keys(model.sessions).sort()).toEqual(['decoder_model_merged', 'embed_tokens', 'model', 'vision_encoder']);
    expect(model.sessions.model.inputNames).toEqual(['inputs_embeds', 'attention_mask']);
    expect(model.sessions.decoder_model_merged.inputNames).toEqual(expect.arrayContaining(['inputs_embeds', 'encoder_hidden_states', 'encoder_attention_mask', 'past_key_values.0.encoder.key', 'past_key_values.1.decoder.value']));
    expect(processor.construct_prompts('<CAPTION>')).toEqual(['What does the image describe?']);
    expect(processor.construct_prompts('<CAPTION_TO_PHRASE_GROUNDING>a cat')).toEqual(['Locate the phrases in the caption: a cat']);

    const inputs = await processor(syntheticImage(64, 48, 0), '<CAPTION>');
    expect(inputs.pixel_values.dims).toEqual([1, 3, 32, 32]);
    const features = await model.encode_image({ pixel_values: inputs.pixel_values });
    expect(features.dims).toEqual([1, 17, 32]);
    // generate starts the decoder from </s> (decoder_start_token_id).
    const out = await model.generate({ ...inputs, max_new_tokens: 3, min_new_tokens: 3, do_sample: false });
    expect(out.dims).toEqual([1, 4]);
    expect(Number(out.data[0])).toBe(model.config.decoder_start_token_id);
    await ctx.pipe.dispose();
  });

  it('post_process_generation reads boxes back in image pixels', async () => {
    const ctx = await florenceContext();
    const { processor } = ctx.pipe;
    const parsed = processor.post_process_generation('</s><s>cat<loc_0><loc_0><loc_499><loc_999></s>', '<OD>', [200, 100]);
    expect(parsed).toEqual({ '<OD>': { labels: ['cat'], bboxes: [[0.1, 0.05, 99.9, 99.95]] } });
    const input = { image: { width: 200, height: 100, data: [], channels: 3 }, prompt: '<OD>' };
    expect(() => harness().check(parsed, { label: 'x', input }, {} as never)).not.toThrow();
    await ctx.pipe.dispose();
  });

  it('`layers` deepens the vision tower, the encoder and the decoder alike', async () => {
    const deep = await buildTinyModel({ modelType: 'florence2', task: 'image-text-to-text', cacheDir: workspace.cacheDir, layers: 3 });
    const config = readJson(deep.dir, 'config.json');
    expect(config).toMatchObject({ is_encoder_decoder: true, vision_config: { depths: [3] }, text_config: { model_type: 'florence2_language', encoder_layers: 3, decoder_layers: 3 } });
    const { AutoModelForImageTextToText } = loadTransformers();
    const model = await AutoModelForImageTextToText.from_pretrained(deep.modelId, { local_files_only: true, dtype: 'fp32' } as never);
    expect((model as any).sessions.decoder_model_merged.inputNames).toContain('past_key_values.2.encoder.value');
    await model.dispose();
  });

  it('passes its image-text-to-text harness (every extra test included)', async () => {
    const ctx = await florenceContext();
    const outputs = await passesHarness(ctx, harness());
    expect(outputs[0]).toEqual({ '<CAPTION>': expect.any(String) });
    for (const extra of harness().extraTests!) await extra.run(ctx);
    await ctx.pipe.dispose();
  });
});

describe('the Florence-2 harness fails on altered outputs', () => {
  const call = (input: VlmInput) => ({ label: 'x', input });
  const image = { width: 64, height: 64, data: [], channels: 3 };

  it('rejects answers not keyed by the task, non-text captions, and boxes outside the image or unlabelled', () => {
    const caption = call({ image, prompt: '<CAPTION>' });
    for (const bad of [{}, { '<OD>': 'a cat' }, { '<CAPTION>': 'a', extra: 1 }, [{ generated_text: 'a cat' }], { '<CAPTION>': 7 }]) {
      expect(() => harness().check(bad, caption, {} as never)).toThrow(HarnessAssertionError);
    }
    expect(() => harness().check({ '<CAPTION>': 'a cat' }, caption, {} as never)).not.toThrow();
    const od = call({ image, prompt: '<OD>' });
    expect(() => harness().check({ '<OD>': { labels: ['cat'], bboxes: [[0, 0, 65, 10]] } }, od, {} as never)).toThrow(/outside the 64x64 image/);
    expect(() => harness().check({ '<OD>': { labels: [], bboxes: [[0, 0, 5, 10]] } }, od, {} as never)).toThrow(/0 labels for 1 boxes/);
    expect(() => harness().check({ '<OD>': { labels: ['cat'], bboxes: [[0, 0, 5]] } }, od, {} as never)).toThrow(/not 4 coordinates/);
  });

  it('catches a model that ignores the image or loses the cache', async () => {
    const ctx = await florenceContext();
    const { model, processor } = ctx.pipe;
    const extra = (name: RegExp) => harness().extraTests!.find((t) => name.test(t.name))!;
    const sameImage = syntheticImage(64, 64, 3);
    const blind = Object.assign((_image: unknown, text: string) => processor(sameImage, text), processor);
    Object.setPrototypeOf(blind, Object.getPrototypeOf(processor));
    ctx.pipe.processor = blind;
    await expect(extra(/depends on the image/).run(ctx)).rejects.toThrow(/ignores the image/);
    ctx.pipe.processor = processor;

    // The cached cross-attention keys/values (the encoder's output) zeroed after the first step:
    // later tokens no longer match a full pass.
    const forward = model.forward.bind(model);
    model.forward = async (args: Record<string, any>) => {
      const pkv = args.past_key_values;
      if (pkv) {
        const { Tensor } = loadTransformers();
        for (const key of Object.keys(pkv)) if (key.includes('.encoder.')) pkv[key] = new Tensor('float32', new Float32Array(pkv[key].data.length), pkv[key].dims);
      }
      return forward(args);
    };
    await expect(extra(/full forward pass/).run(ctx)).rejects.toThrow(/does not carry the context/);
    model.forward = forward;
    await ctx.pipe.dispose();
  });
});
