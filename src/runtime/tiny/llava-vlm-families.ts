import { WINDOW_STATE_LENGTH } from './decoder';
import type { DecoderFamily, DecoderLayerSpec } from './families';
import { cycle } from './layers';
import type { TokenizerStyle } from './tokenizer';

/**
 * The LLaVA-style VLMs of transformers.js 4.3.1: every class below extends
 * LlavaForConditionalGeneration (models/llava, llava_onevision, paligemma, mistral3, lighton_ocr,
 * idefics3, smolvlm, lfm2_vl, gemma3), an ImageTextToText model that loads vision_encoder +
 * embed_tokens + decoder_model_merged. image_text_to_text_forward embeds input_ids, runs
 * vision_encoder on the processor's outputs (pixel_values and whatever else the session names),
 * flattens `image_features` to [-1, hidden] and writes row k into the k-th image token's embedding
 * (`config.image_token_index ?? config.image_token_id`; the counts must match), then the decoder
 * runs with its cache. getNormalizedConfig reads every one's sizes from `text_config`.
 * The families differ in the processor that expands the image token, the vision encoder's inputs
 * and the text decoder; the image is 32×32 px for all of them.
 */

export const VLM_IMAGE_SIZE = 32;
/** 8 px patches (or 4 px patches merged 2×2): a 4×4 grid, 16 image tokens per 32 px image. */
export const VLM_PATCH = 8;

/**
 * How the vision encoder takes the image:
 * - `image`: pixel_values [batch, 3, 32, 32] → image_features [batch, tokens, hidden] (CLIP/SigLIP/Pixtral processors);
 * - `frames`: Idefics3ImageProcessor's pixel_values [batch, frames, 3, 32, 32] + pixel_attention_mask
 *   [batch, frames, 32, 32] (bool) → [batch·frames, tokens, hidden];
 * - `patches`: Lfm2VlImageProcessor's flattened patches pixel_values [tiles, max_patches, 3·p²] +
 *   pixel_attention_mask [tiles, max_patches] + spatial_shapes [tiles, 2] → [tiles, (h/2)·(w/2), hidden].
 */
export type VisionInput = 'image' | 'frames' | 'patches';

export interface LlavaVlmFamily {
  /** The class image-text-to-text loads (MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES). */
  conditionalClass: string;
  /** The text decoder (tokenizer, size names, cache layout) and text_config.model_type. */
  decoder: DecoderFamily;
  textModelType: string;
  /** The config field naming the image token (Llava's merge reads image_token_index ?? image_token_id). */
  imageTokenField: 'image_token_index' | 'image_token_id';
  imageToken: string;
  vision: VisionInput;
  /** Vision encoder prepends a class token (LlavaProcessor counts num_additional_image_tokens = 1 for it). */
  classToken?: boolean;
  /** preprocessor_config.json (image processor settings + processor_class). */
  preprocessor: Record<string, unknown>;
  /** processor_config.json, for processors with uses_processor_config. */
  processorConfig?: Record<string, unknown>;
  /** Fields added to tokenizer_config.json (Gemma3Processor reads boi/image/eoi tokens there). */
  tokenizerConfigExtras?: Record<string, unknown>;
  /** The chat template; undefined for PaliGemma (its processor builds the prompt). */
  chatTemplate?: string;
  /** Gemma3Processor has uses_chat_template_file: the template is chat_template.jinja. */
  chatTemplateFile?: boolean;
}

const IMAGE = '<image>';

/** How strongly attention (hence the image tokens) speaks in the tiny decoder. */
const ATTENTION_GAIN = 4;

const withSpecials = (style: Extract<TokenizerStyle, { kind: 'bytelevel-bpe' }>, extra: string[]): TokenizerStyle => ({
  ...style,
  specials: { ...style.specials, trailing: [...style.specials.trailing, ...extra] },
});

const LLAMA_STYLE: Extract<TokenizerStyle, { kind: 'bytelevel-bpe' }> = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'LlamaTokenizer',
  specials: { leading: ['<unk>', '<s>', '</s>'], trailing: [], bos: '<s>', eos: '</s>', unk: '<unk>' },
  template: 'bos',
  paddingSide: 'left',
};

const GEMMA_STYLE: Extract<TokenizerStyle, { kind: 'bytelevel-bpe' }> = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'GemmaTokenizer',
  specials: { leading: ['<pad>', '<eos>', '<bos>', '<unk>'], trailing: [], bos: '<bos>', eos: '<eos>', pad: '<pad>', unk: '<unk>' },
  template: 'bos',
  paddingSide: 'left',
};

const QWEN_STYLE: Extract<TokenizerStyle, { kind: 'bytelevel-bpe' }> = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'Qwen2Tokenizer',
  specials: { leading: [], trailing: ['<|endoftext|>', '<|im_start|>', '<|im_end|>'], eos: '<|endoftext|>', pad: '<|endoftext|>' },
  template: 'none',
};

const textDecoder = (
  causalLmClass: string,
  tokenizer: TokenizerStyle,
  conditionalClass: string,
  textModelType: string,
  extras: Partial<DecoderFamily> = {},
): DecoderFamily => ({
  kind: 'decoder',
  causalLmClass,
  tokenizer,
  configScheme: 'llama',
  positionIds: true,
  attentionGain: ATTENTION_GAIN,
  ...extras,
  multimodal: { conditionalClass, textModelType, positions: 'plain' },
});

const CLIP_NORM = { image_mean: [0.48145466, 0.4578275, 0.40821073], image_std: [0.26862954, 0.26130258, 0.27577711] };
const HALF_NORM = { image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] };
const RESCALE = { do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, do_convert_rgb: true };
const SQUARE = { height: VLM_IMAGE_SIZE, width: VLM_IMAGE_SIZE };

/** PixtralProcessor (Mistral3, and LightOnOCR's layout): rows of image tokens, each closed by a break token, the last by an end token. */
const pixtral = (image: string, imageBreak: string, imageEnd: string) => ({
  preprocessor: {
    image_processor_type: 'PixtralImageProcessor',
    processor_class: 'PixtralProcessor',
    do_resize: true,
    size: { longest_edge: VLM_IMAGE_SIZE },
    resample: 3,
    ...RESCALE,
    ...CLIP_NORM,
    patch_size: VLM_PATCH / 2,
    spatial_merge_size: 2,
  },
  processorConfig: {
    processor_class: 'PixtralProcessor',
    image_token: image,
    image_break_token: imageBreak,
    image_end_token: imageEnd,
    patch_size: VLM_PATCH / 2,
    spatial_merge_size: 2,
  },
});

/** The chat templates, reduced to their user/assistant turns with one image (as the checkpoints render them). */
const LLAVA_TEMPLATE =
  "{% for message in messages %}{{ message['role'].upper() + ': ' }}{% if message['content'] is string %}{{ message['content'] + ' ' }}{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' %}{{ '<image>\n' }}{% endif %}{% endfor %}{% for content in message['content'] %}{% if content['type'] == 'text' %}{{ content['text'] + ' ' }}{% endif %}{% endfor %}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ 'ASSISTANT:' }}{% endif %}";

const MISTRAL3_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST]' }}{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' %}{{ '[IMG]' }}{% elif content['type'] == 'text' %}{{ content['text'] }}{% endif %}{% endfor %}{% endif %}{{ '[/INST]' }}{% else %}{{ message['content'] + eos_token }}{% endif %}{% endfor %}";

const imStartTemplate = (image: string) =>
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' }}{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' %}" +
  `{{ '${image}' }}` +
  "{% elif content['type'] == 'text' %}{{ content['text'] }}{% endif %}{% endfor %}{% endif %}{{ '<|im_end|>\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

const IDEFICS3_TEMPLATE =
  "<|im_start|>{% for message in messages %}{{ message['role'] | capitalize }}{% if message['content'][0]['type'] == 'image' %}{{ ':' }}{% else %}{{ ': ' }}{% endif %}{% for line in message['content'] %}{% if line['type'] == 'text' %}{{ line['text'] }}{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}{% endfor %}<end_of_utterance>\n{% endfor %}{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}";

const GEMMA3_TEMPLATE =
  "{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + ('model' if message['role'] == 'assistant' else message['role']) + '\n' }}{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' %}{{ '<start_of_image>' }}{% elif content['type'] == 'text' %}{{ content['text'] }}{% endif %}{% endfor %}{% endif %}{{ '<end_of_turn>\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\n' }}{% endif %}";

/** Idefics3/SmolVLM's row/column markers for split images (a 32 px image of a 64 px input splits 2×2; up to 4×4 named). */
const ROW_COL_TOKENS = Array.from({ length: 16 }, (_, i) => `<row_${Math.floor(i / 4) + 1}_col_${(i % 4) + 1}>`);

const idefics3 = (conditionalClass: string, textModelType: string): LlavaVlmFamily => ({
  conditionalClass,
  decoder: textDecoder('LlamaForCausalLM', withSpecials(LLAMA_STYLE, ['<fake_token_around_image>', IMAGE, '<global-img>', '<end_of_utterance>', ...ROW_COL_TOKENS]), conditionalClass, textModelType),
  textModelType,
  imageTokenField: 'image_token_id',
  imageToken: IMAGE,
  vision: 'frames',
  preprocessor: {
    image_processor_type: 'Idefics3ImageProcessor',
    processor_class: conditionalClass === 'SmolVLMForConditionalGeneration' ? 'SmolVLMProcessor' : 'Idefics3Processor',
    do_resize: true,
    size: { longest_edge: 2 * VLM_IMAGE_SIZE },
    resample: 1,
    ...RESCALE,
    ...HALF_NORM,
    do_pad: true,
    do_image_splitting: true,
    max_image_size: { longest_edge: VLM_IMAGE_SIZE },
  },
  // One 32 px frame → (32/8)² tokens (real checkpoints: 512 px / 16 px patches, pixel-shuffled by 4 → 64).
  processorConfig: { processor_class: conditionalClass === 'SmolVLMForConditionalGeneration' ? 'SmolVLMProcessor' : 'Idefics3Processor', image_seq_len: (VLM_IMAGE_SIZE / VLM_PATCH) ** 2 },
  chatTemplate: IDEFICS3_TEMPLATE,
});

/** LFM2's hybrid layers (conv, full_attention) under text_config.layer_types, as its text-generation family writes them. */
const LFM2_LAYERS: ReadonlyArray<readonly [string, DecoderLayerSpec]> = [
  ['conv', { windows: ['past_conv.{i}'] }],
  ['full_attention', { attention: 'key-value' }],
];

export const LLAVA_VLM_FAMILIES: Readonly<Record<string, LlavaVlmFamily>> = {
  llava: {
    conditionalClass: 'LlavaForConditionalGeneration',
    decoder: textDecoder('LlamaForCausalLM', withSpecials(LLAMA_STYLE, [IMAGE]), 'LlavaForConditionalGeneration', 'llama'),
    textModelType: 'llama',
    imageTokenField: 'image_token_index',
    imageToken: IMAGE,
    vision: 'image',
    classToken: true,
    preprocessor: {
      image_processor_type: 'CLIPImageProcessor',
      processor_class: 'LlavaProcessor',
      do_resize: true,
      size: { shortest_edge: VLM_IMAGE_SIZE },
      resample: 3,
      do_center_crop: true,
      crop_size: SQUARE,
      ...RESCALE,
      ...CLIP_NORM,
    },
    // LlavaProcessor: (32/8)² patches + num_additional_image_tokens (the class token, kept: strategy "full").
    processorConfig: { processor_class: 'LlavaProcessor', image_token: IMAGE, patch_size: VLM_PATCH, num_additional_image_tokens: 1, vision_feature_select_strategy: 'full' },
    chatTemplate: LLAVA_TEMPLATE,
  },
  paligemma: {
    conditionalClass: 'PaliGemmaForConditionalGeneration',
    decoder: textDecoder('GemmaForCausalLM', withSpecials(GEMMA_STYLE, [IMAGE]), 'PaliGemmaForConditionalGeneration', 'gemma'),
    textModelType: 'gemma',
    imageTokenField: 'image_token_index',
    imageToken: IMAGE,
    vision: 'image',
    // PaliGemmaProcessor reads image_seq_length from the image processor's config (no processor_config).
    preprocessor: {
      image_processor_type: 'SiglipImageProcessor',
      processor_class: 'PaliGemmaProcessor',
      do_resize: true,
      size: SQUARE,
      resample: 3,
      ...RESCALE,
      ...HALF_NORM,
      image_seq_length: (VLM_IMAGE_SIZE / VLM_PATCH) ** 2,
    },
  },
  mistral3: {
    conditionalClass: 'Mistral3ForConditionalGeneration',
    decoder: textDecoder('MistralForCausalLM', withSpecials(LLAMA_STYLE, ['[INST]', '[/INST]', '[IMG]', '[IMG_BREAK]', '[IMG_END]']), 'Mistral3ForConditionalGeneration', 'mistral'),
    textModelType: 'mistral',
    imageTokenField: 'image_token_index',
    imageToken: '[IMG]',
    vision: 'image',
    ...pixtral('[IMG]', '[IMG_BREAK]', '[IMG_END]'),
    chatTemplate: MISTRAL3_TEMPLATE,
  },
  // LightOnOCR: Pixtral vision + Qwen3 text; transformers.js has no LightOnOcrProcessor, and
  // PixtralProcessor is the one that expands its Qwen vision tokens row by row.
  lighton_ocr: {
    conditionalClass: 'LightOnOcrForConditionalGeneration',
    decoder: textDecoder('Qwen3ForCausalLM', withSpecials(QWEN_STYLE, ['<|vision_start|>', '<|vision_end|>', '<|vision_pad|>', '<|image_pad|>']), 'LightOnOcrForConditionalGeneration', 'qwen3'),
    textModelType: 'qwen3',
    imageTokenField: 'image_token_id',
    imageToken: '<|image_pad|>',
    vision: 'image',
    ...pixtral('<|image_pad|>', '<|vision_pad|>', '<|vision_end|>'),
    chatTemplate: imStartTemplate('<|image_pad|>'),
  },
  idefics3: idefics3('Idefics3ForConditionalGeneration', 'llama'),
  smolvlm: idefics3('SmolVLMForConditionalGeneration', 'llama'),
  lfm2_vl: {
    conditionalClass: 'Lfm2VlForConditionalGeneration',
    decoder: textDecoder('Lfm2ForCausalLM', withSpecials(LLAMA_STYLE, ['<|im_start|>', '<|im_end|>', IMAGE, '<|image_start|>', '<|image_end|>', '<|img_thumbnail|>']), 'Lfm2VlForConditionalGeneration', 'lfm2', {
      configExtras: { conv_L_cache: WINDOW_STATE_LENGTH },
      layers: LFM2_LAYERS.map(([, spec]) => spec),
      layerFields: (layers) => ({ layer_types: cycle(LFM2_LAYERS.map(([type]) => type), layers) }),
    }),
    textModelType: 'lfm2',
    imageTokenField: 'image_token_id',
    imageToken: IMAGE,
    vision: 'patches',
    // 4 px patches, 2×2 downsampled: a 64 px input is resized (smart_resize within 4–16 tokens) to 32 px, 8×8 patches, 16 tokens.
    preprocessor: {
      image_processor_type: 'Lfm2VlImageProcessor',
      processor_class: 'Lfm2VlProcessor',
      do_resize: false,
      ...RESCALE,
      ...HALF_NORM,
      encoder_patch_size: VLM_PATCH / 2,
      downsample_factor: 2,
      min_image_tokens: 4,
      max_image_tokens: 16,
      do_image_splitting: false,
      use_thumbnail: false,
      tile_size: VLM_IMAGE_SIZE,
    },
    chatTemplate: imStartTemplate(IMAGE),
  },
};
