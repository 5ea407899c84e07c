import type { ModelFiles } from './cache';
import { layerNorm, linear, MEDIA_HIDDEN, patchEmbed } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { buildSeq2SeqDecoderGraph, buildSeq2SeqEncoderGraph, SEQ2SEQ_SIZES, VISION_SIZES } from './seq2seq-graph';
import { buildSeq2SeqTokenizer, type Seq2SeqTokenizer } from './seq2seq-tokenizer';

/**
 * Tiny Florence-2 (transformers.js 4.3.1 models/florence2): Florence2ForConditionalGeneration is an
 * ImageTextToText model with config.is_encoder_decoder, so it loads `vision_encoder` (pixel_values →
 * image_features), `embed_tokens` (input_ids → inputs_embeds, for the prompt and the decoder),
 * `encoder_model` (inputs_embeds = [image features ; prompt embeddings] + attention_mask →
 * last_hidden_state) and `decoder_model_merged` (inputs_embeds + encoder_hidden_states +
 * encoder_attention_mask + the encoder/decoder KV cache). The sizes sit under text_config
 * (`florence2_language`, BART's field names), which getNormalizedConfig reads for florence2.
 * Florence2Processor turns task tokens (`<CAPTION>`...) into prompts with the tables in
 * preprocessor_config.json and post-processes answers by the task's type.
 */

const MODEL_MAX_LENGTH = SEQ2SEQ_SIZES.maxPositions;

/** Florence2Processor's task tables, as Florence-2 checkpoints converted for transformers.js ship them. */
export const FLORENCE2_TASKS = {
  tasks_answer_post_processing_type: {
    '<OCR>': 'pure_text',
    '<OCR_WITH_REGION>': 'ocr',
    '<CAPTION>': 'pure_text',
    '<DETAILED_CAPTION>': 'pure_text',
    '<MORE_DETAILED_CAPTION>': 'pure_text',
    '<OD>': 'description_with_bboxes',
    '<DENSE_REGION_CAPTION>': 'description_with_bboxes',
    '<CAPTION_TO_PHRASE_GROUNDING>': 'phrase_grounding',
    '<REFERRING_EXPRESSION_SEGMENTATION>': 'polygons',
    '<REGION_TO_SEGMENTATION>': 'polygons',
    '<OPEN_VOCABULARY_DETECTION>': 'description_with_bboxes_or_polygons',
    '<REGION_TO_CATEGORY>': 'pure_text',
    '<REGION_TO_DESCRIPTION>': 'pure_text',
    '<REGION_TO_OCR>': 'pure_text',
    '<REGION_PROPOSAL>': 'bboxes',
  },
  task_prompts_without_inputs: {
    '<OCR>': 'What is the text in the image?',
    '<OCR_WITH_REGION>': 'What is the text in the image, with regions?',
    '<CAPTION>': 'What does the image describe?',
    '<DETAILED_CAPTION>': 'Describe in detail what is shown in the image.',
    '<MORE_DETAILED_CAPTION>': 'Describe with a paragraph what is shown in the image.',
    '<OD>': 'Locate the objects with category name in the image.',
    '<DENSE_REGION_CAPTION>': 'Locate the objects in the image, with their descriptions.',
    '<REGION_PROPOSAL>': 'Locate the region proposals in the image.',
  },
  task_prompts_with_input: {
    '<CAPTION_TO_PHRASE_GROUNDING>': 'Locate the phrases in the caption: {input}',
    '<REFERRING_EXPRESSION_SEGMENTATION>': 'Locate {input} in the image with mask',
    '<REGION_TO_SEGMENTATION>': 'What is the polygon mask of region {input}',
    '<OPEN_VOCABULARY_DETECTION>': 'Locate {input} in the image.',
    '<REGION_TO_CATEGORY>': 'What is the region {input}?',
    '<REGION_TO_DESCRIPTION>': 'What does the region {input} describe?',
    '<REGION_TO_OCR>': 'What text is in the region {input}?',
  },
} as const;

/** Florence-2's bins for coordinates (`<loc_0>` … `<loc_999>`), which post_process_generation maps back to pixels. */
const LOCATION_BINS = 1000;

export function renderFlorence2Files(modelType: string, task: string, architecture: string, seed: string, layers: number = SEQ2SEQ_SIZES.decoderLayers): ModelFiles {
  const tokenizer = buildSeq2SeqTokenizer('bart', 'BartTokenizer', MODEL_MAX_LENGTH);
  const weightSeed = `${modelType}/${task}/${seed}`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: ModelFiles = new Map();
  files.set('config.json', json(florence2Config(modelType, architecture, tokenizer, layers)));
  files.set('generation_config.json', json({ ...tokenIds(tokenizer), do_sample: false }));
  files.set('preprocessor_config.json', json(florence2Preprocessor()));
  files.set('onnx/vision_encoder.onnx', buildFlorence2VisionGraph(weightSeed, layers));
  files.set('onnx/embed_tokens.onnx', buildFlorence2EmbedTokensGraph(tokenizer.vocabSize, weightSeed));
  files.set('onnx/encoder_model.onnx', buildSeq2SeqEncoderGraph('embeds', tokenizer.vocabSize, weightSeed, layers));
  files.set('onnx/decoder_model_merged.onnx', buildSeq2SeqDecoderGraph(
    tokenizer,
    { encoderAttentionMask: true, cache: 'seq2seq', maxTargetPositions: MODEL_MAX_LENGTH, layers, inputsEmbeds: true },
    weightSeed,
  ));
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
  return files;
}

function tokenIds(tokenizer: Seq2SeqTokenizer): Record<string, number> {
  return { bos_token_id: tokenizer.bosId!, eos_token_id: tokenizer.eosId, pad_token_id: tokenizer.padId, decoder_start_token_id: tokenizer.decoderStartId };
}

function florence2Config(modelType: string, architecture: string, tokenizer: Seq2SeqTokenizer, layers: number): Record<string, unknown> {
  const { hidden, heads, ffn, maxPositions } = SEQ2SEQ_SIZES;
  const { imageSize, patchSize } = VISION_SIZES;
  return {
    architectures: [architecture],
    model_type: modelType,
    is_encoder_decoder: true,
    vocab_size: tokenizer.vocabSize,
    projection_dim: hidden,
    text_config: {
      model_type: 'florence2_language',
      is_encoder_decoder: true,
      vocab_size: tokenizer.vocabSize,
      d_model: hidden,
      encoder_layers: layers,
      decoder_layers: layers,
      encoder_attention_heads: heads,
      decoder_attention_heads: heads,
      encoder_ffn_dim: ffn,
      decoder_ffn_dim: ffn,
      max_position_embeddings: maxPositions,
      ...tokenIds(tokenizer),
    },
    vision_config: {
      model_type: 'davit',
      depths: [layers],
      dim_embed: [MEDIA_HIDDEN],
      num_heads: [4],
      patch_size: [patchSize],
      patch_stride: [patchSize],
      projection_dim: hidden,
      image_size: imageSize,
      image_pos_embed: { type: 'learned_abs_2d', max_pos_embeddings: imageSize / patchSize },
      visual_temporal_embedding: { type: 'COSINE', max_temporal_embeddings: 100 },
      image_feature_source: ['spatial_avg_pool', 'temporal_avg_pool'],
    },
    ...tokenIds(tokenizer),
  };
}

/** Florence-2's CLIPImageProcessor settings (768 px in the checkpoints; the tiny tower takes 32 px) and the processor's task tables. */
function florence2Preprocessor(): Record<string, unknown> {
  const { imageSize } = VISION_SIZES;
  return {
    image_processor_type: 'CLIPImageProcessor',
    processor_class: 'Florence2Processor',
    do_resize: true,
    size: { height: imageSize, width: imageSize },
    resample: 3,
    do_center_crop: false,
    crop_size: { height: imageSize, width: imageSize },
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: [0.485, 0.456, 0.406],
    image_std: [0.229, 0.224, 0.225],
    do_convert_rgb: false,
    image_seq_length: (imageSize / VISION_SIZES.patchSize) ** 2 + 1,
    num_location_bins: LOCATION_BINS,
    ...FLORENCE2_TASKS,
  };
}

/**
 * `vision_encoder.onnx`: pixel_values [batch, 3, 32, 32] → image_features [batch, 17, d_model]:
 * 8×8 patches with learned 2-D positions, per-patch layers, then (as Florence-2's projection
 * does) the spatially pooled token in front of the patch tokens, projected to the text width.
 */
function buildFlorence2VisionGraph(seed: string, layers: number): Uint8Array {
  const { imageSize, patchSize, channels } = VISION_SIZES;
  const patches = (imageSize / patchSize) ** 2;
  const g = new OnnxGraphBuilder('tiny_florence2_vision_encoder', `${seed}/vision`);
  const pixels = g.input('pixel_values', 'float32', ['batch_size', channels, imageSize, imageSize]);
  let x = g.node('Add', [patchEmbed(g, pixels, 'davit', channels, patchSize), g.randomWeight('image_pos_embed.weight', [1, patches, MEDIA_HIDDEN], 0.5)]);
  x = layerNorm(g, x);
  for (let layer = 0; layer < layers; layer++) {
    x = layerNorm(g, g.node('Add', [x, g.node('Tanh', [linear(g, x, `davit.blocks.${layer}.mlp`, MEDIA_HIDDEN, MEDIA_HIDDEN)])]));
  }
  const pooled = g.node('ReduceMean', [x], { axes: [1], keepdims: 1 });
  const features = linear(g, g.node('Concat', [pooled, x], { axis: 1 }), 'image_projection', MEDIA_HIDDEN, SEQ2SEQ_SIZES.hidden);
  g.output('image_features', 'float32', ['batch_size', patches + 1, SEQ2SEQ_SIZES.hidden], layerNorm(g, features, SEQ2SEQ_SIZES.hidden));
  return g.toBytes();
}

/** `embed_tokens.onnx`: input_ids → inputs_embeds [batch, seq, d_model], shared by the prompt and the decoder. */
function buildFlorence2EmbedTokensGraph(vocabSize: number, seed: string): Uint8Array {
  const g = new OnnxGraphBuilder('tiny_florence2_embed_tokens', `${seed}/embed`);
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const embeds = g.node('Gather', [g.randomWeight('shared.weight', [vocabSize, SEQ2SEQ_SIZES.hidden], 1), inputIds], { axis: 0 });
  g.output('inputs_embeds', 'float32', ['batch_size', 'sequence_length', SEQ2SEQ_SIZES.hidden], embeds);
  return g.toBytes();
}
