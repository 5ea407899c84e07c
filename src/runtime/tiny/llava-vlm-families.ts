import { WINDOW_STATE_LENGTH } from './decoder';
import type { DecoderFamily, DecoderLayerSpec, MultimodalTextOnly } from './families';
import { cycle } from './layers';
import { MEDIA_HIDDEN as MEDIA_HIDDEN_WIDTH } from './media-layers';
import type { TokenizerStyle } from './tokenizer';
import { vlmTextDecoder } from './vlm-decoder';

/**
 * The LLaVA-style VLMs of transformers.js 4.3.1: every class below but Gemma 3n / 4 extends
 * LlavaForConditionalGeneration (models/llava, llava_onevision, paligemma, mistral3, lighton_ocr,
 * idefics3, smolvlm, lfm2_vl, gemma3), an ImageTextToText model that loads vision_encoder +
 * embed_tokens + decoder_model_merged. image_text_to_text_forward embeds input_ids, runs
 * vision_encoder on the processor's outputs (pixel_values and whatever else the session names),
 * flattens `image_features` to [-1, hidden] and writes row k into the k-th image token's embedding
 * (`config.image_token_index ?? config.image_token_id`; the counts must match), then the decoder
 * runs with its cache. getNormalizedConfig reads every one's sizes from `text_config`.
 * Gemma3nForConditionalGeneration (and Gemma4ForConditionalGeneration, which extends it) do the
 * same merge in their own forward, as ImageAudioTextToText models (registry.js CUSTOM_MAPPING):
 * they load audio_encoder as well, and embed_tokens also yields the decoder's `per_layer_inputs`.
 * The families differ in the processor that expands the image token, the vision encoder's inputs
 * and the text decoder; the image is 32×32 px for all of them (64 px input, resized).
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
 *   pixel_attention_mask [tiles, max_patches] + spatial_shapes [tiles, 2] → [tiles, (h/2)·(w/2), hidden];
 * - `positioned-patches`: Gemma4ImageProcessor's patches pixel_values [images, max_patches, p²·3] +
 *   pixel_position_ids [images, max_patches, 2] ((column, row), -1 for padding) → [images, real patches / k², hidden]
 *   (k = pooling_kernel_size, 2 here).
 */
export type VisionInput = 'image' | 'frames' | 'patches' | 'positioned-patches';

/**
 * Gemma 3n / 4's audio_encoder (input_features [batch, frames, mels] + input_features_mask
 * [batch, frames] → audio_features [batch, tokens, hidden]), loaded beside the vision encoder:
 * - `pooled`: Gemma3nProcessor expands the audio token to audio_seq_length tokens, so the encoder yields that many;
 * - `subsampled`: Gemma4Processor counts two stride-2 convolutions over the mel frames, as the encoder runs them.
 */
export type AudioEncoder = 'pooled' | 'subsampled';

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
  /** Gemma 3n / 4 load an audio_encoder session too (see AudioEncoder). */
  audio?: AudioEncoder;
  /** Top-level config.json fields (special-token ids by the tokenizer's `id`). */
  configExtras?: (id: (token: string) => number) => Record<string, unknown>;
}

const IMAGE = '<image>';

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
  multimodalExtras: Partial<MultimodalTextOnly> = {},
): DecoderFamily => vlmTextDecoder(causalLmClass, tokenizer, {
  ...extras,
  multimodal: { conditionalClass, textModelType, positions: 'plain', ...multimodalExtras },
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

/**
 * Gemma's turns (`<start_of_turn>user` … `<end_of_turn>`, Gemma 4: `<|turn>user` … `<turn|>`); an
 * image part renders as the token the family's processor replaces with the full image sequence
 * (Gemma3Processor: boi_token `<start_of_image>`; Gemma3nProcessor, Gemma4Processor: image_token),
 * an audio part as the audio token.
 */
const gemmaTemplate = (turnStart: string, turnEnd: string, image: string, audio?: string) =>
  "{{ bos_token }}{% for message in messages %}" +
  `{{ '${turnStart}' + ('model' if message['role'] == 'assistant' else message['role']) + '\\n' }}` +
  "{% if message['content'] is string %}{{ message['content'] }}{% else %}{% for content in message['content'] %}" +
  `{% if content['type'] == 'image' %}{{ '${image}' }}` +
  (audio ? `{% elif content['type'] == 'audio' %}{{ '${audio}' }}` : '') +
  "{% elif content['type'] == 'text' %}{{ content['text'] }}{% endif %}{% endfor %}{% endif %}" +
  `{{ '${turnEnd}\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '${turnStart}model\\n' }}{% endif %}`;

const GEMMA3_TEMPLATE = gemmaTemplate('<start_of_turn>', '<end_of_turn>', '<start_of_image>');

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

/** Image tokens per 32 px image: (32/8)² patches (Gemma 3 / 3n checkpoints: 256 per 896 / 768 px image). */
const VLM_IMAGE_TOKENS = (VLM_IMAGE_SIZE / VLM_PATCH) ** 2;

/** Gemma3nProcessor's audio_seq_length (188 in the checkpoints): every audio becomes that many audio tokens. */
export const GEMMA3N_AUDIO_TOKENS = 4;

/** Gemma 3n / 4 mel bins (their feature extractors' feature_size). */
export const GEMMA_AUDIO_MELS = 128;

const GEMMA3_TOKENS = { image: '<image_soft_token>', boi: '<start_of_image>', eoi: '<end_of_image>' };
const GEMMA3N_AUDIO = { audio: '<audio_soft_token>', boa: '<start_of_audio>', eoa: '<end_of_audio>' };
const GEMMA4_TOKENS = { image: '<|image|>', boi: '<|image>', eoi: '<image|>', audio: '<|audio|>', boa: '<|audio>', eoa: '<audio|>' };

/** The Gemma tokenizers' multimodal fields in tokenizer_config.json, which Gemma3/3n/4Processor read. */
const gemmaTokenizerFields = (t: { image: string; boi: string; eoi: string; audio?: string; boa?: string; eoa?: string }) => ({
  image_token: t.image,
  boi_token: t.boi,
  eoi_token: t.eoi,
  ...(t.audio ? { audio_token: t.audio, boa_token: t.boa, eoa_token: t.eoa } : {}),
});

/** Gemma 3n's preprocessor_config.json: SigLIP's image processor and its audio feature extractor in one file. */
const GEMMA3N_PREPROCESSOR = {
  image_processor_type: 'SiglipImageProcessorFast',
  feature_extractor_type: 'Gemma3nAudioFeatureExtractor',
  processor_class: 'Gemma3nProcessor',
  do_resize: true,
  size: SQUARE,
  resample: 2,
  ...RESCALE,
  do_normalize: false,
  ...HALF_NORM,
  feature_size: GEMMA_AUDIO_MELS,
  sampling_rate: 16000,
  fft_length: 1024,
  frame_length: 512,
  hop_length: 160,
  min_frequency: 125,
  max_frequency: 7600,
  mel_floor: 1e-5,
  preemphasis: 0.97,
  preemphasis_htk_flavor: true,
  padding_value: 0,
  return_attention_mask: true,
};

/**
 * Gemma4Processor.from_pretrained builds its image processor and feature extractor from the nested
 * `image_processor` / `feature_extractor` of processor_config.json (preprocessor_config.json only names
 * the processor, for AutoProcessor). 8 px patches pooled 2×2, at most 16 soft tokens (max_patches 64):
 * the aspect-preserving resize targets 64·8² px², so a 64 px image keeps its size, 8×8 patches, 16 tokens.
 */
const GEMMA4_PROCESSOR = {
  processor_class: 'Gemma4Processor',
  image_seq_length: VLM_IMAGE_TOKENS,
  audio_seq_length: 750,
  audio_ms_per_token: 40,
  image_processor: {
    image_processor_type: 'Gemma4ImageProcessor',
    patch_size: VLM_PATCH,
    max_soft_tokens: VLM_IMAGE_TOKENS,
    pooling_kernel_size: 2,
    do_resize: true,
    resample: 3,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_convert_rgb: true,
  },
  feature_extractor: {
    feature_extractor_type: 'Gemma4AudioFeatureExtractor',
    feature_size: GEMMA_AUDIO_MELS,
    sampling_rate: 16000,
    fft_length: 512,
    frame_length: 320,
    hop_length: 160,
    min_frequency: 0,
    max_frequency: 8000,
    mel_floor: 1e-3,
    preemphasis: 0,
    preemphasis_htk_flavor: true,
    padding_value: 0,
  },
};

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
  // Gemma3ForConditionalGeneration extends LlavaForConditionalGeneration; Gemma3Processor replaces
  // boi_token with "\n\n<start_of_image>" + image_seq_length × image_token + "<end_of_image>\n\n".
  gemma3: {
    conditionalClass: 'Gemma3ForConditionalGeneration',
    decoder: textDecoder('Gemma3ForCausalLM', withSpecials(GEMMA_STYLE, ['<start_of_turn>', '<end_of_turn>', GEMMA3_TOKENS.boi, GEMMA3_TOKENS.eoi, GEMMA3_TOKENS.image]), 'Gemma3ForConditionalGeneration', 'gemma3_text'),
    textModelType: 'gemma3_text',
    imageTokenField: 'image_token_index',
    imageToken: GEMMA3_TOKENS.image,
    vision: 'image',
    preprocessor: {
      image_processor_type: 'Gemma3ImageProcessor',
      processor_class: 'Gemma3Processor',
      do_resize: true,
      size: SQUARE,
      resample: 2,
      ...RESCALE,
      ...HALF_NORM,
      image_seq_length: VLM_IMAGE_TOKENS,
      do_pan_and_scan: null,
    },
    processorConfig: { processor_class: 'Gemma3Processor', image_seq_length: VLM_IMAGE_TOKENS },
    tokenizerConfigExtras: gemmaTokenizerFields(GEMMA3_TOKENS),
    chatTemplate: GEMMA3_TEMPLATE,
    chatTemplateFile: true,
    configExtras: (id) => ({ boi_token_index: id(GEMMA3_TOKENS.boi), eoi_token_index: id(GEMMA3_TOKENS.eoi), mm_tokens_per_image: VLM_IMAGE_TOKENS }),
  },
  // Gemma3nForConditionalGeneration (ImageAudioTextToText): Gemma3nProcessor(text, images, audio)
  // replaces image_token with "\n\n" + boi + image_seq_length × image_token + eoi + "\n\n".
  gemma3n: {
    conditionalClass: 'Gemma3nForConditionalGeneration',
    decoder: textDecoder(
      'Gemma3nForCausalLM',
      withSpecials(GEMMA_STYLE, ['<start_of_turn>', '<end_of_turn>', GEMMA3_TOKENS.boi, GEMMA3_TOKENS.eoi, GEMMA3_TOKENS.image, GEMMA3N_AUDIO.boa, GEMMA3N_AUDIO.eoa, GEMMA3N_AUDIO.audio]),
      'Gemma3nForConditionalGeneration',
      'gemma3n_text',
      {},
      { perLayerInputs: true },
    ),
    textModelType: 'gemma3n_text',
    imageTokenField: 'image_token_id',
    imageToken: GEMMA3_TOKENS.image,
    vision: 'image',
    audio: 'pooled',
    preprocessor: { ...GEMMA3N_PREPROCESSOR, image_seq_length: VLM_IMAGE_TOKENS },
    processorConfig: { processor_class: 'Gemma3nProcessor', image_seq_length: VLM_IMAGE_TOKENS, audio_seq_length: GEMMA3N_AUDIO_TOKENS },
    tokenizerConfigExtras: gemmaTokenizerFields({ ...GEMMA3_TOKENS, ...GEMMA3N_AUDIO }),
    chatTemplate: gemmaTemplate('<start_of_turn>', '<end_of_turn>', GEMMA3_TOKENS.image, GEMMA3N_AUDIO.audio),
    chatTemplateFile: true,
    configExtras: (id) => ({
      audio_token_id: id(GEMMA3N_AUDIO.audio),
      boi_token_id: id(GEMMA3_TOKENS.boi),
      eoi_token_id: id(GEMMA3_TOKENS.eoi),
      boa_token_id: id(GEMMA3N_AUDIO.boa),
      eoa_token_id: id(GEMMA3N_AUDIO.eoa),
      vision_soft_tokens_per_image: VLM_IMAGE_TOKENS,
      audio_soft_tokens_per_image: GEMMA3N_AUDIO_TOKENS,
      audio_config: { hidden_size: MEDIA_HIDDEN_WIDTH, input_feat_size: GEMMA_AUDIO_MELS },
    }),
  },
  // Gemma4ForConditionalGeneration extends Gemma3nForConditionalGeneration; its vision encoder also
  // takes pixel_position_ids, and Gemma4Processor expands each image_token to that image's soft-token count.
  gemma4: {
    conditionalClass: 'Gemma4ForConditionalGeneration',
    decoder: textDecoder(
      'Gemma4ForCausalLM',
      withSpecials(GEMMA_STYLE, ['<|turn>', '<turn|>', GEMMA4_TOKENS.boi, GEMMA4_TOKENS.eoi, GEMMA4_TOKENS.image, GEMMA4_TOKENS.boa, GEMMA4_TOKENS.eoa, GEMMA4_TOKENS.audio]),
      'Gemma4ForConditionalGeneration',
      'gemma4_text',
      // getCacheNames caches num_hidden_layers - num_kv_shared_layers layers.
      { configExtras: { num_kv_shared_layers: 0 } },
      { perLayerInputs: true },
    ),
    textModelType: 'gemma4_text',
    imageTokenField: 'image_token_id',
    imageToken: GEMMA4_TOKENS.image,
    vision: 'positioned-patches',
    audio: 'subsampled',
    preprocessor: { processor_class: 'Gemma4Processor' },
    processorConfig: GEMMA4_PROCESSOR,
    tokenizerConfigExtras: gemmaTokenizerFields(GEMMA4_TOKENS),
    chatTemplate: gemmaTemplate('<|turn>', '<turn|>', GEMMA4_TOKENS.image, GEMMA4_TOKENS.audio),
    chatTemplateFile: true,
    configExtras: (id) => ({
      audio_token_id: id(GEMMA4_TOKENS.audio),
      boi_token_id: id(GEMMA4_TOKENS.boi),
      eoi_token_id: id(GEMMA4_TOKENS.eoi),
      boa_token_id: id(GEMMA4_TOKENS.boa),
      eoa_token_id: id(GEMMA4_TOKENS.eoa),
      vision_soft_tokens_per_image: VLM_IMAGE_TOKENS,
      audio_config: { hidden_size: MEDIA_HIDDEN_WIDTH },
    }),
  },
};
