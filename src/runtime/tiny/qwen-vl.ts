import type { ModelFiles } from './cache';
import { DECODER_SIZES, decoderModelFiles } from './decoder';
import { TINY_FAMILIES, type DecoderFamily } from './families';
import { layerNorm, linear } from './media-layers';
import { OnnxGraphBuilder } from './onnx';
import { MROPE_SECTION, QWEN_VISION_HIDDEN, QWEN_VL_DECODERS, QWEN_VL_FAMILIES, QWEN_VL_ONLY_DECODERS, QWEN_VL_TOKENIZER, qwenVisionConfig, type QwenVlFamily } from './qwen-vl-families';
import { buildTokenizer } from './tokenizer';
import { VLM_ATTENTION_GAIN } from './vlm-decoder';

/**
 * Tiny Qwen-VL image-text-to-text models: the family's text-generation decoder (the same
 * embed_tokens + decoder_model_merged graphs, config and tokenizer) plus what
 * `<X>ForConditionalGeneration` and `AutoProcessor` add: `onnx/vision_encoder.onnx`, the vision
 * token ids in config.json, `preprocessor_config.json` (Qwen2VLImageProcessor) and the chat template.
 */

const MODEL_MAX_LENGTH = 512;

/**
 * Resize bounds in pixels: an image covers 4×4 to 8×8 merge blocks by area (16–64 image tokens),
 * enough that the image weighs in the tiny decoder's attention, few enough to stay fast.
 */
function pixelBounds(family: QwenVlFamily): { min: number; max: number } {
  const block = family.geometry.patchSize * family.geometry.mergeSize;
  return { min: (4 * block) ** 2, max: (8 * block) ** 2 };
}

/** Rows and columns of patches the vision encoder has position embeddings for (longer sides share the last one). */
const MAX_GRID_SIDE = 64;

export function renderQwenVlFiles(modelType: string, task: string, seed: string, layers: number = DECODER_SIZES.layers): ModelFiles {
  const family = QWEN_VL_FAMILIES[modelType];
  const decoder = QWEN_VL_DECODERS[modelType] ?? QWEN_VL_ONLY_DECODERS[modelType] ?? hybridQwenVlDecoder(modelType);
  if (!family || !decoder) throw new Error(`renderQwenVlFiles: "${modelType}" is not a tiny Qwen-VL family`);
  const tokenizer = buildTokenizer(decoder.tokenizer, MODEL_MAX_LENGTH);
  const weightSeed = `${modelType}/${task}/${seed}`;
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files = decoderModelFiles(modelType, decoder, tokenizer, weightSeed, layers);

  const config = JSON.parse(files.get('config.json') as string) as Record<string, unknown>;
  const id = (token: string) => tokenizer.tokenToId[token]!;
  files.set('config.json', json({
    ...config,
    vision_config: qwenVisionConfig(modelType, family.geometry, DECODER_SIZES.hidden, layers),
    ...Object.fromEntries(Object.entries(family.visionTokenIds).map(([field, token]) => [field, id(token)])),
  }));
  files.set('onnx/vision_encoder.onnx', buildQwenVisionEncoderGraph(family, weightSeed, layers));
  files.set('preprocessor_config.json', json(qwenPreprocessorConfig(modelType, family)));
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json({ ...tokenizer.tokenizerConfig, chat_template: QWEN_CHAT_TEMPLATES[family.chatTemplate] }));
  return files;
}

/** Families whose image-text-to-text decoder is their text-generation hybrid decoder (families.ts). */
const HYBRID_QWEN_VL_TYPES = new Set(['qwen3_5', 'qwen3_5_moe']);

/**
 * Qwen3.5(-MoE)'s text decoder: the text-generation one (gated-delta `linear_attention` layers with
 * past_conv / past_recurrent states, `full_attention` layers with past_key_values; getCacheNames reads
 * them from text_config.layer_types of qwen3_5_text / qwen3_5_moe_text) with the vision tokens, the VLM
 * attention gain and every mrope row read, so the image speaks. Derived here, not in families.ts,
 * so the text-generation model keeps its bytes.
 */
function hybridQwenVlDecoder(modelType: string): DecoderFamily | undefined {
  const text = HYBRID_QWEN_VL_TYPES.has(modelType) ? TINY_FAMILIES[modelType] : undefined;
  if (text?.kind !== 'decoder' || !text.multimodal) return undefined;
  return {
    ...text,
    tokenizer: QWEN_VL_TOKENIZER,
    attentionGain: VLM_ATTENTION_GAIN,
    // The checkpoints' text_config spells mrope as rope_parameters (transformers.js reads none of it; the graph is tiny).
    configExtras: { ...text.configExtras, rope_parameters: { rope_type: 'default', mrope_section: MROPE_SECTION, mrope_interleaved: true } },
    multimodal: { ...text.multimodal, positions: 'mrope-thw' },
  };
}

/** Qwen2VLImageProcessor settings as the checkpoints ship them (Qwen3-VL spells the pixel bounds as `size`). */
function qwenPreprocessorConfig(modelType: string, family: QwenVlFamily): Record<string, unknown> {
  const { patchSize, temporalPatchSize, mergeSize } = family.geometry;
  const { min, max } = pixelBounds(family);
  // Glm46VImageProcessor's smart_resize weighs the bounds by temporal_patch_size (both frames of the stacked patch).
  if (family.imageProcessorType === 'Glm46VImageProcessor') {
    return {
      image_processor_type: family.imageProcessorType, processor_class: family.processorClass,
      do_resize: true, resample: 3, do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, do_convert_rgb: true,
      image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711],
      size: { shortest_edge: temporalPatchSize * min, longest_edge: temporalPatchSize * max },
      patch_size: patchSize, temporal_patch_size: temporalPatchSize, merge_size: mergeSize,
    };
  }
  const qwen3 = modelType.startsWith('qwen3');
  const clip = { image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711] };
  return {
    image_processor_type: family.imageProcessorType ?? (qwen3 ? 'Qwen2VLImageProcessorFast' : 'Qwen2VLImageProcessor'),
    processor_class: family.processorClass,
    do_resize: true,
    resample: 3,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    do_convert_rgb: true,
    ...(qwen3 ? { image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5], size: { shortest_edge: min, longest_edge: max } } : { ...clip, min_pixels: min, max_pixels: max }),
    patch_size: patchSize,
    temporal_patch_size: temporalPatchSize,
    merge_size: mergeSize,
  };
}

/**
 * `vision_encoder.onnx`: `pixel_values` [patches, 3·temporal·patch²] (Qwen2VLImageProcessor's
 * flattened patches, merge blocks contiguous) + `grid_thw` / `image_grid_thw` [images, 3] →
 * `image_features` [patches / merge², text hidden], one row per `<|image_pad|>` token.
 * Each patch is embedded, gets row and column embeddings computed from the grid, runs through
 * per-patch layers, then the merger concatenates each merge² block and projects it to the text
 * width. Patch positions follow the first image's grid (every image of one call when they share a size).
 */
export function buildQwenVisionEncoderGraph(family: QwenVlFamily, seed: string, layers: number): Uint8Array {
  const { patchSize, temporalPatchSize, mergeSize } = family.geometry;
  const width = 3 * temporalPatchSize * patchSize * patchSize;
  const hidden = QWEN_VISION_HIDDEN;
  const g = new OnnxGraphBuilder('tiny_qwen_vision_encoder', `${seed}/vision`);
  const pixels = g.input('pixel_values', 'float32', ['num_patches', width]);
  const grid = g.input(family.gridInputName, 'int64', ['num_images', 3]);

  let x = linear(g, pixels, 'patch_embed.proj', width, hidden);

  // Patch i of the processor's order (t, h/m, w/m, m, m) sits at row (block_row·m + i/m mod m), column (block_col·m + i mod m).
  const firstGrid = g.node('Gather', [grid, g.ints(0)], { axis: 0 });
  const blocksPerRow = g.node('Div', [g.node('Gather', [firstGrid, g.ints(2)], { axis: 0 }), g.ints(mergeSize)]);
  const index = g.node('Range', [g.ints(0), g.node('Gather', [g.node('Shape', [pixels]), g.ints(0)], { axis: 0 }), g.ints(1)]);
  const block = g.node('Div', [index, g.ints(mergeSize * mergeSize)]);
  const inBlockRow = g.node('Mod', [g.node('Div', [index, g.ints(mergeSize)]), g.ints(mergeSize)]);
  const inBlockCol = g.node('Mod', [index, g.ints(mergeSize)]);
  const blockRow = g.node('Div', [block, blocksPerRow]);
  const blockCol = g.node('Mod', [block, blocksPerRow]);
  const side = (blockIndex: string, inBlock: string) =>
    g.node('Min', [g.node('Add', [g.node('Mul', [blockIndex, g.ints(mergeSize)]), inBlock]), g.ints(MAX_GRID_SIDE - 1)]);
  const row = side(blockRow, inBlockRow);
  const col = side(blockCol, inBlockCol);
  x = g.node('Add', [x, g.node('Gather', [g.randomWeight('pos_embed.row.weight', [MAX_GRID_SIDE, hidden], 0.5), row], { axis: 0 })]);
  x = g.node('Add', [x, g.node('Gather', [g.randomWeight('pos_embed.col.weight', [MAX_GRID_SIDE, hidden], 0.5), col], { axis: 0 })]);
  x = layerNorm(g, x, hidden);

  for (let layer = 0; layer < layers; layer++) {
    x = layerNorm(g, g.node('Add', [x, g.node('Tanh', [linear(g, x, `blocks.${layer}.mlp`, hidden, hidden)])]), hidden);
  }

  // Merger: each merge² block of consecutive patches → one token of the text width.
  const merged = mergeSize * mergeSize * hidden;
  const blocks = g.node('Reshape', [x, g.ints([-1, merged])]);
  const projected = linear(g, g.node('Tanh', [linear(g, blocks, 'merger.mlp.0', merged, merged)]), 'merger.mlp.2', merged, DECODER_SIZES.hidden);
  g.output('image_features', 'float32', ['num_image_tokens', DECODER_SIZES.hidden], layerNorm(g, projected, DECODER_SIZES.hidden));
  return g.toBytes();
}

/** The Qwen2-VL / Qwen2.5-VL chat template, as their Instruct checkpoints ship it. */
const QWEN2_VL_CHAT_TEMPLATE =
  "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}{% for message in messages %}{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>{% elif content['type'] == 'video' or 'video' in content %}{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

/**
 * The Qwen3-VL Instruct template's message and vision parts (no default system turn; its
 * tool-call branches are left out, the tiny models get no tools).
 */
const QWEN3_VL_CHAT_TEMPLATE =
  "{%- set image_count = namespace(value=0) %}{%- set video_count = namespace(value=0) %}{%- for message in messages %}{{- '<|im_start|>' + message.role + '\\n' }}{%- if message.content is string %}{{- message.content }}{%- else %}{%- for content in message.content %}{%- if content.type == 'image' or 'image' in content or 'image_url' in content %}{%- set image_count.value = image_count.value + 1 %}{%- if add_vision_id %}Picture {{ image_count.value }}: {% endif -%}<|vision_start|><|image_pad|><|vision_end|>{%- elif content.type == 'video' or 'video' in content %}{%- set video_count.value = video_count.value + 1 %}{%- if add_vision_id %}Video {{ video_count.value }}: {% endif -%}<|vision_start|><|video_pad|><|vision_end|>{%- elif 'text' in content %}{{- content.text }}{%- endif %}{%- endfor %}{%- endif %}{{- '<|im_end|>\\n' }}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

/** GLM-OCR's (GLM-4.1V's) template, its message and image parts: `[gMASK]<sop>`, `<|role|>` turns, the image between begin/end tokens. */
const GLM_OCR_CHAT_TEMPLATE =
  "[gMASK]<sop>{%- for message in messages %}{{- '<|' + message.role + '|>\\n' }}{%- if message.content is string %}{{- message.content }}{%- else %}{%- for content in message.content %}{%- if content.type == 'image' %}<|begin_of_image|><|image|><|end_of_image|>{%- elif content.type == 'text' %}{{- content.text }}{%- endif %}{%- endfor %}{%- endif %}{%- endfor %}{%- if add_generation_prompt %}{{- '<|assistant|>\\n' }}{%- endif %}";

const QWEN_CHAT_TEMPLATES: Record<QwenVlFamily['chatTemplate'], string> = {
  'qwen2-vl': QWEN2_VL_CHAT_TEMPLATE,
  'qwen3-vl': QWEN3_VL_CHAT_TEMPLATE,
  'glm-ocr': GLM_OCR_CHAT_TEMPLATE,
};

