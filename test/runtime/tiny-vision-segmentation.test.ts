/** @jest-environment ./src/runtime/jest-environment.ts */
import * as path from 'node:path';
import { harnessFor } from '../../src/runtime/harness';
import { checkAlphaIsMask } from '../../src/runtime/harness/background-removal';
import { runCall } from '../../src/runtime/describe-model';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { loadedOncePerFile, pairsMissingFrom, passesHarness, tinyContext } from './tiny-context';
import { openTinySession, tinyWorkspace } from './tiny-workspace';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';
import { visionHeadCoverage } from '../../src/runtime/tiny/vision-head-families';
import { SEGMENTATION_LABELS, SEGMENTATION_QUERIES } from '../../src/runtime/tiny/vision-heads';

const ort = loadOrt();
jest.setTimeout(60_000);

const workspace = tinyWorkspace('tiny vision segmentation', loadTransformers());
/** Each pair's model, loaded once and shared by the tests below. */
const sharedContext = loadedOncePerFile((pair) => tinyContext(pair.split(' ')[0]!, pair.split(' ')[1]!, workspace.cacheDir, 'vision'), (ctx) => ctx.pipe.dispose());
const context = (modelType: string, task: string) => sharedContext(`${modelType} ${task}`);
const pairsOf = (...tasks: string[]) => visionHeadCoverage().filter((c) => tasks.includes(c.task)).map((c) => [c.modelType, c.task] as const);

describe('registry: the segmentation heads and bare backbones transformers.js 4.3.1 loads', () => {
  it('maps each pair to the class the pipeline picks (first candidate auto class that supports the model_type)', () => {
    const classes = Object.fromEntries(visionHeadCoverage().map((c) => [`${c.modelType} ${c.task}`, (tinyArchitectureFor(c.modelType, c.task) as { architecture: string }).architecture]));
    expect(classes).toEqual({
      'detr image-segmentation': 'DetrForSegmentation',
      'detr background-removal': 'DetrForSegmentation',
      'detr image-feature-extraction': 'DetrModel',
      'maskformer background-removal': 'MaskFormerForInstanceSegmentation',
      'segformer image-segmentation': 'SegformerForSemanticSegmentation',
      'segformer background-removal': 'SegformerForSemanticSegmentation',
      'swin image-segmentation': 'SwinForSemanticSegmentation',
      'swin background-removal': 'SwinForSemanticSegmentation',
      'mobilenet_v1 image-segmentation': 'MobileNetV1ForSemanticSegmentation',
      'mobilenet_v1 background-removal': 'MobileNetV1ForSemanticSegmentation',
      'mobilenet_v2 image-segmentation': 'MobileNetV2ForSemanticSegmentation',
      'mobilenet_v2 background-removal': 'MobileNetV2ForSemanticSegmentation',
      'table-transformer image-feature-extraction': 'TableTransformerModel',
      'yolos image-feature-extraction': 'YolosModel',
      'dpt image-feature-extraction': 'DPTModel',
      'glpn image-feature-extraction': 'GLPNModel',
      'swin2sr image-feature-extraction': 'Swin2SRModel',
    });
    expect(pairsMissingFrom(tinyCoverage(), visionHeadCoverage())).toEqual([]);
    // The families' own heads are unchanged.
    expect(tinyArchitectureFor('detr', 'object-detection')).toMatchObject({ kind: 'detector', architecture: 'DetrForObjectDetection' });
    expect(tinyArchitectureFor('swin', 'image-feature-extraction')).toMatchObject({ kind: 'vision', architecture: 'SwinModel' });
  });

  it('says exactly why the pairs 4.3.1 cannot run stay unsupported', () => {
    const reason = (modelType: string, task: string) => {
      const a = tinyArchitectureFor(modelType, task);
      expect(a.supported).toBe(false);
      return a.supported ? '' : a.reason;
    };
    expect(reason('clipseg', 'image-segmentation')).toMatch(/CLIPSegForImageSegmentation.*Missing the following inputs: input_ids, attention_mask/);
    expect(reason('clipseg', 'background-removal')).toMatch(/BackgroundRemovalPipeline runs ImageSegmentationPipeline first/);
    expect(reason('donut-swin', 'feature-extraction')).toMatch(/DonutSwinModel.*Missing the following inputs: pixel_values/);
    expect(reason('groupvit', 'feature-extraction')).toMatch(/GroupViTModel.*Missing the following inputs: pixel_values/);
    expect(reason('mgp-str', 'feature-extraction')).toMatch(/MgpstrForSceneTextRecognition.*MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES has no mgp-str/);
  });
});

describe('onnxruntime: the heads take the real exports\' inputs and give their outputs', () => {
  const pixels = (h: number, w: number, seed = 0) =>
    new ort.Tensor('float32', Float32Array.from({ length: 3 * h * w }, (_, i) => Math.sin(i * 0.013 * (seed + 1))), [1, 3, h, w]);
  const session = async (modelType: string, task: string) => {
    const model = await buildTinyModel({ modelType, task, cacheDir: workspace.cacheDir });
    return openTinySession(path.join(model.dir, 'onnx/model.onnx'));
  };
  const mask = new ort.Tensor('int64', new BigInt64Array(64 * 64).fill(1n), [1, 64, 64]);

  it('DetrForSegmentation: logits, pred_boxes and pred_masks at 1/8 of the input, from pixel_values and pixel_mask', async () => {
    const s = await session('detr', 'image-segmentation');
    expect([...s.inputNames].sort()).toEqual(['pixel_mask', 'pixel_values']);
    const out = await s.run({ pixel_values: pixels(32, 48), pixel_mask: mask });
    expect(out.logits!.dims).toEqual([1, SEGMENTATION_QUERIES, SEGMENTATION_LABELS.length + 1]);
    expect(out.pred_boxes!.dims).toEqual([1, SEGMENTATION_QUERIES, 4]);
    expect(out.pred_masks!.dims).toEqual([1, SEGMENTATION_QUERIES, 4, 6]);
  });

  it('semantic logits [batch, labels, h / 8, w / 8]; mattes [batch, 1, h, w]', async () => {
    const semantic = await (await session('segformer', 'image-segmentation')).run({ pixel_values: pixels(32, 32) });
    expect(semantic.logits!.dims).toEqual([1, SEGMENTATION_LABELS.length, 4, 4]);
    const matte = await session('mobilenet_v2', 'background-removal');
    expect(matte.outputNames).toEqual(['logits']);
    const a = (await matte.run({ pixel_values: pixels(32, 40) })).logits!;
    expect(a.dims).toEqual([1, 1, 32, 40]);
    const b = (await matte.run({ pixel_values: pixels(32, 40, 1) })).logits!;
    expect(Array.from(b.data as Float32Array)).not.toEqual(Array.from(a.data as Float32Array));
  });

  it('bare backbones: last_hidden_state in each family\'s layout', async () => {
    const hidden = async (modelType: string, h: number, w: number) => {
      const s = await session(modelType, 'image-feature-extraction');
      const feeds: Record<string, unknown> = { pixel_values: pixels(h, w) };
      if (s.inputNames.includes('pixel_mask')) feeds.pixel_mask = mask;
      return (await s.run(feeds as never)).last_hidden_state!.dims;
    };
    expect(await hidden('detr', 32, 48)).toEqual([1, 8, 32]);
    expect(await hidden('table-transformer', 32, 32)).toEqual([1, 8, 32]);
    expect(await hidden('dpt', 32, 32)).toEqual([1, 1 + 16, 32]);
    expect(await hidden('yolos', 32, 48)).toEqual([1, 1 + 24 + 8, 32]);
    expect(await hidden('glpn', 64, 96)).toEqual([1, 32, 2, 3]);
    expect(await hidden('swin2sr', 24, 16)).toEqual([1, 32, 24, 16]);
  });
});

describe('every new head runs its pipeline and passes its task harness', () => {
  it.each(pairsOf('image-segmentation', 'background-removal', 'image-feature-extraction'))('%s / %s', async (modelType, task) => {
    const ctx = await context(modelType, task);
    const harness = harnessFor(task)!;
    await passesHarness(ctx, harness);
    for (const extra of harness.extraTests ?? []) await extra.run(ctx);
  });
});

describe('the background-removal harness fails on altered outputs', () => {
  it('wrong size, missing alpha, changed colours, alpha out of range, alpha not the mask', async () => {
    const ctx = await context('swin', 'background-removal');
    const harness = harnessFor('background-removal')!;
    const [call] = harness.calls(ctx);
    const output = (await runCall(harness, ctx, call!)) as { width: number; height: number; channels: number; data: Uint8ClampedArray };
    harness.check(output, call!, ctx);
    const altered = (change: (o: { width: number; height: number; channels: number; data: Uint8ClampedArray }) => void) => {
      const copy = { width: output.width, height: output.height, channels: output.channels, data: Uint8ClampedArray.from(output.data) };
      change(copy);
      return copy;
    };
    const rejects = (o: unknown, message: RegExp) => expect(() => harness.check(o, call!, ctx)).toThrow(message);
    rejects(altered((o) => (o.width = o.width / 2)), /expected 64x48 \(the input image\)/);
    rejects({ ...output, channels: 3, data: output.data.slice(0, output.width * output.height * 3) }, /expected 4 channels/);
    rejects(altered((o) => (o.data[4] = (o.data[4]! + 1) % 256)), /pixel 1 channel 0 is .*only the alpha channel may change/);
    rejects({ ...output, data: Float32Array.from(output.data, (v, i) => (i === 3 ? 0.5 : v)) }, /alpha of pixel 0 is 0.5/);
    rejects('not an image', /background-removal output: expected an object/);
    await checkAlphaIsMask(output, call!, ctx);
    await expect(checkAlphaIsMask(altered((o) => (o.data[7] = 255 - o.data[7]!)), call!, ctx)).rejects.toThrow(/alpha of pixel 1 is .* the model's mask there is/);
  });
});
