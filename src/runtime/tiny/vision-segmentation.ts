import { PATCH_SIZE } from './media-families';
import { linear, MEDIA_HIDDEN, mediaBaseConfig, meanPool, prependClsToken } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { labelMaps } from './vision';
import { boxHead, maskClassificationHead, patchTokens, queryDecoder, DETECTION_QUERIES, SEGMENTATION_LABELS, SEGMENTATION_QUERIES } from './vision-heads';

/**
 * The other heads of the vision families' classes, on the same any-size patch encoder as their
 * detection and depth heads (vision-heads.ts): segmentation (DETR's panoptic head, SegFormer's
 * semantic logits, the one-channel matte of the swin/MobileNet segmentation classes) and the
 * bare `<X>Model` backbones image-feature-extraction loads. Every op is per batch item.
 */

/** [batch, channels, grid_h, grid_w] from per-patch values [batch, patches, channels], shaped like the patch grid. */
function toGrid(g: OnnxGraphBuilder, perPatch: string, grid: string, channels: number): string {
  const shape = g.node('Concat', [g.node('Slice', [g.node('Shape', [grid]), g.ints([0]), g.ints([1])]), g.ints([channels]), g.node('Slice', [g.node('Shape', [grid]), g.ints([2]), g.ints([4])])], { axis: 0 });
  return g.node('Reshape', [g.node('Transpose', [perPatch], { perm: [0, 2, 1] }), shape]);
}

/** DETR-family exports take `pixel_mask` too; the features are scaled by its unpadded fraction (all ones from transformers.js). */
function maskedPatchTokens(g: OnnxGraphBuilder, pixels: string, layers: number, pixelMask: boolean): { tokens: string; grid: string } {
  const { tokens, grid } = patchTokens(g, pixels, layers);
  if (!pixelMask) return { tokens, grid };
  const mask = g.input('pixel_mask', 'int64', ['batch_size', 'mask_height', 'mask_width']);
  const valid = g.node('ReduceMean', [g.node('Cast', [mask], { to: 1 })], { axes: [1, 2], keepdims: 1 });
  return { tokens: g.node('Mul', [tokens, valid]), grid };
}

/**
 * DetrForSegmentation (panoptic): `logits` [batch, queries, labels + 1], `pred_boxes` [batch, queries, 4]
 * and `pred_masks` [batch, queries, height / 8, width / 8] — the names DETR's panoptic export gives the
 * tensors DetrImageProcessor.post_process_panoptic_segmentation reads (logits ?? class_queries_logits,
 * pred_masks ?? masks_queries_logits), from MaskFormer's mask-classification head.
 */
export function buildPanopticSegmentationGraph(name: string, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${name}_panoptic_segmentation`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const { tokens, grid } = maskedPatchTokens(g, pixels, layers, true);
  const { decoded, logits, masks } = maskClassificationHead(g, tokens, grid);
  const boxes = boxHead(g, decoded);
  g.output('logits', 'float32', ['batch_size', SEGMENTATION_QUERIES, SEGMENTATION_LABELS.length + 1], logits);
  g.output('pred_boxes', 'float32', ['batch_size', SEGMENTATION_QUERIES, 4], boxes);
  g.output('pred_masks', 'float32', ['batch_size', SEGMENTATION_QUERIES, 'mask_height', 'mask_width'], masks);
  return g.toBytes();
}

/**
 * SegformerForSemanticSegmentation: per-patch class `logits` [batch, labels, height / 8, width / 8]
 * (SegFormer's decode head predicts at 1/4 of the input); post_process_semantic_segmentation resizes
 * them to the image and takes the argmax per pixel. The logits are scaled up so that most labels own some pixels.
 */
export function buildSemanticSegmentationGraph(name: string, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${name}_semantic_segmentation`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const { tokens, grid } = patchTokens(g, pixels, layers);
  const perPatch = g.node('Mul', [linear(g, tokens, 'decode_head.classifier', MEDIA_HIDDEN, SEGMENTATION_LABELS.length), g.scalar(4)]);
  g.output('logits', 'float32', ['batch_size', SEGMENTATION_LABELS.length, 'logits_height', 'logits_width'], toGrid(g, perPatch, grid, SEGMENTATION_LABELS.length));
  return g.toBytes();
}

/**
 * The swin / MobileNet ForSemanticSegmentation checkpoints transformers.js runs have image processors
 * without a post-processing method, so the pipeline takes its subtask-less path: the first output's
 * map per image, sigmoid-ed unless already in [0, 1], becomes a mask through RawImage.fromTensor, which
 * takes 1 to 4 channels (a 21-class DeepLab head would throw "Unsupported number of channels: 21").
 * What runs there is a background-removal matte (BiRefNet, MODNet style): one channel of foreground
 * `logits` [batch, 1, height, width] at the input resolution, each patch predicting its 8 × 8 block.
 */
export function buildMatteGraph(name: string, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${name}_matte`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const { tokens, grid } = patchTokens(g, pixels, layers);
  const block = PATCH_SIZE * PATCH_SIZE;
  const map = toGrid(g, linear(g, tokens, 'matte_head', MEDIA_HIDDEN, block), grid, block);
  const matte = g.node('Mul', [g.node('DepthToSpace', [map], { blocksize: PATCH_SIZE, mode: 'CRD' }), g.scalar(3)]);
  g.output('logits', 'float32', ['batch_size', 1, 'height', 'width'], matte);
  return g.toBytes();
}

/**
 * How each bare backbone lays out `last_hidden_state`:
 * `queries` (DetrModel, TableTransformerModel): the decoder's object queries [batch, queries, hidden];
 * `tokens` (DPTModel): [CLS] + patches [batch, 1 + patches, hidden];
 * `detection-tokens` (YolosModel): [CLS] + patches + detection tokens;
 * `stride-32` (GLPNModel): the last stage's feature map [batch, hidden, height / 32, width / 32];
 * `full-resolution` (Swin2SRModel): a feature map at the (padded) input size [batch, hidden, height, width].
 */
export type FeatureLayout = 'queries' | 'tokens' | 'detection-tokens' | 'stride-32' | 'full-resolution';

/** An image backbone for image-feature-extraction: `last_hidden_state` in the family's layout, and `pooler_output` where the class has a pooler. */
export function buildImageFeatureGraph(name: string, layout: FeatureLayout, pixelMask: boolean, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${name}_image_feature_extraction`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const { tokens, grid } = maskedPatchTokens(g, pixels, layers, pixelMask);
  switch (layout) {
    case 'queries':
      g.output('last_hidden_state', 'float32', ['batch_size', DETECTION_QUERIES, MEDIA_HIDDEN], queryDecoder(g, tokens, DETECTION_QUERIES).decoded);
      break;
    case 'tokens':
    case 'detection-tokens': {
      let states = prependClsToken(g, tokens, 'embeddings');
      if (layout === 'detection-tokens') {
        const detection = g.randomWeight('embeddings.detection_tokens', [1, DETECTION_QUERIES, MEDIA_HIDDEN], 1);
        const shape = g.node('Concat', [g.node('Slice', [g.node('Shape', [tokens]), g.ints([0]), g.ints([1])]), g.ints([DETECTION_QUERIES, MEDIA_HIDDEN])], { axis: 0 });
        states = g.node('Concat', [states, g.node('Expand', [detection, shape])], { axis: 1 });
      }
      g.output('last_hidden_state', 'float32', ['batch_size', 'sequence_length', MEDIA_HIDDEN], states);
      g.output('pooler_output', 'float32', ['batch_size', MEDIA_HIDDEN], g.node('Tanh', [linear(g, g.node('Gather', [states, g.ints(0)], { axis: 1 }), 'pooler', MEDIA_HIDDEN, MEDIA_HIDDEN)]));
      break;
    }
    case 'stride-32': {
      // GLPNImageProcessor rounds each side down to a multiple of 32, so the 8-pixel patch grid pools by 4 exactly.
      const map = g.node('AveragePool', [toGrid(g, tokens, grid, MEDIA_HIDDEN)], { kernel_shape: [4, 4], strides: [4, 4] });
      g.output('last_hidden_state', 'float32', ['batch_size', MEDIA_HIDDEN, 'feature_height', 'feature_width'], map);
      break;
    }
    case 'full-resolution': {
      const scales = g.floatTensor('feature_upscale', [4], [1, 1, PATCH_SIZE, PATCH_SIZE]);
      const map = g.node('Resize', [toGrid(g, tokens, grid, MEDIA_HIDDEN), '', scales], { mode: 'linear' });
      g.output('last_hidden_state', 'float32', ['batch_size', MEDIA_HIDDEN, 'height', 'width'], map);
      break;
    }
  }
  return g.toBytes();
}

export function panopticConfig(modelType: string, architecture: string, layers: number): Record<string, unknown> {
  return { ...mediaBaseConfig(modelType, architecture, layers), num_channels: 3, num_queries: SEGMENTATION_QUERIES, ...labelMaps(SEGMENTATION_LABELS) };
}

export function semanticConfig(modelType: string, architecture: string, layers: number): Record<string, unknown> {
  return { ...mediaBaseConfig(modelType, architecture, layers), num_channels: 3, num_labels: SEGMENTATION_LABELS.length, ...labelMaps(SEGMENTATION_LABELS) };
}

/** The matte's one channel is the foreground. */
export function matteConfig(modelType: string, architecture: string, layers: number): Record<string, unknown> {
  return { ...mediaBaseConfig(modelType, architecture, layers), num_channels: 3, num_labels: 1, ...labelMaps(['foreground']) };
}

export function featureConfig(modelType: string, architecture: string, layout: FeatureLayout, layers: number): Record<string, unknown> {
  return {
    ...mediaBaseConfig(modelType, architecture, layers),
    num_channels: 3,
    patch_size: PATCH_SIZE,
    ...(layout === 'queries' || layout === 'detection-tokens' ? { num_queries: DETECTION_QUERIES } : {}),
    ...(layout === 'stride-32' || layout === 'full-resolution' ? { hidden_sizes: [MEDIA_HIDDEN] } : {}),
  };
}
