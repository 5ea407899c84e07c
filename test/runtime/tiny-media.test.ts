/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syntheticAudio, syntheticImage } from '../../src/runtime/harness/media';
import { openTinySession, tinyWorkspace, type InferenceSession, type OrtTensor } from './tiny-workspace';
import { pairsMissingFrom } from './tiny-context';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { MEDIA_FAMILIES, mediaCoverage } from '../../src/runtime/tiny/media';

import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { scratchRoot } from '../helpers/tmp';

// The host realm's inference stack, as the runtime uses it: synthetic images are RawImages of
// that realm, so pipelines from another module instance would reject them.
const { AutoTokenizer, env, pipeline } = loadTransformers();
const ort = loadOrt();

jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny media models', { env, pipeline });


const readJson = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const image = (seed: number) => syntheticImage(64, 48, seed);
const tone = (hz: number) => syntheticAudio(16000, 1, hz);

describe('tinyArchitectureFor: media families', () => {
  it('maps each task to the class transformers.js loads for it', () => {
    expect(tinyArchitectureFor('vit', 'image-classification')).toEqual({
      supported: true,
      kind: 'vision',
      modelType: 'vit',
      task: 'image-classification',
      architecture: 'ViTForImageClassification',
    });
    expect(tinyArchitectureFor('dinov2', 'image-feature-extraction')).toMatchObject({ kind: 'vision', architecture: 'Dinov2Model' });
    expect(tinyArchitectureFor('wav2vec2', 'asr')).toMatchObject({ kind: 'audio', task: 'automatic-speech-recognition', architecture: 'Wav2Vec2ForCTC' });
    expect(tinyArchitectureFor('hubert', 'audio-classification')).toMatchObject({ architecture: 'HubertForSequenceClassification' });
    expect(tinyArchitectureFor('audio-spectrogram-transformer', 'audio-classification')).toMatchObject({ architecture: 'ASTForAudioClassification' });
    expect(tinyArchitectureFor('wav2vec2-bert', 'asr')).toMatchObject({ kind: 'audio', architecture: 'Wav2Vec2BertForCTC' });
    expect(tinyArchitectureFor('wav2vec2-bert', 'audio-classification')).toMatchObject({ architecture: 'Wav2Vec2BertForSequenceClassification' });
    expect(tinyArchitectureFor('parakeet_ctc', 'automatic-speech-recognition')).toMatchObject({ kind: 'audio', architecture: 'ParakeetForCTC' });
    expect(tinyArchitectureFor('clip', 'zero-shot-image-classification')).toMatchObject({ kind: 'dual-encoder', architecture: 'CLIPModel' });
    expect(tinyArchitectureFor('clip', 'image-feature-extraction')).toMatchObject({ architecture: 'CLIPVisionModelWithProjection' });
    expect(tinyArchitectureFor('siglip', 'image-feature-extraction')).toMatchObject({ architecture: 'SiglipVisionModel' });
    expect(tinyArchitectureFor('owlvit', 'zero-shot-object-detection')).toMatchObject({ kind: 'dual-encoder', architecture: 'OwlViTForObjectDetection' });
  });

  it('says exactly why the audio families left out stay unsupported', () => {
    const reason = (modelType: string, task: string) => (tinyArchitectureFor(modelType, task) as { reason: string }).reason;
    for (const audioLlm of ['granite_speech', 'voxtral', 'voxtral_realtime']) {
      expect(reason(audioLlm, 'automatic-speech-recognition')).toMatch(/no audio-text-to-text pipeline.*does not support model type/);
    }
    // speecht5 text-to-speech is tiny now (test/runtime/tiny-speecht5.test.ts); its other tasks are not built.
    expect(reason('speecht5', 'automatic-speech-recognition')).toMatch(/tiny speecht5 is built for text-to-audio only/);
  });

  it('says exactly why a media task stays unsupported', () => {
    const reason = (modelType: string, task: string) => {
      const a = tinyArchitectureFor(modelType, task);
      if (a.supported) throw new Error(`${modelType}/${task} unexpectedly supported`);
      return a.reason;
    };
    expect(reason('hubert', 'feature-extraction')).toMatch(/feature-extraction pipeline tokenizes text, but hubert takes audio input_values/);
    expect(reason('siglip', 'feature-extraction')).toMatch(/loads SiglipModel from onnx\/model\.onnx, which needs pixel_values/);
    expect(reason('vit', 'feature-extraction')).toMatch(/use image-feature-extraction/);
    expect(reason('wavlm', 'automatic-speech-recognition')).toMatch(/no branch for model_type "wavlm"/);
    expect(reason('segformer', 'image-feature-extraction')).toMatch(/no segformer class for task "image-feature-extraction"/);
    expect(reason('vit', 'fill-mask')).toMatch(/tiny vit covers: image-classification, image-feature-extraction/);
  });

  it('lists every media pair in tinyCoverage', () => {
    expect(pairsMissingFrom(tinyCoverage(), mediaCoverage())).toEqual([]);
    expect(new Set(mediaCoverage().map((c) => c.kind))).toEqual(
      new Set(['vision', 'audio', 'dual-encoder', 'detector', 'grounded-detector', 'depth', 'segmenter', 'upscaler', 'audio-text', 'text-to-audio']),
    );
  });
});

describe('model files', () => {
  it('writes the HF layout with the preprocessor class the pipeline builds', async () => {
    const vit = await buildTinyModel({ modelType: 'vit', task: 'image-classification', cacheDir: workspace.cacheDir });
    expect(vit.files).toEqual(['config.json', 'onnx/model.onnx', 'preprocessor_config.json']);
    expect(readJson(vit.dir, 'preprocessor_config.json')).toMatchObject({ image_processor_type: 'ViTImageProcessor', size: { height: 32, width: 32 } });
    expect(readJson(vit.dir, 'config.json').id2label['0']).toBe('tabby cat');

    const beit = await buildTinyModel({ modelType: 'beit', task: 'image-classification', cacheDir: workspace.cacheDir });
    // transformers.js exports only BeitFeatureExtractor; an image_processor_type of BeitImageProcessor would not load.
    expect(readJson(beit.dir, 'preprocessor_config.json')).toMatchObject({ feature_extractor_type: 'BeitFeatureExtractor' });

    const asr = await buildTinyModel({ modelType: 'wav2vec2', task: 'automatic-speech-recognition', cacheDir: workspace.cacheDir });
    expect(asr.files).toEqual(['config.json', 'onnx/model.onnx', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json']);
    expect(readJson(asr.dir, 'preprocessor_config.json')).toMatchObject({ feature_extractor_type: 'Wav2Vec2FeatureExtractor', sampling_rate: 16000 });
    expect(readJson(asr.dir, 'tokenizer_config.json').tokenizer_class).toBe('Wav2Vec2CTCTokenizer');

    const clipVision = await buildTinyModel({ modelType: 'clip', task: 'image-feature-extraction', cacheDir: workspace.cacheDir });
    // CLIPVisionModelWithProjection loads onnx/vision_model.onnx, not model.onnx.
    expect(clipVision.files).toEqual(['config.json', 'onnx/vision_model.onnx', 'preprocessor_config.json']);
  });

  it('is deterministic: byte-identical files in another cache root', async () => {
    const otherRoot = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-media-b-'));
    try {
      for (const [modelType, task] of [
        ['convnext', 'image-classification'],
        ['hubert', 'automatic-speech-recognition'],
        ['siglip', 'zero-shot-image-classification'],
      ] as const) {
        const a = await buildTinyModel({ modelType, task, cacheDir: workspace.cacheDir });
        const b = await buildTinyModel({ modelType, task, cacheDir: otherRoot });
        expect(b.modelId).toBe(a.modelId);
        expect(b.files).toEqual(a.files);
        for (const file of a.files) expect(fs.readFileSync(path.join(b.dir, file)).equals(fs.readFileSync(path.join(a.dir, file)))).toBe(true);
      }
    } finally {
      fs.rmSync(otherRoot, { recursive: true, force: true });
    }
  });

  it('reuses a cached build without rewriting it', async () => {
    const first = await buildTinyModel({ modelType: 'audio-spectrogram-transformer', task: 'audio-classification', cacheDir: workspace.cacheDir });
    const modelFile = path.join(first.dir, 'onnx/model.onnx');
    const before = fs.statSync(modelFile).mtimeMs;
    const second = await buildTinyModel({ modelType: 'audio-spectrogram-transformer', task: 'audio-classification', cacheDir: workspace.cacheDir });
    expect(second).toEqual({ ...first, fromCache: true });
    expect(fs.statSync(modelFile).mtimeMs).toBe(before);
  });
});

describe('onnxruntime: graphs take the real input names and depend on their inputs', () => {
  const firstOutput = async (session: InferenceSession, feeds: Record<string, OrtTensor>, name: string) =>
    Array.from((await session.run(feeds))[name]!.data as Float32Array);

  it('vision: pixel_values → logits; another image gives other logits; batch rows equal single runs', async () => {
    const model = await buildTinyModel({ modelType: 'deit', task: 'image-classification', cacheDir: workspace.cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    expect(session.inputNames).toEqual(['pixel_values']);
    expect(session.outputNames).toEqual(['logits']);
    const pixels = (seed: number) => Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => Math.sin(i * 0.01 * (seed + 1)));
    const run = (data: Float32Array, batch = 1) => firstOutput(session, { pixel_values: new ort.Tensor('float32', data, [batch, 3, 32, 32]) }, 'logits');
    const a = await run(pixels(0));
    const b = await run(pixels(1));
    expect(a).toHaveLength(10);
    expect(b).not.toEqual(a);
    expect(await run(pixels(0))).toEqual(a);
    const both = await run(Float32Array.from([...pixels(0), ...pixels(1)]), 2);
    both.slice(0, 10).forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 5));
    both.slice(10).forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
  });

  it('audio: log-mel input_features + attention_mask → CTC logits; masked (padding) frames do not leak into the rest', async () => {
    const model = await buildTinyModel({ modelType: 'wav2vec2-bert', task: 'automatic-speech-recognition', cacheDir: workspace.cacheDir });
    expect(readJson(model.dir, 'preprocessor_config.json')).toMatchObject({ feature_extractor_type: 'SeamlessM4TFeatureExtractor', stride: 2 });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_features']);
    const frames = 6;
    const features = (last: number) => new ort.Tensor('float32', Float32Array.from({ length: frames * 32 }, (_, i) => (i >= 5 * 32 ? last : Math.sin(i * 0.3))), [1, frames, 32]);
    const mask = (valid: number) => new ort.Tensor('int64', BigInt64Array.from({ length: frames }, (_, i) => (i < valid ? 1n : 0n)), [1, frames]);
    const firstFive = async (last: number, valid: number) => {
      const logits = (await session.run({ input_features: features(last), attention_mask: mask(valid) })).logits!;
      expect(logits.dims).toEqual([1, frames, 32]);
      return Array.from(logits.data as Float32Array).slice(0, 5 * 32);
    };
    // With the last frame masked its content cannot change the others; unmasked it does.
    expect(await firstFive(7, 5)).toEqual(await firstFive(-3, 5));
    expect(await firstFive(7, 6)).not.toEqual(await firstFive(-3, 6));
  });

  it('audio: input_values of any non-empty length → CTC logits, one frame per 20 ms', async () => {
    const model = await buildTinyModel({ modelType: 'wav2vec2', task: 'automatic-speech-recognition', cacheDir: workspace.cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    expect(session.inputNames).toEqual(['input_values']);
    const run = async (samples: Float32Array) => (await session.run({ input_values: new ort.Tensor('float32', samples, [1, samples.length]) })).logits!;
    expect((await run(tone(440))).dims).toEqual([1, 50, 32]);
    expect((await run(new Float32Array(1).fill(0.5))).dims).toEqual([1, 1, 32]);
    expect(Array.from((await run(tone(440))).data as Float32Array)).not.toEqual(Array.from((await run(tone(660))).data as Float32Array));
  });

  it('dual encoder: logits_per_image [images, texts] depend on both the image and the text', async () => {
    const model = await buildTinyModel({ modelType: 'clip', task: 'zero-shot-image-classification', cacheDir: workspace.cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    expect([...session.inputNames].sort()).toEqual(['attention_mask', 'input_ids', 'pixel_values']);
    expect([...session.outputNames].sort()).toEqual(['image_embeds', 'logits_per_image', 'logits_per_text', 'text_embeds']);
    const ids = (values: number[][]) => new ort.Tensor('int64', BigInt64Array.from(values.flat().map(BigInt)), [values.length, values[0]!.length]);
    const pixels = (seed: number) => new ort.Tensor('float32', Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => Math.cos(i * 0.02 * (seed + 1))), [1, 3, 32, 32]);
    const run = async (texts: number[][], seed: number) => {
      const out = await session.run({ input_ids: ids(texts), attention_mask: ids(texts.map((t) => t.map(() => 1))), pixel_values: pixels(seed) });
      expect(out.logits_per_image!.dims).toEqual([1, texts.length]);
      return Array.from(out.logits_per_image!.data as Float32Array);
    };
    const base = await run([[300, 40, 301], [300, 41, 301]], 0);
    expect(base[0]).not.toBeCloseTo(base[1]!, 6); // the text matters
    expect(await run([[300, 40, 301], [300, 41, 301]], 1)).not.toEqual(base); // the image matters
  });
});

const IMAGE_TASKS = new Set(['image-classification', 'image-feature-extraction', 'zero-shot-image-classification', 'zero-shot-object-detection']);

describe('every tiny media model runs its transformers.js pipeline offline, and its output depends on the input', () => {
  // Detectors and depth estimators are run through their task harnesses in tiny-vision-heads.test.ts,
  // segmenters and upscalers in tiny-vision-more.test.ts, Grounding DINO (one caption, not a list of labels) in tiny-grounding-dino.test.ts.
  const pairs = mediaCoverage().filter((c) => !['detector', 'grounded-detector', 'depth', 'segmenter', 'upscaler'].includes(c.kind));
  it.each(pairs.map((c) => [c.modelType, c.task] as const))('%s / %s', async (modelType, task) => {
    const { model, pipe } = await workspace.buildAndLoad(modelType, task);
    // The pipeline opened every graph of the model in onnxruntime.
    expect(Object.keys(pipe.model.sessions)).toHaveLength(model.files.filter((f) => f.endsWith('.onnx')).length);
    const family = MEDIA_FAMILIES[modelType]!;

    const run = async (variant: number): Promise<unknown> => {
      if (task === 'zero-shot-audio-classification') return pipe(tone(440 + 220 * variant), ['dog barking', 'rain', 'a violin']);
      if (task === 'text-to-audio') return pipe(['Hello there!', 'Good night.'][variant]);
      if (!IMAGE_TASKS.has(task)) return pipe(tone(440 + 220 * variant), { top_k: 3 });
      if (task === 'zero-shot-image-classification') return pipe(image(variant), ['a photo of a cat', 'a photo of a dog', 'a diagram']);
      if (task === 'zero-shot-object-detection') return pipe(image(variant), ['a cat', 'a remote control']);
      return pipe(image(variant), { top_k: 3 });
    };
    const a: any = await run(0);
    const b: any = await run(1);
    const plain = (x: any) => JSON.stringify(x?.data ? Array.from(x.data) : x);
    expect(plain(b)).not.toBe(plain(a));
    expect(plain(await run(0))).toBe(plain(a));

    const labels = Object.values((pipe.model.config.id2label ?? {}) as Record<string, string>);
    switch (task) {
      case 'image-classification':
      case 'audio-classification':
        expect(a).toHaveLength(3);
        for (const p of a) expect(labels).toContain(p.label);
        expect(a[0].score).toBeGreaterThanOrEqual(a[2].score);
        break;
      case 'image-feature-extraction':
        expect(a.dims.length).toBeGreaterThanOrEqual(2);
        expect(a.dims[0]).toBe(1);
        break;
      case 'automatic-speech-recognition':
        // The CTC decoder collapses repeats, drops blanks and maps `|` to spaces: only vocabulary characters remain.
        expect(a).toEqual({ text: expect.stringMatching(/^[A-Z' ]*$/) });
        break;
      case 'zero-shot-image-classification': {
        expect(a.map((p: any) => p.label).sort()).toEqual(['a diagram', 'a photo of a cat', 'a photo of a dog']);
        const sum = a.reduce((s: number, p: any) => s + p.score, 0);
        // CLIP softmaxes over the candidates; SigLIP scores each pair with its own sigmoid.
        if (family.kind === 'dual-encoder' && family.sigmoid) expect(sum).toBeLessThan(1);
        else expect(sum).toBeCloseTo(1, 5);
        break;
      }
      case 'zero-shot-audio-classification': {
        // transformers.js keeps the candidates' order and softmaxes over them.
        expect(a.map((p: any) => p.label)).toEqual(['dog barking', 'rain', 'a violin']);
        expect(a.reduce((s: number, p: any) => s + p.score, 0)).toBeCloseTo(1, 5);
        break;
      }
      case 'text-to-audio':
        expect(a.sampling_rate).toBe(16000);
        expect(a.audio).toBeInstanceOf(Float32Array);
        // One block of samples per character ("hello there!" is 12).
        expect(a.audio.length).toBe(12 * 256);
        expect(a.audio.every((s: number) => Number.isFinite(s) && Math.abs(s) <= 1)).toBe(true);
        break;
      case 'zero-shot-object-detection':
        expect(a.length).toBeGreaterThan(0);
        for (const d of a) {
          expect(['a cat', 'a remote control']).toContain(d.label);
          expect(d.score).toBeGreaterThan(0.1); // the pipeline's default threshold
          expect(d.box.xmax).toBeGreaterThan(d.box.xmin);
          expect(d.box.ymax).toBeGreaterThan(d.box.ymin);
        }
        break;
      default:
        throw new Error(`untested media task ${task}`);
    }
  });

  it('image classification of a batch equals single calls', async () => {
    const { pipe } = await workspace.buildAndLoad('swin', 'image-classification');
    const singles = [await pipe(image(0), { top_k: 3 }), await pipe(image(1), { top_k: 3 })];
    const batched = await pipe([image(0), image(1)], { top_k: 3 });
    batched.forEach((row: any[], i: number) =>
      row.forEach((p, j) => {
        expect(p.label).toBe(singles[i][j].label);
        expect(p.score).toBeCloseTo(singles[i][j].score, 5);
      }),
    );
  });

  it('the CTC tokenizer decodes frame ids the way wav2vec2 does', async () => {
    const model = await buildTinyModel({ modelType: 'wav2vec2', task: 'automatic-speech-recognition', cacheDir: workspace.cacheDir });
    const tokenizer: any = await AutoTokenizer.from_pretrained(model.modelId);
    expect(tokenizer.constructor.name).toBe('Wav2Vec2CTCTokenizer');
    const id = (t: string) => tokenizer.convert_tokens_to_ids(t) as number;
    const frames = ['H', 'H', '<pad>', 'E', 'L', '<pad>', 'L', 'O', 'O', '|', '|', 'W', 'E'].map(id);
    expect(tokenizer.decode(frames, { skip_special_tokens: false })).toBe('HELLO WE');
  });
});
