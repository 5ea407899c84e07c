import { loadTransformers } from '../host';
import {
  assertArray, assertObject, assertOneOf, assertProbability, assertSortedScores, assertString, assertSumsToOne, assertTensor,
  fail, InvalidInputError, preview,
} from './assert';
import { NEW_TOKENS } from './generation';
import { pick } from './text';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * Images and audio are made in memory: legacy files name photos and recordings by path or URL,
 * and the runtime never downloads. The legacy name is kept in the call's label.
 */
export function syntheticImage(width = 64, height = 64, seed = 0): unknown {
  const data = new Uint8ClampedArray(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 4 + seed * 37) & 255;
      data[i + 1] = (y * 4 + seed * 91) & 255;
      data[i + 2] = ((x + y) * 2 + seed * 53) & 255;
    }
  }
  const { RawImage } = loadTransformers();
  return new RawImage(data, width, height, 3);
}

export function syntheticAudio(samplingRate: number, seconds = 1, frequency = 440): Float32Array {
  const samples = new Float32Array(Math.round(samplingRate * seconds));
  for (let i = 0; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * frequency * i) / samplingRate);
  return samples;
}

function imageCalls(ctx: HarnessContext, options?: Record<string, unknown>): Call[] {
  const names = pick(ctx.spec.inputs.images, ['synthetic gradient A', 'synthetic gradient B']);
  return names.map((name, i) => ({ label: `image (in memory, standing for ${preview(name, 60)})`, input: syntheticImage(64, 64, i), options }));
}

function samplingRate(ctx: HarnessContext): number {
  const rate = ctx.pipe.processor?.feature_extractor?.config?.sampling_rate;
  return typeof rate === 'number' && rate > 0 ? rate : 16000;
}

function audioCalls(ctx: HarnessContext, options?: Record<string, unknown>): Call[] {
  const names = pick(ctx.spec.inputs.audio, ['synthetic 440 Hz tone', 'synthetic 660 Hz tone']);
  return names.map((name, i) => ({ label: `audio (in memory, standing for ${preview(name, 60)})`, input: syntheticAudio(samplingRate(ctx), 1, 440 + 220 * i), options }));
}

export function validateImage(call: Call): void {
  const image = call.input as { data?: ArrayLike<number>; width?: number; height?: number; channels?: number } | null;
  if (!image || typeof image !== 'object' || !image.data) throw new InvalidInputError(`${call.label}: expected an image, got ${preview(image)}`);
  const { width = 0, height = 0, channels = 0 } = image;
  if (width < 1 || height < 1) throw new InvalidInputError(`${call.label}: wrong-sized image ${width}x${height}; both sides must be at least 1 pixel`);
  if (![1, 3, 4].includes(channels)) throw new InvalidInputError(`${call.label}: wrong-sized image: ${channels} channels (expected 1, 3 or 4)`);
  if (image.data.length !== width * height * channels) {
    throw new InvalidInputError(`${call.label}: wrong-sized image: ${width}x${height}x${channels} needs ${width * height * channels} values, got ${image.data.length}`);
  }
}

export function validateAudio(call: Call): void {
  const audio = call.input;
  if (!(audio instanceof Float32Array)) throw new InvalidInputError(`${call.label}: expected audio samples as a Float32Array, got ${preview(audio)}`);
  if (audio.length === 0) throw new InvalidInputError(`${call.label}: empty audio; give at least one sample`);
  for (let i = 0; i < audio.length; i++) {
    if (!Number.isFinite(audio[i])) throw new InvalidInputError(`${call.label}: audio sample ${i} is ${audio[i]}`);
  }
}

export const badImage = () => {
  const { RawImage } = loadTransformers();
  return { name: 'wrong-sized image', call: { label: 'wrong-sized image', input: new RawImage(new Uint8ClampedArray(10), 64, 64, 3) }, error: /wrong-sized image/ };
};
const badAudio = () => ({ name: 'empty audio', call: { label: 'empty audio', input: new Float32Array(0) }, error: /empty audio/ });

function checkLabelled(output: unknown, ctx: HarnessContext, what: string): void {
  assertArray(output, `${what} output`, 1);
  output.forEach((c, i) => {
    assertObject(c, `prediction ${i}`);
    if (ctx.labels.length) assertOneOf(c.label, ctx.labels, `prediction ${i}.label`);
    else assertString(c.label, `prediction ${i}.label`);
  });
  assertSortedScores(output.map((c) => (c as { score: number }).score), `${what} scores`);
}

function batchOfTwo(calls: Call[], options?: Record<string, unknown>) {
  return {
    calls: [calls[0], calls[1]] as [Call, Call],
    batched: { label: 'batch of two', input: [calls[0].input, calls[1].input], options },
    split: (output: unknown) => {
      assertArray(output, 'batched output', 2);
      return [output[0], output[1]] as [unknown, unknown];
    },
  };
}

export const imageClassification: TaskHarness = {
  task: 'image-classification',
  calls: (ctx) => imageCalls(ctx, { top_k: 3 }),
  batch(ctx) {
    return batchOfTwo(this.calls(ctx), { top_k: 3 });
  },
  validate: validateImage,
  check: (output, _call, ctx) => checkLabelled(output, ctx, 'image-classification'),
  badInputs: () => [badImage()],
};

export const imageFeatureExtraction: TaskHarness = {
  task: 'image-feature-extraction',
  calls: (ctx) => imageCalls(ctx),
  validate: validateImage,
  check(output) {
    const t = output as { dims?: number[] };
    assertTensor(output, 'image features', t?.dims?.length ?? 0);
    if ((t.dims ?? []).length < 2) fail(`image features: expected at least rank 2, got dims [${t.dims}]`);
  },
  badInputs: () => [badImage()],
};

export const zeroShotImageClassification: TaskHarness = {
  task: 'zero-shot-image-classification',
  invoke: (pipe, call) => pipe(call.input, call.options!.candidate_labels),
  calls(ctx) {
    const labels = pick(ctx.spec.inputs.candidateLabels, ['a photo of a cat', 'a photo of a dog', 'a diagram'], 2, 5);
    return imageCalls(ctx).map((c) => ({ ...c, options: { candidate_labels: labels } }));
  },
  validate(call) {
    validateImage(call);
    const labels = call.options?.candidate_labels;
    if (!Array.isArray(labels) || labels.length < 1) throw new InvalidInputError(`${call.label}: zero-shot image classification needs at least one candidate label`);
  },
  async check(output, call, ctx) {
    const labels = call.options!.candidate_labels as string[];
    assertArray(output, 'zero-shot image output', labels.length);
    const got = output.map((c) => (c as { label: string }).label);
    if ([...got].sort().join('\n') !== [...labels].sort().join('\n')) fail(`zero-shot image labels ${preview(got)} are not the candidates ${preview(labels)}`);
    const scores = output.map((c) => (c as { score: number }).score);
    assertSortedScores(scores, 'zero-shot image scores');
    // SigLIP scores every image-label pair with its own sigmoid; CLIP-style models softmax over the labels.
    if (!SIGMOID_SCORED.has(String(ctx.pipe.model?.config?.model_type))) assertSumsToOne(scores, 'zero-shot image scores');
  },
  badInputs: () => [badImage()],
};

const SIGMOID_SCORED = new Set(['siglip', 'siglip2']);

export const zeroShotObjectDetection: TaskHarness = {
  task: 'zero-shot-object-detection',
  invoke: (pipe, call) => (pipe as unknown as (i: unknown, l: unknown, o: unknown) => Promise<unknown>)(call.input, call.options!.candidate_labels, { threshold: call.options!.threshold }),
  calls(ctx) {
    const labels = pick(ctx.spec.inputs.candidateLabels, ['a cat', 'a remote control'], 2, 5);
    // Threshold 0 keeps every box, so the structure is checked whatever a random model scores.
    return imageCalls(ctx).map((c) => ({ ...c, options: { candidate_labels: labels, threshold: 0 } }));
  },
  validate(call) {
    validateImage(call);
    const labels = call.options?.candidate_labels;
    if (!Array.isArray(labels) || labels.length < 1) throw new InvalidInputError(`${call.label}: zero-shot object detection needs at least one candidate label`);
  },
  check(output, call) {
    const labels = call.options!.candidate_labels as string[];
    assertArray(output, 'detections', 1);
    const image = call.input as { width: number; height: number };
    output.forEach((d, i) => {
      assertObject(d, `detection ${i}`);
      assertOneOf(d.label, labels, `detection ${i}.label`);
      // Boxes are not clipped (a box may spill over an edge), but their centres are predicted inside the image.
      checkDetectionBox(d.box, `detection ${i}.box`, image.width, image.height);
    });
    assertSortedScores(output.map((d) => (d as { score: number }).score), 'detection scores');
  },
  badInputs: () => [badImage()],
};

export const imageToText: TaskHarness = {
  task: 'image-to-text',
  calls: (ctx) => imageCalls(ctx, { max_new_tokens: NEW_TOKENS }),
  validate: validateImage,
  check(output) {
    assertArray(output, 'image-to-text output', 1);
    assertObject(output[0], 'caption');
    assertString(output[0].generated_text, 'generated_text');
  },
  badInputs: () => [badImage()],
};

export const automaticSpeechRecognition: TaskHarness = {
  task: 'automatic-speech-recognition',
  calls: (ctx) => audioCalls(ctx, { max_new_tokens: NEW_TOKENS }),
  validate: validateAudio,
  check(output) {
    assertObject(output, 'transcription');
    assertString(output.text, 'transcription text');
  },
  badInputs: () => [badAudio()],
};

export const audioClassification: TaskHarness = {
  task: 'audio-classification',
  calls: (ctx) => audioCalls(ctx, { top_k: 3 }),
  validate: validateAudio,
  check: (output, _call, ctx) => checkLabelled(output, ctx, 'audio-classification'),
  badInputs: () => [badAudio()],
};

/** Legacy image names, each made as an in-memory image of the given size (landscape, then portrait). */
export function sizedImageCalls(ctx: HarnessContext, sizes: Array<[number, number]>, options?: Record<string, unknown>): Call[] {
  const names = pick(ctx.spec.inputs.images, ['synthetic gradient A', 'synthetic gradient B']);
  return names.map((name, i) => {
    const [width, height] = sizes[i % sizes.length]!;
    return { label: `${width}x${height} image (in memory, standing for ${preview(name, 60)})`, input: syntheticImage(width, height, i), options };
  });
}

/**
 * A detection box `{ xmin, ymin, xmax, ymax }` in a `width` × `height` image (1 × 1 for `fractions`):
 * finite, not inverted, centred inside the image; pixel boxes are whole numbers (get_bounding_box
 * truncates them); `contained`: wholly inside.
 */
export function checkDetectionBox(box: unknown, what: string, width: number, height: number, { fractions = false, contained = false } = {}): void {
  assertObject(box, what);
  const { xmin, ymin, xmax, ymax } = box as Record<string, number>;
  for (const [k, v] of Object.entries({ xmin, ymin, xmax, ymax })) {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${what}.${k}: expected a number, got ${preview(v)}`);
    if (!fractions && !Number.isInteger(v)) fail(`${what}.${k}: pixel boxes are whole numbers, got ${v}`);
  }
  if (xmin > xmax || ymin > ymax) fail(`${what} is inverted: ${preview(box)}`);
  const space = fractions ? 'unit square' : 'image';
  const [cx, cy] = [(xmin + xmax) / 2, (ymin + ymax) / 2];
  if (cx < 0 || cy < 0 || cx > width || cy > height) fail(`${what} ${preview(box)} is centred outside the ${width}x${height} ${space}`);
  if (contained && (xmin < 0 || ymin < 0 || xmax > width || ymax > height)) fail(`${what} ${preview(box)} leaves the ${width}x${height} ${space}`);
}

export function validateThreshold(call: Call): void {
  const threshold = call.options?.threshold;
  if (threshold !== undefined && (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1))) {
    throw new InvalidInputError(`${call.label}: threshold must be a number within [0, 1], got ${preview(threshold)}`);
  }
}

export const objectDetection: TaskHarness = {
  task: 'object-detection',
  // transformers.js's detector refuses batches of more than one image, so the measured batch is skipped.
  invoke: (pipe, call) => pipe(call.input, call.options),
  calls(ctx) {
    // Threshold 0 keeps every query that predicts an object, so a random tiny model's output is checked too;
    // a real checkpoint keeps its confident boxes only.
    const threshold = ctx.realCheckpoint ? 0.5 : 0;
    const [first, ...rest] = sizedImageCalls(ctx, [[64, 48], [48, 64]], { threshold });
    return [first!, ...rest, { ...first!, label: `${first!.label}, boxes as fractions`, options: { threshold, percentage: true } }];
  },
  validate(call) {
    validateImage(call);
    validateThreshold(call);
    const percentage = call.options?.percentage;
    if (percentage !== undefined && typeof percentage !== 'boolean') throw new InvalidInputError(`${call.label}: percentage must be true or false, got ${preview(percentage)}`);
  },
  check(output, call, ctx) {
    const threshold = (call.options?.threshold as number | undefined) ?? 0.9;
    const percentage = call.options?.percentage === true;
    const image = call.input as { width: number; height: number };
    const [width, height] = percentage ? [1, 1] : [image.width, image.height];
    assertArray(output, 'detections', ctx.realCheckpoint ? 0 : 1);
    output.forEach((d, i) => {
      assertObject(d, `detection ${i}`);
      assertProbability(d.score, `detection ${i}.score`);
      if ((d.score as number) < threshold) fail(`detection ${i}.score ${d.score} is below the threshold ${threshold}`);
      if (ctx.labels.length) assertOneOf(d.label, ctx.labels, `detection ${i}.label`);
      else assertString(d.label, `detection ${i}.label`);
      // Predicted boxes are not clipped: a real checkpoint's box may spill over an edge; the tiny heads keep whole boxes inside.
      checkDetectionBox(d.box, `detection ${i}.box`, width, height, { fractions: percentage, contained: !ctx.realCheckpoint });
    });
  },
  badInputs: () => [
    badImage(),
    { name: 'threshold above 1', call: { label: 'threshold above 1', input: syntheticImage(32, 32), options: { threshold: 1.5 } }, error: /threshold must be a number within \[0, 1\]/ },
    { name: 'batch of two', call: { label: 'batch of two', input: [syntheticImage(32, 32, 0), syntheticImage(32, 32, 1)], options: { threshold: 0 } }, error: /only supports a batch size of 1/ },
  ],
};

export const depthEstimation: TaskHarness = {
  task: 'depth-estimation',
  calls: (ctx) => sizedImageCalls(ctx, [[64, 48], [40, 56]]),
  validate: validateImage,
  check(output, call) {
    const image = call.input as { width: number; height: number };
    assertObject(output, 'depth estimate');
    // predicted_depth is interpolated back to the input image: [height, width], finite.
    assertTensor(output.predicted_depth, 'predicted_depth', 2);
    const depth = output.predicted_depth as { dims: number[]; data: ArrayLike<number> };
    if (depth.dims[0] !== image.height || depth.dims[1] !== image.width) {
      fail(`predicted_depth: expected dims [${image.height}, ${image.width}] (the input image), got [${depth.dims}]`);
    }
    assertObject(output.depth, 'depth image');
    const picture = output.depth as { width?: number; height?: number; channels?: number; data?: ArrayLike<number> };
    if (picture.width !== image.width || picture.height !== image.height) {
      fail(`depth image: expected ${image.width}x${image.height} (the input image), got ${picture.width}x${picture.height}`);
    }
    if (picture.channels !== 1) fail(`depth image: expected 1 channel (grayscale), got ${picture.channels}`);
    if (!picture.data || picture.data.length !== image.width * image.height) {
      fail(`depth image: expected ${image.width * image.height} pixels, got ${picture.data?.length}`);
    }
    // The image is the depth rescaled to 0..255: the deepest pixel is white, the nearest black
    // (within one level: the float32 rescale may land just under 255 and is truncated).
    let [lo, hi] = [0, 0];
    for (let i = 1; i < depth.data.length; i++) {
      if (depth.data[i]! < depth.data[lo]!) lo = i;
      if (depth.data[i]! > depth.data[hi]!) hi = i;
    }
    if (depth.data[hi] === depth.data[lo]) fail('predicted_depth is constant: the depth image cannot be normalised');
    if (picture.data[lo]! > 1 || picture.data[hi]! < 254) {
      fail(`depth image: pixel ${lo} (smallest depth) should be 0 and pixel ${hi} (largest) 255, got ${picture.data[lo]} and ${picture.data[hi]}`);
    }
  },
  badInputs: () => [badImage()],
};

export function validateUnitOption(call: Call, name: string): void {
  const value = call.options?.[name];
  if (value !== undefined && (typeof value !== 'number' || !(value >= 0 && value <= 1))) {
    throw new InvalidInputError(`${call.label}: ${name} must be a number within [0, 1], got ${preview(value)}`);
  }
}

const SEGMENTATION_SUBTASKS = ['panoptic', 'instance', 'semantic'];

export const imageSegmentation: TaskHarness = {
  task: 'image-segmentation',
  // transformers.js's segmenter refuses batches of more than one image, so the measured batch is skipped.
  invoke: (pipe, call) => pipe(call.input, call.options),
  calls(ctx) {
    // As for detection: threshold 0 keeps every query a random tiny model predicts an object for.
    return sizedImageCalls(ctx, [[64, 48], [48, 64]], { threshold: ctx.realCheckpoint ? 0.5 : 0 });
  },
  validate(call) {
    validateImage(call);
    for (const name of ['threshold', 'mask_threshold', 'overlap_mask_area_threshold']) validateUnitOption(call, name);
    const subtask = call.options?.subtask;
    if (subtask !== undefined && subtask !== null && !SEGMENTATION_SUBTASKS.includes(subtask as string)) {
      throw new InvalidInputError(`${call.label}: subtask must be one of ${SEGMENTATION_SUBTASKS.join(', ')}, got ${preview(subtask)}`);
    }
  },
  check(output, call, ctx) {
    const threshold = (call.options?.threshold as number | undefined) ?? 0.5;
    const image = call.input as { width: number; height: number };
    const pixels = image.width * image.height;
    assertArray(output, 'segments', ctx.realCheckpoint ? 0 : 1);
    // Labelled segments (panoptic, semantic) are binary masks that never share a pixel.
    const owner = new Int32Array(pixels).fill(-1);
    output.forEach((s, i) => {
      assertObject(s, `segment ${i}`);
      if (s.score !== null) {
        assertProbability(s.score, `segment ${i}.score`);
        if ((s.score as number) < threshold) fail(`segment ${i}.score ${s.score} is below the threshold ${threshold}`);
      }
      if (s.label !== null) {
        if (ctx.labels.length) assertOneOf(s.label, ctx.labels, `segment ${i}.label`);
        else assertString(s.label, `segment ${i}.label`);
      }
      assertObject(s.mask, `segment ${i}.mask`);
      const mask = s.mask as { width?: number; height?: number; channels?: number; data?: ArrayLike<number> };
      if (mask.width !== image.width || mask.height !== image.height) {
        fail(`segment ${i}.mask: expected ${image.width}x${image.height} (the input image), got ${mask.width}x${mask.height}`);
      }
      if (mask.channels !== 1) fail(`segment ${i}.mask: expected 1 channel, got ${mask.channels}`);
      if (!mask.data || mask.data.length !== pixels) fail(`segment ${i}.mask: expected ${pixels} pixels, got ${mask.data?.length}`);
      if (s.label === null) return;
      let covered = 0;
      for (let p = 0; p < pixels; p++) {
        const v = mask.data[p]!;
        if (v !== 0 && v !== 255) fail(`segment ${i}.mask: a labelled mask is binary (0 or 255), pixel ${p} is ${v}`);
        if (v === 0) continue;
        covered++;
        if (owner[p] !== -1) fail(`segment ${i}.mask overlaps segment ${owner[p]} at pixel ${p}`);
        owner[p] = i;
      }
      if (covered === 0) fail(`segment ${i}.mask is empty: a segment covers at least one pixel`);
    });
  },
  badInputs: () => [
    badImage(),
    { name: 'threshold above 1', call: { label: 'threshold above 1', input: syntheticImage(32, 32), options: { threshold: 1.5 } }, error: /threshold must be a number within \[0, 1\]/ },
    { name: 'batch of two', call: { label: 'batch of two', input: [syntheticImage(32, 32, 0), syntheticImage(32, 32, 1)], options: { threshold: 0 } }, error: /only supports a batch size of 1/ },
  ],
};

/** A processor's pad size as [width, height] (a number or `{ width, height }`), or undefined when it does not pad. */
function padSize(ctx: HarnessContext): [number, number] | undefined {
  const processor = ctx.pipe.processor?.image_processor;
  if (!processor?.do_pad) return undefined;
  const size = processor.pad_size;
  if (typeof size === 'number') return [size, size];
  if (size && typeof size.width === 'number' && typeof size.height === 'number') return [size.width, size.height];
  return undefined;
}

export const imageToImage: TaskHarness = {
  task: 'image-to-image',
  // Legacy images at sizes that are multiples of 8 (Swin2SR's pad size), then one that is not, to cover the processor's padding.
  calls: (ctx) => [
    ...sizedImageCalls(ctx, [[40, 24], [24, 32]]),
    { label: '30x21 image (in memory; sides not multiples of the pad size)', input: syntheticImage(30, 21, 2) },
  ],
  validate: validateImage,
  check(output, call, ctx) {
    const image = call.input as { width: number; height: number };
    const upscale = ctx.pipe.model?.config?.upscale ?? 2;
    if (!Number.isInteger(upscale) || upscale < 1) fail(`image-to-image: config.upscale must be a whole number ≥ 1, got ${preview(upscale)}`);
    // transformers.js pads each side up to a multiple of pad_size and does not crop the result.
    const [padW, padH] = padSize(ctx) ?? [1, 1];
    const width = Math.ceil(image.width / padW) * padW * upscale;
    const height = Math.ceil(image.height / padH) * padH * upscale;
    assertObject(output, 'output image');
    const picture = output as { width?: number; height?: number; channels?: number; data?: ArrayLike<number> };
    if (picture.width !== width || picture.height !== height) {
      fail(`output image: expected ${width}x${height} (the ${image.width}x${image.height} input${padW > 1 ? ` padded to a multiple of ${padW}` : ''}, ×${upscale}), got ${picture.width}x${picture.height}`);
    }
    if (picture.channels !== 3) fail(`output image: expected 3 channels (RGB), got ${picture.channels}`);
    if (!picture.data || picture.data.length !== width * height * 3) fail(`output image: expected ${width * height * 3} values, got ${picture.data?.length}`);
    let varies = false;
    for (let i = 0; i < picture.data.length; i++) {
      const v = picture.data[i]!;
      if (!Number.isInteger(v) || v < 0 || v > 255) fail(`output image: value ${i} is ${v}; pixels are whole numbers in 0..255`);
      if (v !== picture.data[0]) varies = true;
    }
    if (!varies) fail(`output image: every value is ${picture.data[0]}; an upscaled gradient is not a flat image`);
  },
  badInputs: () => [badImage()],
};

export const zeroShotAudioClassification: TaskHarness = {
  task: 'zero-shot-audio-classification',
  invoke: (pipe, call) => pipe(call.input, call.options!.candidate_labels),
  calls(ctx) {
    const labels = pick(ctx.spec.inputs.candidateLabels, ['dog barking', 'rain on a roof', 'a violin'], 2, 5);
    return audioCalls(ctx).map((c) => ({ ...c, options: { candidate_labels: labels } }));
  },
  validate(call) {
    validateAudio(call);
    const labels = call.options?.candidate_labels;
    if (!Array.isArray(labels) || labels.length < 1 || labels.some((l) => typeof l !== 'string' || l.trim() === '')) {
      throw new InvalidInputError(`${call.label}: zero-shot audio classification needs at least one non-empty candidate label, got ${preview(labels)}`);
    }
  },
  check(output, call) {
    const labels = call.options!.candidate_labels as string[];
    assertArray(output, 'zero-shot audio output', labels.length);
    const got = output.map((c, i) => {
      assertObject(c, `zero-shot audio prediction ${i}`);
      assertProbability(c.score, `zero-shot audio prediction ${i}.score`);
      return c.label;
    });
    // transformers.js keeps the candidates' order (Python's pipeline sorts), so compare them as a set.
    if ([...got].map(String).sort().join('\n') !== [...labels].sort().join('\n') || got.length !== labels.length) {
      fail(`zero-shot audio labels ${preview(got)} are not the candidates ${preview(labels)}`);
    }
    // CLAP softmaxes over the candidate labels.
    assertSumsToOne(output.map((c) => (c as { score: number }).score), 'zero-shot audio scores');
  },
  badInputs: () => [
    badAudio(),
    { name: 'no candidate labels', call: { label: 'no candidate labels', input: syntheticAudio(16000, 0.1), options: { candidate_labels: [] } }, error: /at least one non-empty candidate label/ },
  ],
};

/** Texts to speak: the legacy file's own, else two short sentences. */
export function speechCalls(ctx: HarnessContext): Call[] {
  return pick(ctx.spec.inputs.texts.filter((t) => t.trim()), ['Hello, my dog is cute.', 'The quick brown fox jumps over the lazy dog.'])
    .map((text) => ({ label: `text ${preview(text, 60)}`, input: text }));
}

export const textToAudio: TaskHarness = {
  task: 'text-to-audio',
  calls: speechCalls,
  validate(call) {
    if (typeof call.input !== 'string') throw new InvalidInputError(`${call.label}: expected text to speak, got ${preview(call.input)}`);
    if (call.input.trim() === '') throw new InvalidInputError(`${call.label}: empty text; give at least one word to speak`);
  },
  check(output) {
    assertObject(output, 'text-to-audio output');
    const { audio, sampling_rate: rate } = output;
    if (!(audio instanceof Float32Array)) fail(`text-to-audio output.audio: expected a Float32Array of samples, got ${preview(audio)}`);
    if (audio.length === 0) fail('text-to-audio output.audio: no samples (silence of length 0)');
    for (let i = 0; i < audio.length; i++) {
      if (!Number.isFinite(audio[i])) fail(`text-to-audio output.audio[${i}] is ${audio[i]}`);
    }
    if (typeof rate !== 'number' || !Number.isInteger(rate) || rate <= 0) fail(`text-to-audio output.sampling_rate: expected a positive whole number of Hz, got ${preview(rate)}`);
    if (audio.every((s) => s === 0)) fail('text-to-audio output.audio: every sample is 0 (nothing was spoken)');
  },
  badInputs: () => [{ name: 'empty text', call: { label: 'empty text', input: '   ' }, error: /empty text/ }],
};
