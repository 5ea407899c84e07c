/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { harnessFor, HarnessAssertionError, InvalidInputError } from '../../src/runtime/harness';
import { syntheticImage } from '../../src/runtime/harness/media';
import { runCall } from '../../src/runtime/describe-model';
import { loadOrt } from '../../src/runtime/host';
import { loadedOncePerFile, pairsMissingFrom, passesHarness, tinyContext } from './tiny-context';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { mediaCoverage } from '../../src/runtime/tiny/media';
import { DETECTION_LABELS, DETECTION_QUERIES } from '../../src/runtime/tiny/vision-heads';
import { openTinySession } from './tiny-workspace';
import { scratchRoot } from '../helpers/tmp';

const ort = loadOrt();
jest.setTimeout(60_000);

let cacheDir: string;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-vision-heads-'));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const HEAD_PAIRS = mediaCoverage().filter((c) => c.kind === 'detector' || c.kind === 'depth');

/** Each pair's model, loaded once and shared by the tests below. */
const sharedContext = loadedOncePerFile((pair) => tinyContext(pair.split(' ')[0]!, pair.split(' ')[1]!, cacheDir, 'vision'), (ctx) => ctx.pipe.dispose());
const context = (modelType: string, task: string) => sharedContext(`${modelType} ${task}`);

describe('registry: detectors and depth estimators', () => {
  it('maps each family to the class transformers.js loads', () => {
    expect(tinyArchitectureFor('detr', 'object-detection')).toEqual({
      supported: true, kind: 'detector', modelType: 'detr', task: 'object-detection', architecture: 'DetrForObjectDetection',
    });
    expect(tinyArchitectureFor('table-transformer', 'object-detection')).toMatchObject({ architecture: 'TableTransformerForObjectDetection' });
    expect(tinyArchitectureFor('yolos', 'object-detection')).toMatchObject({ architecture: 'YolosForObjectDetection' });
    expect(tinyArchitectureFor('rt_detr_v2', 'object-detection')).toMatchObject({ architecture: 'RTDetrV2ForObjectDetection' });
    expect(tinyArchitectureFor('dpt', 'depth-estimation')).toMatchObject({ kind: 'depth', architecture: 'DPTForDepthEstimation' });
    expect(tinyArchitectureFor('depth_anything', 'depth-estimation')).toMatchObject({ architecture: 'DepthAnythingForDepthEstimation' });
    expect(tinyArchitectureFor('glpn', 'depth-estimation')).toMatchObject({ architecture: 'GLPNForDepthEstimation' });
    const other = tinyArchitectureFor('detr', 'image-classification');
    expect(other.supported).toBe(false);
    expect(!other.supported && other.reason).toMatch(/no detr class for task "image-classification" \(tiny detr covers: object-detection\)/);
  });

  it('lists every new pair in tinyCoverage', () => {
    expect(pairsMissingFrom(tinyCoverage(), HEAD_PAIRS)).toEqual([]);
    expect(HEAD_PAIRS.map((c) => c.modelType).sort()).toEqual(
      ['chmv2', 'd_fine', 'depth_anything', 'depth_pro', 'detr', 'dpt', 'glpn', 'rf_detr', 'rt_detr', 'rt_detr_v2', 'table-transformer', 'yolos'],
    );
  });
});

describe('onnxruntime: the graphs take the real exports\' inputs at any image size', () => {
  const pixels = (h: number, w: number, seed = 0) =>
    new ort.Tensor('float32', Float32Array.from({ length: 3 * h * w }, (_, i) => Math.sin(i * 0.013 * (seed + 1))), [1, 3, h, w]);

  it('detr takes pixel_values and pixel_mask; logits have a no-object column; boxes stay in the unit square', async () => {
    const model = await buildTinyModel({ modelType: 'detr', task: 'object-detection', cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    expect([...session.inputNames].sort()).toEqual(['pixel_mask', 'pixel_values']);
    const mask = new ort.Tensor('int64', new BigInt64Array(64 * 64).fill(1n), [1, 64, 64]);
    const out = await session.run({ pixel_values: pixels(32, 48), pixel_mask: mask });
    expect(out.logits!.dims).toEqual([1, DETECTION_QUERIES, DETECTION_LABELS.length + 1]);
    expect(out.pred_boxes!.dims).toEqual([1, DETECTION_QUERIES, 4]);
    const boxes = Array.from(out.pred_boxes!.data as Float32Array);
    for (let q = 0; q < DETECTION_QUERIES; q++) {
      const [cx, cy, w, h] = boxes.slice(q * 4, q * 4 + 4) as [number, number, number, number];
      for (const edge of [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2]) expect(edge >= 0 && edge <= 1).toBe(true);
    }
    const other = await session.run({ pixel_values: pixels(40, 40, 1), pixel_mask: mask });
    expect(Array.from(other.logits!.data as Float32Array)).not.toEqual(Array.from(out.logits!.data as Float32Array));
  });

  it('yolos and rt_detr take pixel_values only; RT-DETR-style logits have no no-object column', async () => {
    const yolos = await buildTinyModel({ modelType: 'yolos', task: 'object-detection', cacheDir });
    const rt = await buildTinyModel({ modelType: 'rt_detr', task: 'object-detection', cacheDir });
    const yolosSession = await openTinySession(path.join(yolos.dir, 'onnx/model.onnx'));
    const rtSession = await openTinySession(path.join(rt.dir, 'onnx/model.onnx'));
    expect(yolosSession.inputNames).toEqual(['pixel_values']);
    expect((await yolosSession.run({ pixel_values: pixels(32, 32) })).logits!.dims).toEqual([1, DETECTION_QUERIES, DETECTION_LABELS.length + 1]);
    expect((await rtSession.run({ pixel_values: pixels(32, 32) })).logits!.dims).toEqual([1, DETECTION_QUERIES, DETECTION_LABELS.length]);
  });

  it('depth: predicted_depth [batch, height, width] follows the input size, positive and input-dependent', async () => {
    const model = await buildTinyModel({ modelType: 'dpt', task: 'depth-estimation', cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    expect(session.inputNames).toEqual(['pixel_values']);
    expect(session.outputNames).toEqual(['predicted_depth']);
    const a = (await session.run({ pixel_values: pixels(32, 48) })).predicted_depth!;
    expect(a.dims).toEqual([1, 32, 48]);
    expect(Array.from(a.data as Float32Array).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    const b = (await session.run({ pixel_values: pixels(32, 48, 1) })).predicted_depth!;
    expect(Array.from(b.data as Float32Array)).not.toEqual(Array.from(a.data as Float32Array));
    expect((await session.run({ pixel_values: pixels(24, 16) })).predicted_depth!.dims).toEqual([1, 24, 16]);
  });

  it('depth_pro also estimates a positive field of view per image', async () => {
    const model = await buildTinyModel({ modelType: 'depth_pro', task: 'depth-estimation', cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    expect([...session.outputNames].sort()).toEqual(['field_of_view', 'predicted_depth']);
    const fov = (await session.run({ pixel_values: pixels(32, 32) })).field_of_view!;
    expect(fov.dims).toEqual([1]);
    expect((fov.data as Float32Array)[0]).toBeGreaterThan(0);
  });
});

describe('every tiny detector and depth estimator runs its pipeline and passes its task harness', () => {
  it.each(HEAD_PAIRS.map((c) => [c.modelType, c.task] as const))('%s / %s', async (modelType, task) => {
    const ctx = await context(modelType, task);
    await passesHarness(ctx, harnessFor(task)!);
  });
});

describe('the harnesses fail on wrong outputs', () => {
  it('object-detection', async () => {
    const ctx = await context('detr', 'object-detection');
    const harness = harnessFor('object-detection')!;
    const [pixelCall, , fractionCall] = harness.calls(ctx);
    const output = (await runCall(harness, ctx, pixelCall!)) as any[];
    harness.check(output, pixelCall!, ctx);
    const fractions = (await runCall(harness, ctx, fractionCall!)) as any[];
    harness.check(fractions, fractionCall!, ctx);
    expect(fractions.some((d) => !Number.isInteger(d.box.xmax))).toBe(true);

    const first = output[0];
    const wrong: Record<string, unknown> = {
      'no detections': [],
      'not an array': first,
      'invented label': [{ ...first, label: 'unicorn' }],
      'score above 1': [{ ...first, score: 1.2 }],
      'inverted box': [{ ...first, box: { ...first.box, xmin: first.box.xmax + 1 } }],
      'box beyond the image': [{ ...first, box: { ...first.box, xmax: 65 } }],
      'box centred outside': [{ ...first, box: { xmin: 70, ymin: 0, xmax: 90, ymax: 10 } }],
      'fractional pixel box': [{ ...first, box: { ...first.box, xmin: first.box.xmin + 0.5 } }],
      'NaN coordinate': [{ ...first, box: { ...first.box, ymin: Number.NaN } }],
    };
    for (const [name, value] of Object.entries(wrong)) {
      expect(() => harness.check(value, pixelCall!, ctx)).toThrow(HarnessAssertionError);
      expect(name).toBeTruthy();
    }
    // Pixel boxes are not fractions of the image: a pixel output checked as fractions leaves the unit square.
    expect(() => harness.check(output, fractionCall!, ctx)).toThrow(/unit square/);
    // A score under the asked threshold was not filtered.
    expect(() => harness.check(output, { ...pixelCall!, options: { threshold: 0.99 } }, ctx)).toThrow(/below the threshold/);
    expect(() => harness.validate({ ...pixelCall!, options: { threshold: -1 } }, ctx)).toThrow(InvalidInputError);
  });

  it('depth-estimation', async () => {
    const ctx = await context('depth_anything', 'depth-estimation');
    const harness = harnessFor('depth-estimation')!;
    const call = harness.calls(ctx)[0]!;
    const output: any = await runCall(harness, ctx, call);
    harness.check(output, call, ctx);
    const { predicted_depth: depth, depth: picture } = output;
    const tensor = (dims: number[], data: Float32Array) => ({ dims, type: 'float32', data });
    const image = (overrides: object) => ({ width: picture.width, height: picture.height, channels: 1, data: picture.data, ...overrides });
    const wrong: Record<string, unknown> = {
      'no depth image': { predicted_depth: depth },
      'depth at model resolution': { predicted_depth: tensor([32, 40], new Float32Array(32 * 40).fill(1)), depth: picture },
      'NaN depth': { predicted_depth: tensor(depth.dims, Float32Array.from(depth.data as Float32Array, (v, i) => (i === 3 ? Number.NaN : v))), depth: picture },
      'image of another size': { predicted_depth: depth, depth: image({ width: picture.width - 1 }) },
      'RGB depth image': { predicted_depth: depth, depth: image({ channels: 3 }) },
      'image not normalised': { predicted_depth: depth, depth: image({ data: Uint8ClampedArray.from(picture.data as Uint8ClampedArray, (v) => v >> 1) }) },
      'image of another depth': { predicted_depth: tensor(depth.dims, Float32Array.from(depth.data as Float32Array, (v) => -v)), depth: picture },
    };
    for (const [name, value] of Object.entries(wrong)) {
      expect(() => harness.check(value, call, ctx)).toThrow(HarnessAssertionError);
      expect(name).toBeTruthy();
    }
    // The depth image must be the input's size, not a fixed one.
    expect(() => harness.check(output, { ...call, input: syntheticImage(48, 48) }, ctx)).toThrow(/expected dims \[48, 48\]/);
  });
});
