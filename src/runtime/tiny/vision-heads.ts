import { PATCH_SIZE, type DepthFamily, type DetectorFamily, type SegmenterFamily, type UpscalerFamily } from './media-families';
import { layerNorm, linear, MEDIA_HIDDEN, mediaBaseConfig, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { labelMaps } from './vision';

/**
 * Dense vision heads on a patch encoder that takes `pixel_values` of any size (DETR, YOLOS and the
 * DPT family resize keeping the aspect ratio, so the real exports have dynamic height and width):
 * set-prediction detectors and per-pixel depth. Every op is per batch item.
 */

/** COCO-style labels; the pipeline returns `config.id2label[class]`. */
export const DETECTION_LABELS = ['person', 'bicycle', 'car', 'cat', 'dog', 'table'];
/** Object queries: DETR has 100, RT-DETR 300; a handful keeps the tiny head cheap. */
export const DETECTION_QUERIES = 8;
/**
 * A fixed push away from the "no object" column: with random weights about one query in
 * (labels + 1) would otherwise predict nothing, and a tiny model should show detections.
 */
const NO_OBJECT_BIAS = -2;

/** Patch tokens [batch, patches, hidden] of an image of any size (sides of at least PATCH_SIZE), after `layers` mixing layers. */
export function patchTokens(g: OnnxGraphBuilder, pixels: string, layers: number): { tokens: string; grid: string } {
  const weight = g.randomWeight('patch_embeddings.weight', [MEDIA_HIDDEN, 3, PATCH_SIZE, PATCH_SIZE], 1 / Math.sqrt(3 * PATCH_SIZE * PATCH_SIZE));
  const bias = g.randomWeight('patch_embeddings.bias', [MEDIA_HIDDEN], 0.1);
  const grid = g.node('Conv', [pixels, weight, bias], { kernel_shape: [PATCH_SIZE, PATCH_SIZE], strides: [PATCH_SIZE, PATCH_SIZE] });
  const flat = g.node('Reshape', [grid, g.ints([0, MEDIA_HIDDEN, -1])]);
  const tokens = mixingLayers(g, layerNorm(g, g.node('Transpose', [flat], { perm: [0, 2, 1] })), 'encoder', layers);
  return { tokens, grid };
}

/**
 * DETR-style set prediction: learned object queries attend over the patch tokens (one
 * cross-attention), then `logits` [batch, queries, classes] and `pred_boxes` [batch, queries, 4]
 * as (cx, cy, w, h) in [0, 1]. Widths and heights are scaled by the room left around the centre,
 * so every box lies inside the image.
 */
export function buildDetectorGraph(family: DetectorFamily, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_object_detection`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  let { tokens } = patchTokens(g, pixels, layers);
  if (family.pixelMask) {
    // Scale the features by the unpadded fraction of the image (all ones from transformers.js).
    tokens = scaleByPixelMask(g, tokens, g.input('pixel_mask', 'int64', ['batch_size', 'mask_height', 'mask_width']));
  }

  const { decoded } = queryDecoder(g, tokens, DETECTION_QUERIES);

  const classes = DETECTION_LABELS.length + (family.noObjectClass ? 1 : 0);
  let logits = linear(g, decoded, 'class_embed', MEDIA_HIDDEN, classes);
  if (family.noObjectClass) {
    const shift = new Float32Array(classes);
    shift[classes - 1] = NO_OBJECT_BIAS;
    logits = g.node('Add', [logits, g.floatTensor('no_object_shift', [classes], shift)]);
  }

  const boxes = boxHead(g, decoded);
  g.output('logits', 'float32', ['batch_size', DETECTION_QUERIES, classes], logits);
  g.output('pred_boxes', 'float32', ['batch_size', DETECTION_QUERIES, 4], boxes);
  return g.toBytes();
}

/** Patch tokens scaled by the unpadded fraction of their image (`pixel_mask` [batch, h, w], 1 for real pixels). */
export function scaleByPixelMask(g: OnnxGraphBuilder, tokens: string, pixelMask: string): string {
  const valid = g.node('ReduceMean', [g.node('Cast', [pixelMask], { to: 1 })], { axes: [1, 2], keepdims: 1 });
  return g.node('Mul', [tokens, valid]);
}

/**
 * One cross-attention of `count` learned object queries over the patch tokens: the decoded
 * queries [batch, count, hidden], plus the keys [batch, hidden, patches] and scale a mask head reuses.
 */
export function queryDecoder(g: OnnxGraphBuilder, tokens: string, count: number): { decoded: string; keys: string; scale: string } {
  const queries = g.randomWeight('query_position_embeddings', [count, MEDIA_HIDDEN], 1);
  const keys = g.node('Transpose', [tokens], { perm: [0, 2, 1] });
  const scale = g.scalar(1 / Math.sqrt(MEDIA_HIDDEN));
  const attended = g.node('MatMul', [g.node('Softmax', [g.node('Mul', [g.node('MatMul', [queries, keys]), scale])], { axis: -1 }), tokens]);
  return { decoded: layerNorm(g, g.node('Add', [attended, queries])), keys, scale };
}

/**
 * Boxes [batch, queries, 4] as (cx, cy, w, h) in [0, 1]: widths and heights are scaled by the room
 * left around the centre, so every box lies inside the image.
 */
export function boxHead(g: OnnxGraphBuilder, decoded: string): string {
  const raw = linear(g, decoded, 'bbox_embed', MEDIA_HIDDEN, 4);
  const centre = g.node('Sigmoid', [g.node('Slice', [raw, g.ints([0]), g.ints([2]), g.ints([-1])])]);
  const room = g.node('Mul', [g.node('Min', [centre, g.node('Sub', [g.scalar(1), centre])]), g.scalar(2)]);
  const size = g.node('Mul', [g.node('Sigmoid', [g.node('Slice', [raw, g.ints([2]), g.ints([4]), g.ints([-1])])]), room]);
  return g.node('Concat', [centre, size], { axis: -1 });
}

/**
 * Per-pixel depth: each patch token predicts its PATCH_SIZE × PATCH_SIZE block of depths
 * (DepthToSpace), made positive with a softplus, as `predicted_depth` [batch, height, width] at
 * the input resolution (DPT, GLPN and Depth Anything all upsample back to it).
 */
export function buildDepthGraph(family: DepthFamily, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_depth_estimation`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const { tokens, grid } = patchTokens(g, pixels, layers);
  const block = PATCH_SIZE * PATCH_SIZE;
  const perPatch = linear(g, tokens, 'depth_head', MEDIA_HIDDEN, block);
  // [batch, patches, 64] → [batch, 64, grid_h, grid_w], the patch grid's own shape.
  const gridShape = g.node('Concat', [g.node('Slice', [g.node('Shape', [grid]), g.ints([0]), g.ints([1])]), g.ints([block]), g.node('Slice', [g.node('Shape', [grid]), g.ints([2]), g.ints([4])])], { axis: 0 });
  const map = g.node('Reshape', [g.node('Transpose', [perPatch], { perm: [0, 2, 1] }), gridShape]);
  const pixelsOut = g.node('DepthToSpace', [map], { blocksize: PATCH_SIZE, mode: 'CRD' });
  const depth = g.node('Softplus', [g.node('Squeeze', [pixelsOut, g.ints([1])])]);
  g.output('predicted_depth', 'float32', ['batch_size', 'height', 'width'], depth);
  if (family.fieldOfView) {
    // A positive angle from the mean patch token (the pipeline ignores it, as it does for the real model).
    const pooled = g.node('ReduceMean', [tokens], { axes: [1], keepdims: 0 });
    const angle = g.node('Softplus', [g.node('Squeeze', [linear(g, pooled, 'fov_head', MEDIA_HIDDEN, 1), g.ints([1])])]);
    g.output('field_of_view', 'float32', ['batch_size'], g.node('Mul', [angle, g.scalar(30)]));
  }
  return g.toBytes();
}

export function detectorConfig(modelType: string, family: DetectorFamily, architecture: string, layers: number): Record<string, unknown> {
  return {
    ...mediaBaseConfig(modelType, architecture, layers),
    num_channels: 3,
    num_queries: DETECTION_QUERIES,
    ...(family.noObjectClass ? {} : { num_labels: DETECTION_LABELS.length }),
    ...labelMaps(DETECTION_LABELS),
  };
}

export function depthConfig(modelType: string, architecture: string, layers: number): Record<string, unknown> {
  return { ...mediaBaseConfig(modelType, architecture, layers), num_channels: 3, patch_size: PATCH_SIZE };
}

/** ADE20K-style stuff and thing labels; the pipeline returns `config.id2label[label_id]`. */
export const SEGMENTATION_LABELS = ['wall', 'floor', 'sky', 'tree', 'person', 'car'];
/** Mask queries: MaskFormer has 100; a few keep the tiny head cheap. */
export const SEGMENTATION_QUERIES = 4;

/**
 * MaskFormer-style mask classification: learned queries attend over the patch tokens, then
 * `class_queries_logits` [batch, queries, labels + 1] (the last column is "no object") and
 * `masks_queries_logits` [batch, queries, height / 8, width / 8]. Each patch's mask logits are
 * sharpened around the query that matches it best (winner ≈ sigmoid(6), the rest ≈ 0) and the
 * class logits are scaled up: transformers.js keeps a segment only where mask probability × class
 * score reaches mask_threshold (0.5), which a trained model's confident, non-overlapping masks do.
 */
export function buildSegmenterGraph(family: SegmenterFamily, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_image_segmentation`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const { tokens, grid } = patchTokens(g, pixels, layers);

  const { logits, masks } = maskClassificationHead(g, tokens, grid);

  g.output('class_queries_logits', 'float32', ['batch_size', SEGMENTATION_QUERIES, SEGMENTATION_LABELS.length + 1], logits);
  g.output('masks_queries_logits', 'float32', ['batch_size', SEGMENTATION_QUERIES, 'mask_height', 'mask_width'], masks);
  return g.toBytes();
}

/**
 * The mask-classification head MaskFormer and DETR's panoptic head share: SEGMENTATION_QUERIES
 * decoded queries give class logits [batch, queries, labels + 1] and mask logits
 * [batch, queries, grid_h, grid_w] (see buildSegmenterGraph for why they are sharpened and scaled).
 */
export function maskClassificationHead(g: OnnxGraphBuilder, tokens: string, grid: string): { decoded: string; logits: string; masks: string } {
  const { decoded, keys, scale } = queryDecoder(g, tokens, SEGMENTATION_QUERIES);

  const classes = SEGMENTATION_LABELS.length + 1;
  const shift = new Float32Array(classes);
  shift[classes - 1] = NO_OBJECT_BIAS;
  const confident = g.node('Mul', [linear(g, decoded, 'class_predictor', MEDIA_HIDDEN, classes), g.scalar(4)]);
  const logits = g.node('Add', [confident, g.floatTensor('no_object_shift', [classes], shift)]);

  // Query–patch affinity [batch, queries, patches], sharpened around the best query of each patch.
  const embeddings = linear(g, decoded, 'mask_embedder', MEDIA_HIDDEN, MEDIA_HIDDEN);
  const affinity = g.node('Mul', [g.node('MatMul', [embeddings, keys]), scale]);
  const best = g.node('ReduceMax', [affinity], { axes: [1], keepdims: 1 });
  const sharpened = g.node('Add', [g.node('Mul', [g.node('Sub', [affinity, best]), g.scalar(20)]), g.scalar(6)]);
  const gridShape = g.node('Concat', [g.node('Slice', [g.node('Shape', [grid]), g.ints([0]), g.ints([1])]), g.ints([SEGMENTATION_QUERIES]), g.node('Slice', [g.node('Shape', [grid]), g.ints([2]), g.ints([4])])], { axis: 0 });
  return { decoded, logits, masks: g.node('Reshape', [sharpened, gridShape]) };
}

export function segmenterConfig(modelType: string, architecture: string, layers: number): Record<string, unknown> {
  return { ...mediaBaseConfig(modelType, architecture, layers), num_channels: 3, num_queries: SEGMENTATION_QUERIES, ...labelMaps(SEGMENTATION_LABELS) };
}

/** Swin2SR's `upscale` (the default classical x2 checkpoint). */
export const SUPER_RESOLUTION_SCALE = 2;

/**
 * Image super-resolution: `reconstruction` [batch, 3, height × scale, width × scale] is a bilinear
 * upscale of the (unnormalised, [0, 1]) input plus a learned detail term, each patch token
 * predicting its (PATCH_SIZE × scale)² block of RGB detail through a pixel shuffle (DepthToSpace),
 * as Swin2SR's upsampler does. Takes any size that is a multiple of PATCH_SIZE (the processor pads to it).
 */
export function buildSuperResolutionGraph(family: UpscalerFamily, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_image_to_image`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const { tokens, grid } = patchTokens(g, pixels, layers);
  const block = PATCH_SIZE * SUPER_RESOLUTION_SCALE;
  const channels = 3 * block * block;
  const perPatch = linear(g, tokens, 'upsample', MEDIA_HIDDEN, channels);
  const gridShape = g.node('Concat', [g.node('Slice', [g.node('Shape', [grid]), g.ints([0]), g.ints([1])]), g.ints([channels]), g.node('Slice', [g.node('Shape', [grid]), g.ints([2]), g.ints([4])])], { axis: 0 });
  const map = g.node('Reshape', [g.node('Transpose', [perPatch], { perm: [0, 2, 1] }), gridShape]);
  const detail = g.node('Mul', [g.node('Tanh', [g.node('DepthToSpace', [map], { blocksize: block, mode: 'CRD' })]), g.scalar(0.1)]);
  const scales = g.floatTensor('upscale_factors', [4], [1, 1, SUPER_RESOLUTION_SCALE, SUPER_RESOLUTION_SCALE]);
  const upscaled = g.node('Resize', [pixels, '', scales], { mode: 'linear' });
  g.output('reconstruction', 'float32', ['batch_size', 3, 'out_height', 'out_width'], g.node('Add', [upscaled, detail]));
  return g.toBytes();
}

export function superResolutionConfig(modelType: string, architecture: string, layers: number): Record<string, unknown> {
  return { ...mediaBaseConfig(modelType, architecture, layers), num_channels: 3, num_channels_out: 3, patch_size: 1, upscale: SUPER_RESOLUTION_SCALE, upsampler: 'pixelshuffle', img_range: 1 };
}
