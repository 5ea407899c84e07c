import { layerNorm, MEDIA_HIDDEN, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';

/**
 * Tiny ViTMatte and ViTPose in the layout of their ONNX exports (one `onnx/model.onnx`, EncoderOnly):
 * a patch encoder whose token grid is turned back into a dense map.
 * - VitMatteForImageMatting: pixel_values [batch, 4 (RGB + trimap), H, W], H and W multiples of 32
 *   (VitMatteImageProcessor pads to size_divisibility) → alphas [batch, 1, H, W] in (0, 1).
 * - VitPoseForPoseEstimation: pixel_values [batch, 3, 64, 48] (VitPoseImageProcessor resizes to `size`)
 *   → heatmaps [batch, keypoints, 16, 12], a quarter of the input as in the real model.
 */

export const MATTING_PATCH = 8;
const MATTING_DETAIL = 8;
export const POSE_SIZE = { height: 64, width: 48 } as const;
export const POSE_PATCH = 8;
/** ViTPose's simple decoder upsamples the patch grid by `scale_factor` (4 on 16-pixel patches; 2 on these 8-pixel ones). */
export const POSE_SCALE_FACTOR = 2;
export const COCO_KEYPOINTS = [
  'Nose', 'L_Eye', 'R_Eye', 'L_Ear', 'R_Ear', 'L_Shoulder', 'R_Shoulder', 'L_Elbow', 'R_Elbow',
  'L_Wrist', 'R_Wrist', 'L_Hip', 'R_Hip', 'L_Knee', 'R_Knee', 'L_Ankle', 'R_Ankle',
];

/** Image / trimap normalisation of hustvl/vitmatte-*: rescale, mean/std 0.5, pad to multiples of 32. */
export const VITMATTE_PREPROCESSOR = {
  image_processor_type: 'VitMatteImageProcessor',
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.5, 0.5, 0.5],
  image_std: [0.5, 0.5, 0.5],
  do_pad: true,
  size_divisibility: 32,
};

/** usyd-community/vitpose-*'s processor (transformers.js resizes to `size`; it does not apply the affine crop). */
export const VITPOSE_PREPROCESSOR = {
  image_processor_type: 'VitPoseImageProcessor',
  do_affine_transform: true,
  do_rescale: true,
  rescale_factor: 1 / 255,
  do_normalize: true,
  image_mean: [0.485, 0.456, 0.406],
  image_std: [0.229, 0.224, 0.225],
  normalize_factor: 200,
  size: POSE_SIZE,
};

const backbone = (modelType: string, layers: number, extra: Record<string, unknown>) => ({
  model_type: modelType, hidden_size: MEDIA_HIDDEN, num_hidden_layers: layers, num_attention_heads: 4, mlp_ratio: 2, ...extra,
});

export function vitMatteConfig(architecture: string, layers: number): Record<string, unknown> {
  return {
    architectures: [architecture], model_type: 'vitmatte', hidden_size: MEDIA_HIDDEN, convstream_hidden_sizes: [MATTING_DETAIL], fusion_hidden_sizes: [MATTING_DETAIL],
    backbone_config: backbone('vitdet', layers, { num_channels: 4, patch_size: MATTING_PATCH, pretrain_image_size: 32 }),
  };
}

export function vitPoseConfig(architecture: string, layers: number): Record<string, unknown> {
  return {
    architectures: [architecture], model_type: 'vitpose', scale_factor: POSE_SCALE_FACTOR, use_simple_decoder: true,
    backbone_config: backbone('vitpose_backbone', layers, { image_size: [POSE_SIZE.height, POSE_SIZE.width], patch_size: [POSE_PATCH, POSE_PATCH], num_channels: 3 }),
    id2label: Object.fromEntries(COCO_KEYPOINTS.map((name, i) => [String(i), name])),
    label2id: Object.fromEntries(COCO_KEYPOINTS.map((name, i) => [name, i])),
  };
}

/** Patch tokens of any-sized pixels, mixed, back on their [batch, hidden, h, w] grid. */
function mixedPatchGrid(g: OnnxGraphBuilder, pixels: string, channels: number, patch: number, layers: number): string {
  const weight = g.randomWeight('backbone.patch_embeddings.weight', [MEDIA_HIDDEN, channels, patch, patch], 1 / Math.sqrt(channels * patch * patch));
  const grid = g.node('Conv', [pixels, weight, g.randomWeight('backbone.patch_embeddings.bias', [MEDIA_HIDDEN], 0.1)], { kernel_shape: [patch, patch], strides: [patch, patch] });
  const tokens = g.node('Transpose', [g.node('Reshape', [grid, g.ints([0, MEDIA_HIDDEN, -1])])], { perm: [0, 2, 1] });
  const mixed = mixingLayers(g, layerNorm(g, tokens), 'backbone', layers);
  return g.node('Reshape', [g.node('Transpose', [mixed], { perm: [0, 2, 1] }), g.node('Shape', [grid])]);
}

const conv = (g: OnnxGraphBuilder, x: string, name: string, inputs: number, outputs: number, kernel: number) =>
  g.node('Conv', [x, g.randomWeight(`${name}.weight`, [outputs, inputs, kernel, kernel], 1 / Math.sqrt(inputs * kernel * kernel)), g.randomWeight(`${name}.bias`, [outputs], 0.1)], {
    kernel_shape: [kernel, kernel],
    pads: Array(4).fill((kernel - 1) / 2),
  });

export function buildVitMatteGraph(seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_vitmatte_image_matting', seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 4, 'height', 'width']);
  const context = mixedPatchGrid(g, pixels, 4, MATTING_PATCH, layers);
  // Fusion: the upsampled context meets a full-resolution detail stream of the image and trimap.
  const upWeight = g.randomWeight('decoder.upsample.weight', [MEDIA_HIDDEN, MATTING_DETAIL, MATTING_PATCH, MATTING_PATCH], 1 / Math.sqrt(MEDIA_HIDDEN));
  const upsampled = g.node('ConvTranspose', [context, upWeight], { kernel_shape: [MATTING_PATCH, MATTING_PATCH], strides: [MATTING_PATCH, MATTING_PATCH] });
  const detail = conv(g, pixels, 'convstream.conv', 4, MATTING_DETAIL, 3);
  const fused = g.node('Relu', [g.node('Add', [upsampled, detail])]);
  g.output('alphas', 'float32', ['batch_size', 1, 'height', 'width'], g.node('Sigmoid', [conv(g, fused, 'matting_head.conv', MATTING_DETAIL, 1, 3)]));
  return g.toBytes();
}

export function buildVitPoseGraph(seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_vitpose_pose_estimation', seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, POSE_SIZE.height, POSE_SIZE.width]);
  const grid = g.node('Relu', [mixedPatchGrid(g, pixels, 3, POSE_PATCH, layers)]);
  // The simple decoder: ReLU → bilinear upsampling → 3×3 conv to one heatmap per keypoint. The
  // sigmoid keeps tiny heatmaps positive, as trained ones (Gaussian targets) are, so the
  // post-processing's weighted mean is a point of the box.
  const scales = g.floatTensor('decoder.upsample.scales', [4], [1, 1, POSE_SCALE_FACTOR, POSE_SCALE_FACTOR]);
  const upsampled = g.node('Resize', [grid, '', scales], { mode: 'linear' });
  const heatmaps = g.node('Sigmoid', [conv(g, upsampled, 'head.conv', MEDIA_HIDDEN, COCO_KEYPOINTS.length, 3)]);
  const side = (n: number) => (n / POSE_PATCH) * POSE_SCALE_FACTOR;
  g.output('heatmaps', 'float32', ['batch_size', COCO_KEYPOINTS.length, side(POSE_SIZE.height), side(POSE_SIZE.width)], heatmaps);
  return g.toBytes();
}
