import { fail, InvalidInputError, preview } from './assert';
import { syntheticImage, validateImage } from './media';
import { assertDims, inputObject, modelClassPipeline, plainTensor, type PlainTensor } from './model-class';
import { pick } from './text';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * `mask-generation` for the Segment-Anything family (sam, sam2, edgetam, sam3_tracker), which
 * transformers.js 4.3.1 runs without a pipeline: AutoProcessor (SamProcessor / Sam2Processor over
 * SamImageProcessor) + AutoModelForMaskGeneration (SamModel / Sam2Model and its subclasses).
 * `{ image, input_points: [point_batch][points][x, y], input_labels?: [point_batch][points] }` (one
 * image, pixel coordinates of the original image) → the model's iou_scores [1, point_batch, masks]
 * and pred_masks [1, point_batch, masks, h, w], and the image processor's post_process_masks: boolean
 * masks [point_batch, masks, height, width] of the original image (upscaled to pad_size, padding
 * cropped, resized back). SAM 2-style models also give object_score_logits [1, point_batch, 1].
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Image = any;

export interface MaskPrompt {
  image: Image;
  input_points: number[][][];
  input_labels?: number[][];
}

export interface MaskGenerationOutput {
  masks: PlainTensor;
  iou_scores: PlainTensor;
  pred_masks: PlainTensor;
  object_score_logits?: PlainTensor;
}

/** SAM's point labels: 1 foreground, 0 background, -1 not a point, -10 padding. */
const POINT_LABELS = [1, 0, -1, -10];

function maskCalls(ctx: HarnessContext): Call[] {
  // Sides that are not the model's: the processor resizes (and pads), post-processing goes back.
  return pick(ctx.spec.inputs.images, ['synthetic gradient A', 'synthetic gradient B']).map((name, i) => {
    const standsFor = `(in memory, standing for ${preview(name, 60)})`;
    if (i % 2 === 0) return { label: `50x40 image, one point ${standsFor}`, input: { image: syntheticImage(50, 40, i), input_points: [[[12, 30]]] } satisfies MaskPrompt };
    // Two prompts for the same image (point_batch 2): a foreground point, and a point pair with a background point.
    return {
      label: `40x64 image, two prompts ${standsFor}`,
      input: { image: syntheticImage(40, 64, i), input_points: [[[30, 10], [30, 10]], [[5, 50], [20, 20]]], input_labels: [[1, -10], [1, 0]] } satisfies MaskPrompt,
    };
  });
}

function validatePrompt(call: Call): MaskPrompt {
  const input = inputObject(call, '{ image, input_points }');
  if (!('image' in input) || !('input_points' in input)) throw new InvalidInputError(`${call.label}: expected { image, input_points }, got ${preview(input)}`);
  validateImage({ ...call, input: input.image });
  const { width, height } = input.image as { width: number; height: number };
  const points = input.input_points;
  if (!Array.isArray(points) || points.length === 0) throw new InvalidInputError(`${call.label}: input_points must be a non-empty list of point batches, got ${preview(points, 80)}`);
  points.forEach((batch, j) => {
    if (!Array.isArray(batch) || batch.length === 0) throw new InvalidInputError(`${call.label}: input_points[${j}] must be a non-empty list of [x, y] points, got ${preview(batch, 80)}`);
    if (batch.length !== (points[0] as unknown[]).length) throw new InvalidInputError(`${call.label}: every point batch needs the same number of points (input_points[${j}] has ${batch.length})`);
    batch.forEach((p: unknown, k: number) => {
      const [x, y] = Array.isArray(p) && p.length === 2 ? (p as unknown[]) : [];
      if (typeof x !== 'number' || typeof y !== 'number' || !(x >= 0 && x <= width && y >= 0 && y <= height)) {
        throw new InvalidInputError(`${call.label}: input_points[${j}][${k}] = ${preview(p)} is not an [x, y] point inside the ${width}x${height} image`);
      }
    });
  });
  const labels = input.input_labels;
  if (labels !== undefined) {
    const fits = Array.isArray(labels) && labels.length === points.length && labels.every((l, j) => Array.isArray(l) && l.length === (points[j] as unknown[]).length);
    if (!fits) throw new InvalidInputError(`${call.label}: input_labels must give one label per point (${points.length} x ${(points[0] as unknown[]).length}), got ${preview(labels, 80)}`);
    (labels as unknown[][]).flat().forEach((l) => {
      if (!POINT_LABELS.includes(l as number)) throw new InvalidInputError(`${call.label}: point label ${preview(l)} is not one of SAM's ${POINT_LABELS.join(', ')}`);
    });
  }
  return input as unknown as MaskPrompt;
}

/** Is the loaded model SAM 2-style (Sam2Model, EdgeTamModel, Sam3TrackerModel)? They name their feature levels. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const isSam2Style = (config: Record<string, any>) => typeof config.vision_config?.num_feature_levels === 'number';

export const maskGeneration: TaskHarness = {
  task: 'mask-generation',
  calls: maskCalls,
  validate(call) {
    validatePrompt(call);
  },
  check(output, call, ctx) {
    const { masks, iou_scores, pred_masks, object_score_logits } = (output ?? {}) as Partial<MaskGenerationOutput>;
    const prompt = call.input as MaskPrompt;
    const prompts = prompt.input_points.length;
    const perPrompt = (iou_scores?.dims?.[2] ?? 0) as number;
    if (perPrompt < 1) fail(`iou_scores: expected dims [1, ${prompts}, masks per prompt], got ${preview(iou_scores?.dims)}`);
    assertDims(iou_scores, 'iou_scores', [1, prompts, perPrompt]);
    const [h, w] = [pred_masks?.dims?.[3] ?? 0, pred_masks?.dims?.[4] ?? 0];
    assertDims(pred_masks, 'pred_masks', [1, prompts, perPrompt, h, w]);
    if (isSam2Style(ctx.pipe.model.config)) assertDims(object_score_logits, 'object_score_logits', [1, prompts, 1]);
    // The masks are the original image's size, one per prompt and score.
    const { width, height } = prompt.image as { width: number; height: number };
    assertDims(masks, 'masks', [prompts, perPrompt, height, width]);
    if (masks.type !== 'bool') fail(`masks: expected boolean masks (post_process_masks binarizes), got type ${masks.type}`);
    if (masks.data.length !== prompts * perPrompt * height * width) fail(`masks: ${masks.data.length} values for dims [${masks.dims}]`);
    masks.data.forEach((v, i) => {
      if (v !== 0 && v !== 1) fail(`masks[${i}] = ${v}: a boolean mask holds 0 or 1`);
    });
    if (masks.data.every((v) => v === masks.data[0])) fail(`masks: every pixel of every mask is ${masks.data[0]}; the masks segment nothing`);
  },
  badInputs: () => [
    { name: 'point outside the image', call: { label: 'point outside', input: { image: syntheticImage(50, 40), input_points: [[[60, 10]]] } }, error: /input_points\[0\]\[0\] = \[60,10\] is not an \[x, y\] point inside the 50x40 image/ },
    { name: 'no prompt', call: { label: 'image alone', input: { image: syntheticImage(50, 40) } }, error: /expected \{ image, input_points \}/ },
    { name: 'labels of another shape', call: { label: 'too many labels', input: { image: syntheticImage(50, 40), input_points: [[[10, 10]]], input_labels: [[1, 1]] } }, error: /one label per point \(1 x 1\)/ },
    { name: 'unknown label', call: { label: 'label 3', input: { image: syntheticImage(50, 40), input_points: [[[10, 10]]], input_labels: [[3]] } }, error: /point label 3 is not one of SAM's/ },
  ],
  extraTests: [
    {
      name: 'the prompt steers the masks',
      async run(ctx) {
        const image = syntheticImage(50, 40, 7);
        const at = async (x: number, y: number) => (await ctx.pipe({ image, input_points: [[[x, y]]] })) as MaskGenerationOutput;
        const [a, b] = [await at(8, 8), await at(42, 32)];
        if (a.pred_masks.data.every((v, i) => v === b.pred_masks.data[i])) fail('pred_masks: moving the prompt point across the image left the masks unchanged; the decoder ignores the prompt');
      },
    },
    {
      name: 'the image steers the masks',
      async run(ctx) {
        const on = async (seed: number) => (await ctx.pipe({ image: syntheticImage(50, 40, seed), input_points: [[[25, 20]]] })) as MaskGenerationOutput;
        const [a, b] = [await on(1), await on(5)];
        if (a.pred_masks.data.every((v, i) => v === b.pred_masks.data[i])) fail('pred_masks: two different images with the same prompt gave the same masks; the decoder ignores the image');
      },
    },
  ],
  async load({ transformers, modelId, options }) {
    const model = await transformers.AutoModelForMaskGeneration.from_pretrained(modelId, options as never);
    const processor = await transformers.AutoProcessor.from_pretrained(modelId, options as never);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const [sam, proc] = [model as any, processor as any];
    return modelClassPipeline('mask-generation', model, processor, async (input) => {
      const { image, input_points, input_labels } = input as MaskPrompt;
      // The processor scales the points by reshaped / original size, as it does the image.
      const inputs = await proc(image, { input_points, input_labels });
      const out = await sam(inputs);
      // post_process_masks lives on the image processor (SamProcessor only forwards to it).
      const [masks] = await proc.image_processor.post_process_masks(out.pred_masks, inputs.original_sizes, inputs.reshaped_input_sizes);
      return {
        masks: plainTensor(masks, 'masks'),
        iou_scores: plainTensor(out.iou_scores, 'iou_scores'),
        pred_masks: plainTensor(out.pred_masks, 'pred_masks'),
        ...(out.object_score_logits ? { object_score_logits: plainTensor(out.object_score_logits, 'object_score_logits') } : {}),
      } satisfies MaskGenerationOutput;
    });
  },
};
