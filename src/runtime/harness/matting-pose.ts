import { loadTransformers } from '../host';
import { assertArray, assertObject, fail, InvalidInputError, preview } from './assert';
import { syntheticImage, validateImage } from './media';
import { assertDims, inputObject, modelClassPipeline, plainTensor, type PlainTensor } from './model-class';
import { pick } from './text';
import type { Call, HarnessContext, TaskHarness } from './types';

/**
 * ViTMatte and ViTPose, which transformers.js 4.3.1 runs without a pipeline: processor + model class.
 * - `image-matting` (AutoModelForImageMatting → VitMatteForImageMatting): `{ image, trimap }` →
 *   `alphas` [1, 1, height, width], the model's padded output cut back to the image, as the
 *   Python post-processing does.
 * - `pose-estimation` (AutoModelForPoseEstimation → VitPoseForPoseEstimation): an image of one person →
 *   `heatmaps` [1, keypoints, h, w] and VitPoseImageProcessor.post_process_pose_estimation's keypoints
 *   for the whole-image box (transformers.js resizes the whole image; it does not crop boxes).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Image = any;

/** A grayscale trimap: background border (0), unknown band (128), foreground centre (255). */
export function syntheticTrimap(width: number, height: number, inset = 0.2): Image {
  const data = new Uint8ClampedArray(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = Math.abs(x + 0.5 - width / 2) / (width / 2);
      const dy = Math.abs(y + 0.5 - height / 2) / (height / 2);
      const d = Math.max(dx, dy);
      data[y * width + x] = d < 0.5 - inset ? 255 : d < 1 - inset ? 128 : 0;
    }
  }
  const { RawImage } = loadTransformers();
  return new RawImage(data, width, height, 1);
}

function imageSize(image: Image): { width: number; height: number } {
  return { width: image.width as number, height: image.height as number };
}

// ---- image-matting -----------------------------------------------------------------------------

export interface MattingOutput {
  alphas: PlainTensor;
}

function mattingCalls(ctx: HarnessContext): Call[] {
  // Sides that are no multiples of 32: the processor pads, the harness cuts the padding off again.
  const sizes = [[50, 40], [64, 70]] as const;
  return pick(ctx.spec.inputs.images, ['synthetic gradient A', 'synthetic gradient B']).map((name, i) => {
    const [w, h] = sizes[i % 2]!;
    return { label: `image + trimap ${w}x${h} (in memory, standing for ${preview(name, 60)})`, input: { image: syntheticImage(w, h, i), trimap: syntheticTrimap(w, h, 0.1 * i) } };
  });
}

export const imageMatting: TaskHarness = {
  task: 'image-matting',
  calls: mattingCalls,
  validate(call) {
    const input = inputObject(call, '{ image, trimap }');
    if (!('image' in input) || !('trimap' in input)) throw new InvalidInputError(`${call.label}: expected { image, trimap }, got ${preview(input)}`);
    const { image, trimap } = input;
    validateImage({ ...call, input: image });
    validateImage({ ...call, label: `${call.label} (trimap)`, input: trimap });
    const [a, b] = [imageSize(image), imageSize(trimap)];
    if (a.width !== b.width || a.height !== b.height) {
      throw new InvalidInputError(`${call.label}: the trimap is ${b.width}x${b.height} but the image is ${a.width}x${a.height}; they must be the same size`);
    }
  },
  check(output, call) {
    const { alphas } = (output ?? {}) as Partial<MattingOutput>;
    const { width, height } = imageSize((call.input as { image: Image }).image);
    assertDims(alphas, 'alphas', [1, 1, height, width]);
    alphas.data.forEach((a, i) => {
      if (a < 0 || a > 1) fail(`alphas[${i}] = ${a}: an alpha matte lies within [0, 1]`);
    });
    if (alphas.data.every((a) => a === alphas.data[0])) fail(`alphas: every pixel is ${alphas.data[0]}; the matte ignores the image`);
  },
  badInputs: () => {
    const { RawImage } = loadTransformers();
    return [
      { name: 'trimap of another size', call: { label: 'mismatched trimap', input: { image: syntheticImage(50, 40), trimap: syntheticTrimap(40, 50) } }, error: /the trimap is 40x50 but the image is 50x40/ },
      { name: 'no trimap', call: { label: 'image alone', input: syntheticImage(50, 40) }, error: /expected \{ image, trimap \}/ },
      { name: 'wrong-sized image', call: { label: 'wrong-sized image', input: { image: new RawImage(new Uint8ClampedArray(10), 50, 40, 3), trimap: syntheticTrimap(50, 40) } }, error: /wrong-sized image/ },
    ];
  },
  extraTests: [
    {
      name: 'the trimap steers the matte',
      async run(ctx) {
        const { image } = mattingCalls(ctx)[0]!.input as { image: Image };
        const { width, height } = imageSize(image);
        const { RawImage } = loadTransformers();
        const flat = (value: number) => new RawImage(new Uint8ClampedArray(width * height).fill(value), width, height, 1);
        const foreground = (await ctx.pipe({ image, trimap: flat(255) })) as MattingOutput;
        const background = (await ctx.pipe({ image, trimap: flat(0) })) as MattingOutput;
        if (foreground.alphas.data.every((a, i) => a === background.alphas.data[i])) fail('alphas: an all-foreground and an all-background trimap gave the same matte');
      },
    },
  ],
  async load({ transformers, modelId, options }) {
    const model = await transformers.AutoModelForImageMatting.from_pretrained(modelId, options as never);
    const processor = await transformers.AutoImageProcessor.from_pretrained(modelId, options as never);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const matting = model as any;
    return modelClassPipeline('image-matting', model, processor, async (input) => {
      const { image, trimap } = input as { image: Image; trimap: Image };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const { pixel_values } = await (processor as any)(image, trimap);
      const { alphas } = await matting({ pixel_values });
      return { alphas: plainTensor(alphas.slice(null, null, [0, image.height], [0, image.width]), 'alphas') } satisfies MattingOutput;
    });
  },
};

// ---- pose-estimation ---------------------------------------------------------------------------

export interface Pose {
  bbox: number[];
  scores: number[];
  labels: number[];
  keypoints: [number, number][];
}
export interface PoseOutput {
  heatmaps: PlainTensor;
  poses: Pose[];
}

const POSE_THRESHOLD = 0.6;

function poseCalls(ctx: HarnessContext): Call[] {
  const names = pick(ctx.spec.inputs.images, ['synthetic person A', 'synthetic person B']);
  return names.map((name, i) => ({
    label: `image (in memory, standing for ${preview(name, 60)})${i === 1 ? `, threshold ${POSE_THRESHOLD}` : ''}`,
    input: syntheticImage(60 + 20 * i, 90, i),
    options: i === 1 ? { threshold: POSE_THRESHOLD } : undefined,
  }));
}

/** Heatmap side from the config: the backbone's patch grid upsampled by scale_factor (vitpose-base: 256×192 / 16 × 4 = 64×48). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function heatmapSize(config: Record<string, any>): [number, number] | undefined {
  const b = config.backbone_config ?? {};
  if (!Array.isArray(b.image_size) || typeof config.scale_factor !== 'number') return undefined;
  const patch = Array.isArray(b.patch_size) ? b.patch_size : [b.patch_size, b.patch_size];
  return [(b.image_size[0] / patch[0]) * config.scale_factor, (b.image_size[1] / patch[1]) * config.scale_factor];
}

export const poseEstimation: TaskHarness = {
  task: 'pose-estimation',
  calls: poseCalls,
  validate(call) {
    validateImage(call);
    const threshold = call.options?.threshold;
    if (threshold !== undefined && (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1))) {
      throw new InvalidInputError(`${call.label}: threshold must be a score within [0, 1], got ${preview(threshold)}`);
    }
  },
  check(output, call, ctx) {
    const { heatmaps, poses } = (output ?? {}) as Partial<PoseOutput>;
    const keypoints = (heatmaps?.dims?.[1] ?? 0) as number;
    const size = heatmapSize(ctx.pipe.model.config) ?? [heatmaps?.dims?.[2] ?? 0, heatmaps?.dims?.[3] ?? 0];
    assertDims(heatmaps, 'heatmaps', [1, keypoints, ...size]);
    // Keypoint names, when the config has its own (not PretrainedConfig's default LABEL_0, LABEL_1).
    const named = ctx.labels.length > 0 && ctx.labels.every((l) => !/^LABEL_\d+$/.test(l));
    if (named && ctx.labels.length !== keypoints) fail(`heatmaps: ${keypoints} keypoint maps, but the config names ${ctx.labels.length} keypoints`);
    const { width, height } = imageSize(call.input);
    const threshold = call.options?.threshold as number | undefined;
    assertArray(poses, 'poses (one per box)', 1);
    if (poses.length !== 1) fail(`poses: one box asked for, got ${poses.length} poses`);
    const pose = poses[0];
    assertObject(pose, 'pose');
    const p = pose as unknown as Pose;
    if (JSON.stringify(p.bbox) !== JSON.stringify([0, 0, width, height])) fail(`pose.bbox: expected the box [0, 0, ${width}, ${height}], got ${preview(p.bbox)}`);
    if (p.keypoints.length !== p.labels.length || p.scores.length !== p.labels.length) fail(`pose: ${p.keypoints.length} keypoints, ${p.labels.length} labels and ${p.scores.length} scores should match`);
    if (threshold === undefined && p.labels.length !== keypoints) fail(`pose: expected all ${keypoints} keypoints without a threshold, got ${p.labels.length}`);
    const plane = size[0] * size[1];
    p.labels.forEach((label, i) => {
      if (!Number.isInteger(label) || label < 0 || label >= keypoints || (i > 0 && label <= p.labels[i - 1]!)) fail(`pose.labels: expected ascending keypoint indices below ${keypoints}, got ${preview(p.labels)}`);
      const [x, y] = p.keypoints[i]!;
      if (!(x >= 0 && x <= width && y >= 0 && y <= height)) fail(`pose.keypoints[${i}] = [${x}, ${y}] lies outside the ${width}x${height} box`);
      // The score is the peak of the keypoint's heatmap.
      const peak = Math.max(...heatmaps.data.subarray(label * plane, (label + 1) * plane));
      if (Math.abs(p.scores[i]! - peak) > 1e-6) fail(`pose.scores[${i}] = ${p.scores[i]}, but heatmap ${label} peaks at ${peak}`);
      if (threshold !== undefined && p.scores[i]! < threshold) fail(`pose.scores[${i}] = ${p.scores[i]} is below the threshold ${threshold}`);
    });
    if (threshold !== undefined) {
      const kept = Array.from({ length: keypoints }, (_, c) => c).filter((c) => Math.max(...heatmaps.data.subarray(c * plane, (c + 1) * plane)) >= threshold);
      if (JSON.stringify(kept) !== JSON.stringify(p.labels)) fail(`pose.labels: threshold ${threshold} keeps keypoints ${preview(kept)}, got ${preview(p.labels)}`);
    }
  },
  badInputs: () => {
    const { RawImage } = loadTransformers();
    return [
      { name: 'wrong-sized image', call: { label: 'wrong-sized image', input: new RawImage(new Uint8ClampedArray(10), 64, 64, 3) }, error: /wrong-sized image/ },
      { name: 'threshold above 1', call: { label: 'threshold 5', input: syntheticImage(48, 64), options: { threshold: 5 } }, error: /threshold must be a score within \[0, 1\]/ },
    ];
  },
  async load({ transformers, modelId, options }) {
    const model = await transformers.AutoModelForPoseEstimation.from_pretrained(modelId, options as never);
    const processor = await transformers.AutoImageProcessor.from_pretrained(modelId, options as never);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const [pose, vitpose] = [model as any, processor as any];
    return modelClassPipeline('pose-estimation', model, processor, async (image, opts) => {
      const { pixel_values } = await vitpose(image);
      const { heatmaps } = await pose({ pixel_values });
      const img = image as Image;
      const poses = vitpose.post_process_pose_estimation(heatmaps, [[[0, 0, img.width, img.height]]], { threshold: opts?.threshold ?? null })[0];
      return { heatmaps: plainTensor(heatmaps, 'heatmaps'), poses } satisfies PoseOutput;
    });
  },
};
