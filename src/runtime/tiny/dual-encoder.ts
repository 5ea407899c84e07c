import { IMAGE_SIZE, PATCH_SIZE, type DualEncoderFamily, type DualEncoderTask } from './media-families';
import { l2Normalize, layerNorm, linear, MEDIA_HIDDEN, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import type { TokenizerFiles } from './tokenizer';
import { visionTower } from './vision';

/** Width of the shared image-text embedding space. */
export const PROJECTION_DIM = 16;
/**
 * Logit temperature. CLIP's trained value is 100; with random towers that makes every softmax
 * one-hot, so the tiny models keep SigLIP's initial 10 (and SigLIP's initial bias of -10).
 */
const LOGIT_SCALE = 10;
const SIGLIP_LOGIT_BIAS = -10;
/** Puts OWL-ViT's sigmoid scores around the pipeline's default 0.1 threshold, so some patches pass. */
const DETECTION_LOGIT_BIAS = -2;

const GRID = IMAGE_SIZE / PATCH_SIZE;

/**
 * Both towers in one graph, as optimum exports CLIPModel / SiglipModel to `onnx/model.onnx`:
 * inputs `input_ids` (+ `attention_mask`, + `token_type_ids` for Chinese-CLIP) and `pixel_values`;
 * outputs `logits_per_image` [images, texts] (what the zero-shot pipeline reads),
 * `logits_per_text`, `text_embeds` and `image_embeds` (L2-normalised). Each tower has `layers` mixing layers.
 */
export function buildDualEncoderGraph(family: DualEncoderFamily, tokenizer: TokenizerFiles, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}`, seed);
  const textSeq = ['text_batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', textSeq);
  const pixels = g.input('pixel_values', 'float32', ['image_batch_size', 3, IMAGE_SIZE, IMAGE_SIZE]);
  const attentionMask = family.attentionMask ? g.input('attention_mask', 'int64', textSeq) : undefined;
  const tokenTypeIds = family.tokenTypeIds ? g.input('token_type_ids', 'int64', textSeq) : undefined;

  const text = textTower(g, family, tokenizer, inputIds, attentionMask, tokenTypeIds, layers);
  const textEmbeds = l2Normalize(g, g.node('MatMul', [text, g.randomWeight('text_projection.weight', [MEDIA_HIDDEN, PROJECTION_DIM], 1 / Math.sqrt(MEDIA_HIDDEN))]));
  const image = visionTower(g, { clsToken: true }, pixels, 'vision_model', layers).pooled;
  const imageEmbeds = l2Normalize(g, g.node('MatMul', [image, g.randomWeight('visual_projection.weight', [MEDIA_HIDDEN, PROJECTION_DIM], 1 / Math.sqrt(MEDIA_HIDDEN))]));

  let perText = g.node('Mul', [g.node('MatMul', [textEmbeds, g.node('Transpose', [imageEmbeds], { perm: [1, 0] })]), g.scalar(LOGIT_SCALE)]);
  if (family.sigmoid) perText = g.node('Add', [perText, g.scalar(SIGLIP_LOGIT_BIAS)]);
  g.output('logits_per_image', 'float32', ['image_batch_size', 'text_batch_size'], g.node('Transpose', [perText], { perm: [1, 0] }));
  g.output('logits_per_text', 'float32', ['text_batch_size', 'image_batch_size'], perText);
  g.output('text_embeds', 'float32', ['text_batch_size', PROJECTION_DIM], textEmbeds);
  g.output('image_embeds', 'float32', ['image_batch_size', PROJECTION_DIM], imageEmbeds);
  return g.toBytes();
}

/**
 * The image tower alone, as `onnx/vision_model.onnx` for image-feature-extraction:
 * CLIPVisionModelWithProjection gives `image_embeds` + `last_hidden_state`,
 * SiglipVisionModel gives `last_hidden_state` + `pooler_output`.
 */
export function buildVisionModelGraph(family: DualEncoderFamily, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_vision_model`, seed);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, IMAGE_SIZE, IMAGE_SIZE]);
  const { tokens, pooled } = visionTower(g, { clsToken: true }, pixels, 'vision_model', layers);
  g.output('last_hidden_state', 'float32', ['batch_size', GRID * GRID + 1, MEDIA_HIDDEN], tokens);
  if (family.sigmoid) {
    g.output('pooler_output', 'float32', ['batch_size', MEDIA_HIDDEN], pooled);
  } else {
    const projected = g.node('MatMul', [pooled, g.randomWeight('visual_projection.weight', [MEDIA_HIDDEN, PROJECTION_DIM], 1 / Math.sqrt(MEDIA_HIDDEN))]);
    g.output('image_embeds', 'float32', ['batch_size', PROJECTION_DIM], projected);
  }
  return g.toBytes();
}

/**
 * OWL-ViT-style open-vocabulary detection in one `onnx/model.onnx` (OwlViTForObjectDetection):
 * inputs `input_ids` + `attention_mask` (one row per query text) and `pixel_values`; outputs
 * `logits` [images, patches, queries] (the pipeline applies a sigmoid and a threshold) and
 * `pred_boxes` [images, patches, 4] as (center x, center y, width, height) in [0, 1].
 * Each image patch predicts one box: near its own grid cell, shifted by its features.
 */
export function buildDetectorGraph(family: DualEncoderFamily, tokenizer: TokenizerFiles, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_detector`, seed);
  const textSeq = ['num_queries', 'sequence_length'];
  const inputIds = g.input('input_ids', 'int64', textSeq);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, IMAGE_SIZE, IMAGE_SIZE]);
  const attentionMask = g.input('attention_mask', 'int64', textSeq);
  const patches = GRID * GRID;

  const queries = textTower(g, family, tokenizer, inputIds, attentionMask, undefined, layers);
  const queryEmbeds = l2Normalize(g, g.node('MatMul', [queries, g.randomWeight('text_projection.weight', [MEDIA_HIDDEN, PROJECTION_DIM], 1 / Math.sqrt(MEDIA_HIDDEN))]));
  const tokens = visionTower(g, { clsToken: true }, pixels, 'vision_model', layers).tokens;
  const patchTokens = g.node('Slice', [tokens, g.ints([1]), g.ints([patches + 1]), g.ints([1])]);
  const patchEmbeds = l2Normalize(g, g.node('MatMul', [patchTokens, g.randomWeight('class_head.weight', [MEDIA_HIDDEN, PROJECTION_DIM], 1 / Math.sqrt(MEDIA_HIDDEN))]));
  const similarity = g.node('MatMul', [patchEmbeds, g.node('Transpose', [queryEmbeds], { perm: [1, 0] })]);
  g.output('logits', 'float32', ['batch_size', patches, 'num_queries'], g.node('Add', [g.node('Mul', [similarity, g.scalar(LOGIT_SCALE)]), g.scalar(DETECTION_LOGIT_BIAS)]));

  // Box centers start at the patch's grid cell; features shift them and set the size.
  const cellCenters: number[] = [];
  for (let row = 0; row < GRID; row++) for (let col = 0; col < GRID; col++) cellCenters.push((col + 0.5) / GRID, (row + 0.5) / GRID, 1 / GRID, 1 / GRID);
  const logitOf = (p: number) => Math.log(p / (1 - p));
  const prior = g.floatTensor('box_head.prior', [patches, 4], cellCenters.map(logitOf));
  const offsets = linear(g, patchTokens, 'box_head', MEDIA_HIDDEN, 4);
  g.output('pred_boxes', 'float32', ['batch_size', patches, 4], g.node('Sigmoid', [g.node('Add', [prior, g.node('Mul', [offsets, g.scalar(0.5)])])]));
  return g.toBytes();
}

/** Token + position (+ segment) embeddings, mixing layers, masked mean pooling → [texts, hidden]. */
export function textTower(
  g: OnnxGraphBuilder,
  family: Pick<DualEncoderFamily, 'textMaxLength'>,
  tokenizer: TokenizerFiles,
  inputIds: string,
  attentionMask: string | undefined,
  tokenTypeIds: string | undefined,
  layers: number,
): string {
  const { states, maskFloat } = textTokenStates(g, family, tokenizer, inputIds, attentionMask, tokenTypeIds, layers);
  if (!maskFloat) return linear(g, g.node('ReduceMean', [states], { axes: [1], keepdims: 0 }), 'text_model.head', MEDIA_HIDDEN, MEDIA_HIDDEN);
  const summed = g.node('ReduceSum', [g.node('Mul', [states, maskFloat]), g.ints([1])], { keepdims: 0 });
  const count = g.node('Max', [g.node('ReduceSum', [maskFloat, g.ints([1])], { keepdims: 0 }), g.scalar(1)]);
  return g.node('Div', [summed, count]);
}

/**
 * The text tower before pooling: one state per token [texts, seq, hidden] (what a BERT-style
 * encoder returns as last_hidden_state), and the attention mask as floats [texts, seq, 1] when there is one.
 */
export function textTokenStates(
  g: OnnxGraphBuilder,
  family: Pick<DualEncoderFamily, 'textMaxLength'>,
  tokenizer: TokenizerFiles,
  inputIds: string,
  attentionMask: string | undefined,
  tokenTypeIds: string | undefined,
  layers: number,
): { states: string; maskFloat?: string } {
  let x = g.node('Gather', [g.randomWeight('text_model.token_embedding.weight', [tokenizer.vocabSize, MEDIA_HIDDEN], 1), inputIds], { axis: 0 });
  const seqLen = g.node('Gather', [g.node('Shape', [inputIds]), g.ints(1)], { axis: 0 });
  const positions = g.node('Range', [g.ints(0), seqLen, g.ints(1)]);
  const positionTable = g.randomWeight('text_model.position_embedding.weight', [family.textMaxLength, MEDIA_HIDDEN], 0.5);
  x = g.node('Add', [x, g.node('Gather', [positionTable, positions], { axis: 0 })]);
  if (tokenTypeIds) {
    x = g.node('Add', [x, g.node('Gather', [g.randomWeight('text_model.token_type_embedding.weight', [2, MEDIA_HIDDEN], 0.5), tokenTypeIds], { axis: 0 })]);
  }
  x = layerNorm(g, x);
  if (!attentionMask) return { states: mixingLayers(g, x, 'text_model', layers) };
  const maskFloat = g.node('Unsqueeze', [g.node('Cast', [attentionMask], { to: 1 }), g.ints([-1])]);
  return { states: mixingLayers(g, x, 'text_model', layers, maskFloat), maskFloat };
}

export function dualEncoderConfig(modelType: string, family: DualEncoderFamily, architecture: string, tokenizer: TokenizerFiles, layers: number): Record<string, unknown> {
  const shared = { hidden_size: MEDIA_HIDDEN, num_hidden_layers: layers, num_attention_heads: 4, intermediate_size: MEDIA_HIDDEN * 2 };
  const pad = family.tokenizer.specials.pad;
  return {
    architectures: [architecture],
    model_type: modelType,
    projection_dim: PROJECTION_DIM,
    logit_scale_init_value: Math.log(LOGIT_SCALE),
    text_config: {
      ...shared,
      vocab_size: tokenizer.vocabSize,
      max_position_embeddings: family.textMaxLength,
      ...(pad === undefined ? {} : { pad_token_id: tokenizer.tokenToId[pad] }),
    },
    vision_config: { ...shared, image_size: IMAGE_SIZE, patch_size: PATCH_SIZE, num_channels: 3 },
  };
}

export type { DualEncoderTask };
