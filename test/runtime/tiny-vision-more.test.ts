/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessFor, HarnessAssertionError, InvalidInputError } from '../../src/runtime/harness';
import { syntheticImage } from '../../src/runtime/harness/media';
import { runCall } from '../../src/runtime/describe-model';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { passesHarness, tinyContext } from './tiny-context';
import { buildTinyModel, tinyArchitectureFor } from '../../src/runtime/tiny';
import { SEGMENTATION_LABELS, SEGMENTATION_QUERIES, SUPER_RESOLUTION_SCALE } from '../../src/runtime/tiny/vision-heads';
import { tinyWorkspace } from './tiny-workspace';

/**
 * The image-feature-extraction base models transformers.js only has as `<Family>Model`
 * (DINOv3 ViT/ConvNeXt, ViT-MAE, Donut's Swin): their outputs keep the real families' layouts.
 * (Every pair also runs its pipeline + harness in tiny-media.test.ts.)
 */
const { env, pipeline } = loadTransformers();
const ort = loadOrt();
jest.setTimeout(60_000);

const workspace = tinyWorkspace('tiny vision base models', { env, pipeline });
const readJson = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const pixels = (seed = 0) => new ort.Tensor('float32', Float32Array.from({ length: 2 * 3 * 32 * 32 }, (_, i) => Math.sin(i * 0.013 * (seed + 1))), [2, 3, 32, 32]);

describe('feature-only base models', () => {
  it('map to the base class; image-classification says why it is missing', () => {
    expect(tinyArchitectureFor('dinov3_vit', 'image-feature-extraction')).toMatchObject({ kind: 'vision', architecture: 'DINOv3ViTModel' });
    expect(tinyArchitectureFor('dinov3_convnext', 'image-feature-extraction')).toMatchObject({ architecture: 'DINOv3ConvNextModel' });
    expect(tinyArchitectureFor('vit_mae', 'image-feature-extraction')).toMatchObject({ architecture: 'ViTMAEModel' });
    expect(tinyArchitectureFor('donut-swin', 'image-feature-extraction')).toMatchObject({ architecture: 'DonutSwinModel' });
    const donut = tinyArchitectureFor('donut-swin', 'image-classification');
    expect(!donut.supported && donut.reason).toMatch(/only DonutSwinModel .* no DonutSwinForImageClassification .*\(tiny donut-swin covers: image-feature-extraction\)/);
  });

  it('covers SAM-style mask generation and Grounding DINO (tested in tiny-sam.test.ts and tiny-grounding-dino.test.ts)', () => {
    for (const modelType of ['sam', 'sam2', 'edgetam', 'sam3_tracker']) expect(tinyArchitectureFor(modelType, 'mask-generation')).toMatchObject({ supported: true, kind: 'mask-generation' });
    expect(tinyArchitectureFor('grounding-dino', 'zero-shot-object-detection')).toMatchObject({ supported: true, kind: 'grounded-detector', architecture: 'GroundingDinoForObjectDetection' });
  });

  it('dinov3_vit: [CLS], 4 registers, then the patches; pooler_output is the [CLS] state', async () => {
    const { model, pipe } = await workspace.buildAndLoad('dinov3_vit', 'image-feature-extraction');
    expect(readJson(model.dir, 'config.json')).toMatchObject({ model_type: 'dinov3_vit', num_register_tokens: 4 });
    const states = await pipe(syntheticImage(48, 40));
    expect(states.dims).toEqual([1, 1 + 4 + 16, 32]);
    const pooled = await pipe(syntheticImage(48, 40), { pool: true });
    expect(Array.from(pooled.data)).toEqual(Array.from(states.data).slice(0, 32));
    await pipe.dispose();
  });

  it('dinov3_convnext: last_hidden_state starts with the pooled vector', async () => {
    const { model } = await workspace.buildAndLoad('dinov3_convnext', 'image-feature-extraction');
    const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx/model.onnx'));
    const out = await session.run({ pixel_values: pixels() });
    expect(out.last_hidden_state!.dims).toEqual([2, 17, 32]);
    const states = out.last_hidden_state!.data as Float32Array;
    const pooled = out.pooler_output!.data as Float32Array;
    expect(Array.from(states.slice(0, 32))).toEqual(Array.from(pooled.slice(0, 32)));
    expect(Array.from(states.slice(17 * 32, 18 * 32))).toEqual(Array.from(pooled.slice(32, 64)));
  });

  it('vit_mae: mask_ratio 0, nothing masked, ids_restore the identity; no pooler', async () => {
    const { model, pipe } = await workspace.buildAndLoad('vit_mae', 'image-feature-extraction');
    expect(readJson(model.dir, 'config.json')).toMatchObject({ model_type: 'vit_mae', mask_ratio: 0 });
    const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx/model.onnx'));
    expect([...session.outputNames].sort()).toEqual(['ids_restore', 'last_hidden_state', 'mask']);
    const out = await session.run({ pixel_values: pixels(1) });
    expect(out.last_hidden_state!.dims).toEqual([2, 17, 32]);
    expect(Array.from(out.mask!.data as Float32Array).every((v) => v === 0)).toBe(true);
    expect(out.ids_restore!.dims).toEqual([2, 16]);
    expect(Array.from(out.ids_restore!.data as BigInt64Array, Number)).toEqual([...Array(16).keys(), ...Array(16).keys()]);
    // The pipeline's pool option needs a pooler, which ViT-MAE does not have.
    await expect(pipe(syntheticImage(32, 32), { pool: true })).rejects.toThrow(/No pooled output/);
    await pipe.dispose();
  });
});

const context = (modelType: string, task: string) => tinyContext(modelType, task, workspace.cacheDir, 'vision');


describe('clipseg / zero-shot-image-classification', () => {
  it('loads CLIPSegModel with both towers (its pipeline run is in tiny-media.test.ts)', async () => {
    expect(tinyArchitectureFor('clipseg', 'zero-shot-image-classification')).toMatchObject({ kind: 'dual-encoder', architecture: 'CLIPSegModel' });
    const { model, pipe } = await workspace.buildAndLoad('clipseg', 'zero-shot-image-classification');
    expect(readJson(model.dir, 'config.json')).toMatchObject({ model_type: 'clipseg', architectures: ['CLIPSegModel'] });
    expect(pipe.model.constructor.name).toBe('CLIPSegModel');
    const labels = ['a cat', 'a dog'];
    const [a, b] = [await pipe(syntheticImage(48, 40, 0), labels), await pipe(syntheticImage(48, 40, 1), labels)];
    expect(a.map((p: any) => p.label).sort()).toEqual(labels);
    expect(a[0].score + a[1].score).toBeCloseTo(1, 5);
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    await pipe.dispose();
  });
});

describe('maskformer / image-segmentation', () => {
  it('maps to MaskFormerForInstanceSegmentation; the graph gives class and mask logits per query at any size', async () => {
    expect(tinyArchitectureFor('maskformer', 'image-segmentation')).toMatchObject({ kind: 'segmenter', architecture: 'MaskFormerForInstanceSegmentation' });
    const model = await buildTinyModel({ modelType: 'maskformer', task: 'image-segmentation', cacheDir: workspace.cacheDir });
    expect(readJson(model.dir, 'config.json')).toMatchObject({ model_type: 'maskformer', num_queries: SEGMENTATION_QUERIES });
    expect(readJson(model.dir, 'preprocessor_config.json')).toMatchObject({ image_processor_type: 'MaskFormerImageProcessor' });
    const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx/model.onnx'));
    const out = await session.run({ pixel_values: new ort.Tensor('float32', new Float32Array(3 * 32 * 48).fill(0.3), [1, 3, 32, 48]) });
    expect(out.class_queries_logits!.dims).toEqual([1, SEGMENTATION_QUERIES, SEGMENTATION_LABELS.length + 1]);
    expect(out.masks_queries_logits!.dims).toEqual([1, SEGMENTATION_QUERIES, 4, 6]);
  });

  it('runs its pipeline and passes the image-segmentation harness', async () => {
    const ctx = await context('maskformer', 'image-segmentation');
    await passesHarness(ctx, harnessFor('image-segmentation')!);
    await ctx.pipe.dispose();
  });

  it('the harness fails on wrong outputs', async () => {
    const ctx = await context('maskformer', 'image-segmentation');
    const harness = harnessFor('image-segmentation')!;
    const call = harness.calls(ctx)[0]!;
    const output = (await runCall(harness, ctx, call)) as any[];
    harness.check(output, call, ctx);
    const first = output[0];
    const { RawImage } = loadTransformers();
    const maskOf = (width: number, height: number, fill: number, channels: 1 | 3 = 1) => new RawImage(new Uint8ClampedArray(width * height * channels).fill(fill), width, height, channels);
    const wrong: Record<string, unknown> = {
      'no segments': [],
      'not an array': first,
      'invented label': [{ ...first, label: 'unicorn' }],
      'score above 1': [{ ...first, score: 1.2 }],
      'mask at model resolution': [{ ...first, mask: maskOf(32, 32, 255) }],
      'RGB mask': [{ ...first, mask: maskOf(64, 48, 255, 3) }],
      'empty mask': [{ ...first, mask: maskOf(64, 48, 0) }],
      'soft labelled mask': [{ ...first, mask: maskOf(64, 48, 128) }],
      'overlapping segments': [first, { ...first }],
      'no mask': [{ label: first.label, score: first.score }],
    };
    for (const [name, value] of Object.entries(wrong)) {
      expect(() => harness.check(value, call, ctx)).toThrow(HarnessAssertionError);
      expect(name).toBeTruthy();
    }
    expect(() => harness.check(output, { ...call, options: { threshold: 0.999 } }, ctx)).toThrow(/below the threshold/);
    expect(() => harness.check(output, { ...call, input: syntheticImage(40, 40) }, ctx)).toThrow(/expected 40x40/);
    expect(() => harness.validate({ ...call, options: { mask_threshold: 2 } }, ctx)).toThrow(InvalidInputError);
    expect(() => harness.validate({ ...call, options: { subtask: 'amodal' } }, ctx)).toThrow(/subtask must be one of/);
    // An unlabelled (matting-style) mask may be soft and has no score.
    harness.check([{ label: null, score: null, mask: maskOf(64, 48, 128) }], call, ctx);
    await ctx.pipe.dispose();
  });
});

describe('swin2sr / image-to-image', () => {
  it('maps to Swin2SRForImageSuperResolution; reconstruction is the input size × upscale', async () => {
    expect(tinyArchitectureFor('swin2sr', 'image-to-image')).toMatchObject({ kind: 'upscaler', architecture: 'Swin2SRForImageSuperResolution' });
    const model = await buildTinyModel({ modelType: 'swin2sr', task: 'image-to-image', cacheDir: workspace.cacheDir });
    expect(readJson(model.dir, 'config.json')).toMatchObject({ model_type: 'swin2sr', upscale: SUPER_RESOLUTION_SCALE });
    const session = await ort.InferenceSession.create(path.join(model.dir, 'onnx/model.onnx'));
    const out = await session.run({ pixel_values: new ort.Tensor('float32', Float32Array.from({ length: 3 * 16 * 24 }, (_, i) => (i % 7) / 7), [1, 3, 16, 24]) });
    expect(out.reconstruction!.dims).toEqual([1, 3, 16 * SUPER_RESOLUTION_SCALE, 24 * SUPER_RESOLUTION_SCALE]);
  });

  it('runs its pipeline and passes the image-to-image harness', async () => {
    const ctx = await context('swin2sr', 'image-to-image');
    const outputs = (await passesHarness(ctx, harnessFor('image-to-image')!)) as any[];
    // 30x21 is padded to 32x24 by the processor, then doubled.
    expect([outputs[2].width, outputs[2].height]).toEqual([64, 48]);
    await ctx.pipe.dispose();
  });

  it('the harness fails on wrong outputs', async () => {
    const ctx = await context('swin2sr', 'image-to-image');
    const harness = harnessFor('image-to-image')!;
    const call = harness.calls(ctx)[0]!;
    const output: any = await runCall(harness, ctx, call);
    harness.check(output, call, ctx);
    const { RawImage } = loadTransformers();
    const wrong: Record<string, unknown> = {
      'not upscaled': syntheticImage(40, 24),
      'grayscale': new RawImage(new Uint8ClampedArray(80 * 48).fill(9), 80, 48, 1),
      'flat image': new RawImage(new Uint8ClampedArray(80 * 48 * 3).fill(7), 80, 48, 3),
      'truncated data': { width: 80, height: 48, channels: 3, data: new Uint8Array(10) },
      'out-of-range pixel': { width: 80, height: 48, channels: 3, data: Float32Array.from(output.data, (v: number, i: number) => (i === 5 ? 300 : v)) },
      'not an image': [output],
    };
    for (const [name, value] of Object.entries(wrong)) {
      expect(() => harness.check(value, call, ctx)).toThrow(HarnessAssertionError);
      expect(name).toBeTruthy();
    }
    // The expected size follows the input.
    expect(() => harness.check(output, { ...call, input: syntheticImage(24, 24) }, ctx)).toThrow(/expected 48x48/);
    await ctx.pipe.dispose();
  });
});
