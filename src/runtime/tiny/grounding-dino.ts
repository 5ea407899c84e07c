import { textTokenStates } from './dual-encoder';
import { PATCH_SIZE, type GroundedDetectorFamily } from './media-families';
import { layerNorm, linear, MEDIA_HIDDEN, mixingLayers } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import type { TokenizerFiles } from './tokenizer';
import { boxHead, patchTokens, queryDecoder, scaleByPixelMask } from './vision-heads';

/**
 * Grounding DINO (GroundingDinoForObjectDetection) in the layout transformers.js 4.3.1 runs it:
 * ZeroShotObjectDetectionPipeline tokenizes the candidate labels with the (BERT) tokenizer, feeds
 * `{ ...text_inputs, pixel_values }` to onnx/model.onnx (encoder_forward adds `pixel_mask`, all ones,
 * and would add zero `token_type_ids` if the tokenizer gave none), and, because GroundingDinoProcessor
 * has post_process_grounded_object_detection, reads `logits` [batch, queries, max_text_len] (one
 * column per text-token position) and `pred_boxes` [batch, queries, 4] (cx, cy, w, h in [0, 1]).
 * A query's score is its best token's sigmoid; its label is the decode of the tokens above
 * text_threshold (position 0 and the last column are never part of it).
 */

/** Object queries: the real model selects 900 from the encoder; a handful keeps the tiny head cheap. */
export const GROUNDING_QUERIES = 8;
/**
 * A trained Grounding DINO never grounds a box in [CLS], [SEP] or [PAD]: their token bias keeps
 * them far below any threshold (a random model would otherwise label boxes "[SEP]").
 */
const SPECIAL_TOKEN_BIAS = -8;
/** Spreads the random similarities (std ≈ 1) so a few tokens of a caption pass a 0.3 threshold, not all. */
const SIMILARITY_SCALE = 2;
const SIMILARITY_BIAS = -2;

/**
 * Inputs as optimum exports the real model: `pixel_values`, `input_ids`, `token_type_ids`,
 * `attention_mask`, `pixel_mask`. A patch backbone (Swin in the real model) and a BERT-style text
 * encoder; a feature enhancer that mixes image and text tokens as one sequence (the real one
 * cross-attends both ways), so each side sees the other, and which, like the real fusion, needs the
 * image and text batches to agree; learned queries that attend over the enhanced image tokens and
 * then over the text tokens; the contrastive head scores every query against every text token
 * (padding and the columns up to max_text_len are -inf, as GroundingDinoContrastiveEmbedding pads them).
 */
export function buildGroundingDinoGraph(family: GroundedDetectorFamily, tokenizer: TokenizerFiles, seed: string, layers: number): Uint8Array {
  const g = new OnnxGraphBuilder(`tiny_${family.classPrefix.toLowerCase()}_zero_shot_object_detection`, seed);
  const textSeq = ['batch_size', 'sequence_length'];
  const pixels = g.input('pixel_values', 'float32', ['batch_size', 3, 'height', 'width']);
  const inputIds = g.input('input_ids', 'int64', textSeq);
  const tokenTypeIds = g.input('token_type_ids', 'int64', textSeq);
  const attentionMask = g.input('attention_mask', 'int64', textSeq);
  const pixelMask = g.input('pixel_mask', 'int64', ['batch_size', 'height', 'width']);

  const image = scaleByPixelMask(g, patchTokens(g, pixels, layers).tokens, pixelMask);
  const { states: text, maskFloat } = textTokenStates(g, family, tokenizer, inputIds, attentionMask, tokenTypeIds, layers);
  const { enhancedImage, enhancedText } = featureEnhancer(g, image, text, maskFloat!, layers);

  const { decoded } = queryDecoder(g, enhancedImage, GROUNDING_QUERIES);
  const grounded = layerNorm(g, g.node('Add', [decoded, textCrossAttention(g, decoded, enhancedText, maskFloat!)]));

  const logits = contrastiveLogits(g, family, grounded, enhancedText, inputIds, attentionMask, tokenizer);
  g.output('logits', 'float32', ['batch_size', GROUNDING_QUERIES, family.textMaxLength], logits);
  g.output('pred_boxes', 'float32', ['batch_size', GROUNDING_QUERIES, 4], boxHead(g, grounded));
  return g.toBytes();
}

/** Image [B, P, H] and text [B, L, H] tokens mixed as one [B, P + L, H] sequence (text padding masked), then split again. */
function featureEnhancer(g: OnnxGraphBuilder, image: string, text: string, textMask: string, layers: number) {
  const imageShape = g.node('Shape', [image]);
  const patches = g.node('Slice', [imageShape, g.ints([1]), g.ints([2])]);
  const imageMask = g.node('Expand', [g.floatTensor('fusion.image_mask', [1, 1, 1], [1]), g.node('Concat', [g.node('Slice', [imageShape, g.ints([0]), g.ints([2])]), g.ints([1])], { axis: 0 })]);
  const joint = g.node('Concat', [image, text], { axis: 1 });
  const jointMask = g.node('Concat', [imageMask, textMask], { axis: 1 });
  const fused = mixingLayers(g, joint, 'encoder.fusion', layers, jointMask);
  const end = g.ints([Number.MAX_SAFE_INTEGER]);
  return {
    enhancedImage: g.node('Slice', [fused, g.ints([0]), patches, g.ints([1])]),
    enhancedText: g.node('Slice', [fused, patches, end, g.ints([1])]),
  };
}

/** Each query [B, Q, H] attends over the text tokens [B, L, H], padding excluded (maskFloat [B, L, 1]). */
function textCrossAttention(g: OnnxGraphBuilder, queries: string, text: string, maskFloat: string): string {
  const keys = g.node('Transpose', [text], { perm: [0, 2, 1] });
  const scores = g.node('Mul', [g.node('MatMul', [queries, keys]), g.scalar(1 / Math.sqrt(MEDIA_HIDDEN))]);
  const padding = g.node('Mul', [g.node('Sub', [g.scalar(1), g.node('Transpose', [maskFloat], { perm: [0, 2, 1] })]), g.scalar(-1e4)]);
  return g.node('MatMul', [g.node('Softmax', [g.node('Add', [scores, padding])], { axis: -1 }), text]);
}

/**
 * logits [B, Q, max_text_len]: query · text token, plus the token's bias; padded positions and the
 * columns past the caption are -inf (sigmoid 0), as the real contrastive embedding masks and pads them.
 */
function contrastiveLogits(
  g: OnnxGraphBuilder,
  family: GroundedDetectorFamily,
  queries: string,
  text: string,
  inputIds: string,
  attentionMask: string,
  tokenizer: TokenizerFiles,
): string {
  const projected = linear(g, queries, 'contrastive.query_projection', MEDIA_HIDDEN, MEDIA_HIDDEN);
  const words = wordPooled(g, text, inputIds, tokenizer);
  const similarity = g.node('Mul', [g.node('MatMul', [projected, g.node('Transpose', [words], { perm: [0, 2, 1] })]), g.scalar(SIMILARITY_SCALE / Math.sqrt(MEDIA_HIDDEN))]);
  const tokenBias = new Float32Array(tokenizer.vocabSize);
  for (const id of tokenizer.specialIds) tokenBias[id] = SPECIAL_TOKEN_BIAS;
  const bias = g.node('Unsqueeze', [g.node('Gather', [g.floatTensor('contrastive.token_bias', [tokenizer.vocabSize], tokenBias), inputIds], { axis: 0 }), g.ints([1])]);
  const scored = g.node('Add', [g.node('Add', [similarity, bias]), g.scalar(SIMILARITY_BIAS)]);
  const realToken = g.node('Unsqueeze', [g.node('Cast', [attentionMask], { to: 9 }), g.ints([1])]);
  const masked = g.node('Where', [realToken, scored, g.scalar(-Infinity)]);
  // Pad the last axis from the caption's length to max_text_len.
  const length = g.node('Slice', [g.node('Shape', [inputIds]), g.ints([1]), g.ints([2])]);
  const pads = g.node('Concat', [g.ints([0, 0, 0, 0, 0]), g.node('Sub', [g.ints([family.textMaxLength]), length])], { axis: 0 });
  return g.node('Pad', [masked, pads, g.scalar(-Infinity)], { mode: 'constant' });
}

/**
 * Text states [B, L, H] averaged over the WordPiece pieces of each word (a piece starting with `##`
 * continues the word before it), so all pieces of a word score alike and a label is made of whole
 * words, as a trained BERT's contextual features of one word's pieces make it.
 */
function wordPooled(g: OnnxGraphBuilder, text: string, inputIds: string, tokenizer: TokenizerFiles): string {
  const startsWord = new Float32Array(tokenizer.vocabSize).fill(1);
  for (const [token, id] of Object.entries(tokenizer.tokenToId)) if (token.startsWith('##')) startsWord[id] = 0;
  const starts = g.node('Gather', [g.floatTensor('contrastive.starts_word', [tokenizer.vocabSize], startsWord), inputIds], { axis: 0 });
  const wordIndex = g.node('CumSum', [starts, g.ints(1)]);
  const sameWord = g.node('Cast', [g.node('Equal', [g.node('Unsqueeze', [wordIndex, g.ints([2])]), g.node('Unsqueeze', [wordIndex, g.ints([1])])])], { to: 1 });
  const pieces = g.node('ReduceSum', [sameWord, g.ints([2])], { keepdims: 1 });
  return g.node('Div', [g.node('MatMul', [sameWord, text]), pieces]);
}

export function groundingDinoConfig(modelType: string, family: GroundedDetectorFamily, architecture: string, tokenizer: TokenizerFiles, layers: number): Record<string, unknown> {
  const pad = family.tokenizer.specials.pad;
  return {
    architectures: [architecture],
    model_type: modelType,
    d_model: MEDIA_HIDDEN,
    num_queries: GROUNDING_QUERIES,
    max_text_len: family.textMaxLength,
    encoder_layers: layers,
    decoder_layers: 1,
    num_feature_levels: 1,
    text_config: {
      model_type: 'bert',
      vocab_size: tokenizer.vocabSize,
      hidden_size: MEDIA_HIDDEN,
      num_hidden_layers: layers,
      num_attention_heads: 4,
      intermediate_size: MEDIA_HIDDEN * 2,
      max_position_embeddings: family.textMaxLength,
      type_vocab_size: 2,
      ...(pad === undefined ? {} : { pad_token_id: tokenizer.tokenToId[pad] }),
    },
    backbone_config: { model_type: 'swin', patch_size: PATCH_SIZE, num_channels: 3, embed_dim: MEDIA_HIDDEN, depths: [layers] },
  };
}
