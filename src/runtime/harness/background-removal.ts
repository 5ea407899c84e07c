import { loadTransformers } from '../host';
import { assertObject, fail, InvalidInputError, preview } from './assert';
import { badImage, sizedImageCalls, syntheticImage, validateImage, validateUnitOption } from './media';
import type { Call, HarnessContext, TaskHarness } from './types';

interface Picture {
  width?: number;
  height?: number;
  channels?: number;
  data?: ArrayLike<number>;
}

/**
 * background-removal (transformers.js BackgroundRemovalPipeline): the image segmentation pipeline's
 * first mask becomes the alpha channel of a copy of the input, so the output is an RGBA image of
 * the input's size whose colours are the input's own.
 */
export const backgroundRemoval: TaskHarness = {
  task: 'background-removal',
  // The segmentation pipeline underneath refuses batches of more than one image, so no batch is measured.
  invoke: (pipe, call) => pipe(call.input, call.options),
  calls(ctx) {
    // Panoptic/instance models (DETR, MaskFormer) only give a mask for a segment that passes the threshold: 0 keeps a random model's.
    return sizedImageCalls(ctx, [[64, 48], [40, 56]], ctx.realCheckpoint ? undefined : { threshold: 0 });
  },
  validate(call) {
    validateImage(call);
    for (const name of ['threshold', 'mask_threshold', 'overlap_mask_area_threshold']) validateUnitOption(call, name);
  },
  check(output, call) {
    const image = call.input as Required<Picture>;
    assertObject(output, 'background-removal output');
    const picture = output as Picture;
    if (picture.width !== image.width || picture.height !== image.height) {
      fail(`background-removal output: expected ${image.width}x${image.height} (the input image), got ${picture.width}x${picture.height}`);
    }
    if (picture.channels !== 4) fail(`background-removal output: expected 4 channels (RGB + the mask as alpha), got ${picture.channels}`);
    const pixels = image.width * image.height;
    if (!picture.data || picture.data.length !== pixels * 4) fail(`background-removal output: expected ${pixels * 4} values (RGBA), got ${picture.data?.length}`);
    const colours = Math.min(image.channels, 3);
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < colours; c++) {
        const got = picture.data[p * 4 + c];
        const want = image.data[p * image.channels + c];
        if (got !== want) fail(`background-removal output: pixel ${p} channel ${c} is ${got}, but the input's is ${want}; only the alpha channel may change`);
      }
      const alpha = picture.data[p * 4 + 3]!;
      if (!Number.isInteger(alpha) || alpha < 0 || alpha > 255) fail(`background-removal output: alpha of pixel ${p} is ${alpha}; alpha is a whole number in 0..255`);
    }
  },
  badInputs: () => [
    badImage(),
    { name: 'threshold above 1', call: { label: 'threshold above 1', input: syntheticImage(32, 32), options: { threshold: 1.5 } }, error: /threshold must be a number within \[0, 1\]/ },
    { name: 'batch of two', call: { label: 'batch of two', input: [syntheticImage(32, 32, 0), syntheticImage(32, 32, 1)] }, error: /only supports a batch size of 1/ },
  ],
  extraTests: [
    {
      name: 'the alpha channel is the mask the segmentation pipeline gives for the same image',
      async run(ctx) {
        const [call] = backgroundRemoval.calls(ctx) as [Call];
        const output = (await ctx.pipe(call.input, call.options)) as Required<Picture>;
        await checkAlphaIsMask(output, call, ctx);
      },
    },
  ],
};

/** Runs ImageSegmentationPipeline's own step on the background-removal pipeline (its base class) and compares its first mask with the alpha channel. */
export async function checkAlphaIsMask(output: Required<Picture>, call: Call, ctx: HarnessContext): Promise<void> {
  const { ImageSegmentationPipeline } = loadTransformers();
  const segments = (await ImageSegmentationPipeline.prototype._call.call(ctx.pipe as never, call.input as never, call.options as never)) as Array<{ mask: Required<Picture> }>;
  if (!Array.isArray(segments) || segments.length === 0) throw new InvalidInputError(`${call.label}: the segmentation step found no segment, so there is no mask to compare (${preview(segments)})`);
  const mask = segments[0]!.mask;
  const pixels = output.width * output.height;
  if (mask.data.length !== pixels) fail(`background-removal: the segmentation mask has ${mask.data.length} pixels, the output ${pixels}`);
  for (let p = 0; p < pixels; p++) {
    if (output.data[p * 4 + 3] !== mask.data[p]) fail(`background-removal: alpha of pixel ${p} is ${output.data[p * 4 + 3]}, but the model's mask there is ${mask.data[p]}`);
  }
}
