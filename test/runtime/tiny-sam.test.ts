/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessFor } from '../../src/runtime/harness';
import { maskGeneration } from '../../src/runtime/harness/mask-generation';
import { syntheticImage } from '../../src/runtime/harness/media';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { chooseModelSourceSync } from '../../src/runtime/source';
import { modelClassTasksOf } from '../../src/catalog/model-class-tasks';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { catalogCoverage } from '../../src/runtime/tiny/coverage';
import { coverageCatalog } from '../../src/runtime/tiny/coverage-catalog';
import { bareSpec, passesHarness, tinyContext, alteredPipe, loadedOncePerFile, provesWrongOutputsFail } from './tiny-context';
import { openTinySession } from './tiny-workspace';
import { scratchRoot } from '../helpers/tmp';

/**
 * Segment-Anything mask generation (sam, sam2, edgetam, sam3_tracker), which transformers.js 4.3.1
 * runs with no pipeline, as AutoProcessor + AutoModelForMaskGeneration over vision_encoder.onnx and
 * prompt_encoder_mask_decoder.onnx: tiny models in that layout, loaded by the harness's own loader,
 * checked, and every check shown to fail on altered outputs.
 */
const transformers = loadTransformers();
const ort = loadOrt();
jest.setTimeout(120_000);

const TYPES: Array<[modelType: string, architecture: string, processor: string]> = [
  ['sam', 'SamModel', 'SamProcessor'],
  ['sam2', 'Sam2Model', 'Sam2Processor'],
  ['edgetam', 'EdgeTamModel', 'Sam2Processor'],
  // transformers.js has no Sam3TrackerProcessor: AutoProcessor gives a plain Processor over Sam3ImageProcessor.
  ['sam3_tracker', 'Sam3TrackerModel', 'Processor'],
];
const TASK = 'mask-generation';

let cacheDir: string;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-sam-'));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

/** Each type's model, loaded once and shared by the tests below. */
const context = loadedOncePerFile((modelType) => tinyContext(modelType, TASK, cacheDir, 'vision'), (ctx) => ctx.pipe.dispose());
const extraTest = (name: RegExp) => maskGeneration.extraTests!.find((t) => name.test(t.name))!;

describe('registry: mask-generation is a model-class task of the four types', () => {
  test.each(TYPES)('%s', (modelType, architecture) => {
    expect(tinyArchitectureFor(modelType, TASK)).toEqual({ supported: true, kind: 'mask-generation', modelType, task: TASK, architecture });
    expect(tinyCoverage()).toContainEqual({ modelType, task: TASK, kind: 'mask-generation' });
    expect(harnessFor(TASK, modelType)).toBe(maskGeneration);
    expect(maskGeneration.load).toBeDefined();
    // The catalog counts the task from registry.js's MODEL_FOR_MASK_GENERATION_MAPPING_NAMES, and the pair is now tiny.
    expect(modelClassTasksOf(modelType)).toContainEqual({ className: architecture, mapping: 'MODEL_FOR_MASK_GENERATION_MAPPING_NAMES', task: TASK });
    expect(catalogCoverage(coverageCatalog()).pairs).toContainEqual(expect.objectContaining({ modelType, task: TASK, status: 'tiny' }));
    expect(transformers.AutoModelForMaskGeneration.supports(modelType)).toBe(true);
    const decision = chooseModelSourceSync(bareSpec(modelType, TASK, 'vision'), {});
    expect(decision.ok && decision.source.kind).toBe('tiny');
  });

  test('no pipeline runs it; other tasks say why not', async () => {
    expect(harnessFor(TASK)).toBeUndefined();
    await expect(transformers.pipeline(TASK as never, 'x/y')).rejects.toThrow(/Unsupported pipeline: mask-generation/);
    const a = tinyArchitectureFor('sam2', 'image-segmentation');
    expect(!a.supported && a.reason).toMatch(/only Sam2Model for sam2 \(in MODEL_FOR_MASK_GENERATION_MAPPING_NAMES\).*only mask-generation through Sam2Model covers it/);
  });
});

describe('files in the layout of the real exports', () => {
  const names = async (dir: string, file: string) => {
    const session = await openTinySession(path.join(dir, 'onnx', file));
    return { inputs: [...session.inputNames].sort(), outputs: [...session.outputNames].sort() };
  };

  test.each(TYPES)('%s: vision_encoder + prompt_encoder_mask_decoder (MODEL_TYPES.MaskGeneration)', async (modelType) => {
    const model = await buildTinyModel({ modelType, task: TASK, cacheDir });
    expect(model.files).toEqual(['config.json', 'onnx/prompt_encoder_mask_decoder.onnx', 'onnx/vision_encoder.onnx', 'preprocessor_config.json']);
    const config = JSON.parse(fs.readFileSync(path.join(model.dir, 'config.json'), 'utf8'));
    const pre = JSON.parse(fs.readFileSync(path.join(model.dir, 'preprocessor_config.json'), 'utf8'));
    if (modelType === 'sam') {
      expect(pre).toMatchObject({ image_processor_type: 'SamImageProcessor', size: { longest_edge: 64 }, do_pad: true, pad_size: { height: 64, width: 64 } });
      expect(await names(model.dir, 'vision_encoder.onnx')).toEqual({ inputs: ['pixel_values'], outputs: ['image_embeddings', 'image_positional_embeddings'] });
      expect(await names(model.dir, 'prompt_encoder_mask_decoder.onnx')).toEqual({
        inputs: ['image_embeddings', 'image_positional_embeddings', 'input_labels', 'input_points'],
        outputs: ['iou_scores', 'pred_masks'],
      });
    } else {
      expect(config.vision_config.num_feature_levels).toBe(3);
      expect(pre).toMatchObject({ size: { height: 64, width: 64 } });
      const levels = ['image_embeddings.0', 'image_embeddings.1', 'image_embeddings.2'];
      expect(await names(model.dir, 'vision_encoder.onnx')).toEqual({ inputs: ['pixel_values'], outputs: levels });
      expect(await names(model.dir, 'prompt_encoder_mask_decoder.onnx')).toEqual({
        inputs: [...levels, 'input_boxes', 'input_labels', 'input_points'],
        outputs: ['iou_scores', 'object_score_logits', 'pred_masks'],
      });
    }
  });

  test('the same inputs give the same bytes; `layers` gives a deeper vision encoder', async () => {
    const other = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-sam-again-'));
    try {
      for (const [modelType] of TYPES) {
        const a = await buildTinyModel({ modelType, task: TASK, cacheDir });
        const b = await buildTinyModel({ modelType, task: TASK, cacheDir: other });
        for (const file of a.files) expect(fs.readFileSync(path.join(b.dir, file)).equals(fs.readFileSync(path.join(a.dir, file)))).toBe(true);
        const deep = await buildTinyModel({ modelType, task: TASK, cacheDir: other, layers: 3 });
        const size = (dir: string) => fs.statSync(path.join(dir, 'onnx/vision_encoder.onnx')).size;
        expect(size(deep.dir)).toBeGreaterThan(size(a.dir));
      }
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('each type runs through the harness: checks, determinism, bad inputs, extra tests', () => {
  test.each(TYPES)('%s', async (modelType, architecture, processor) => {
    const ctx = await context(modelType);
    expect(ctx.pipe.model.constructor.name).toBe(architecture);
    expect(ctx.pipe.processor.constructor.name).toBe(processor);
    // Sam2ImageProcessor and Sam3ImageProcessor are aliases of SamImageProcessor in transformers.js.
    expect(ctx.pipe.processor.image_processor.constructor.name).toBe('SamImageProcessor');
    const [one, two] = (await passesHarness(ctx, maskGeneration)) as any[];
    // The processor keeps the original sizes; SAM pads a 50x40 image resized to 64x51, SAM 2 resizes to 64x64.
    expect(one.masks.dims).toEqual([1, 3, 40, 50]);
    expect(two.masks.dims).toEqual([2, 3, 64, 40]);
    expect(one.pred_masks.dims).toEqual([1, 1, 3, 32, 32]);
    for (const extra of maskGeneration.extraTests!) await extra.run(ctx);
  });

  test('sam2-style decoders take a box alone (Sam2Model.forward fills empty points and labels)', async () => {
    const ctx = await context('sam2');
    const inputs = await ctx.pipe.processor(syntheticImage(50, 40), { input_boxes: [[[5, 5, 30, 30]]] });
    const withBox = await ctx.pipe.model(inputs);
    expect(withBox.pred_masks.dims).toEqual([1, 1, 3, 32, 32]);
    const other = await ctx.pipe.model(await ctx.pipe.processor(syntheticImage(50, 40), { input_boxes: [[[20, 10, 48, 38]]] }));
    expect(Array.from(other.pred_masks.data)).not.toEqual(Array.from(withBox.pred_masks.data));
  });
});

describe('the harness fails on altered outputs', () => {
  test.each(TYPES.map((t) => t[0]))('%s', async (modelType) => {
    const ctx = await context(modelType);
    const sam2 = modelType !== 'sam';
    await provesWrongOutputsFail(ctx, maskGeneration, {
      'masks of the model input, not the image': (o) => ({ ...o, masks: { ...o.masks, dims: [1, 3, 64, 64], data: new Float32Array(3 * 64 * 64).map((_, i) => i % 2) } }),
      'masks height and width swapped': (o) => ({ ...o, masks: { ...o.masks, dims: [1, 3, 50, 40] } }),
      'one mask per prompt missing': (o) => ({ ...o, masks: { ...o.masks, dims: [1, 2, 40, 50], data: o.masks.data.slice(2000) } }),
      'logits, not booleans': (o) => ({ ...o, masks: { ...o.masks, type: 'float32' } }),
      'a value that is no boolean': (o) => ({ ...o, masks: { ...o.masks, data: o.masks.data.map((v: number, i: number) => (i === 9 ? 0.5 : v)) } }),
      'every mask empty': (o) => ({ ...o, masks: { ...o.masks, data: o.masks.data.map(() => 0) } }),
      'iou_scores without the point batch': (o) => ({ ...o, iou_scores: { ...o.iou_scores, dims: [1, 3] } }),
      'a NaN iou score': (o) => ({ ...o, iou_scores: { ...o.iou_scores, data: o.iou_scores.data.map((v: number, i: number) => (i ? v : Number.NaN)) } }),
      'pred_masks for another mask count': (o) => ({ ...o, pred_masks: { ...o.pred_masks, dims: [1, 1, 1, 32, 96] } }),
      ...(sam2 ? { 'no object score': (o: any) => ({ ...o, object_score_logits: undefined }) } : {}),
    });
    // Two prompts: the masks and scores carry both.
    await provesWrongOutputsFail(ctx, maskGeneration, {
      'one prompt lost': (o) => ({ ...o, masks: { ...o.masks, dims: [1, 3, 64, 40], data: o.masks.data.slice(3 * 64 * 40) } }),
      'scores of one prompt': (o) => ({ ...o, iou_scores: { ...o.iou_scores, dims: [1, 1, 3], data: o.iou_scores.data.slice(3) } }),
    }, 1);
    // A decoder that ignores the prompt (always answers the first call) fails the prompt test; one that ignores the image, the image test.
    let first: any;
    const promptBlind = alteredPipe(ctx, (o) => (first ??= o));
    await expect(extraTest(/prompt/).run(promptBlind)).rejects.toThrow(/moving the prompt point .* left the masks unchanged/);
    first = undefined;
    await expect(extraTest(/image/).run(alteredPipe(ctx, (o) => (first ??= o)))).rejects.toThrow(/two different images with the same prompt gave the same masks/);
  });
});
