import { DECODER_SIZES } from './decoder';
import type { DecoderFamily } from './families';
import type { TokenizerStyle } from './tokenizer';
import { vlmTextDecoder } from './vlm-decoder';

/**
 * Qwen2-VL, Qwen2.5-VL, Qwen3-VL and Qwen3-VL-MoE as transformers.js 4.3.1 runs them
 * (models/qwen2_vl, qwen2_5_vl, qwen3_vl, qwen3_vl_moe): text-generation loads `<X>ForCausalLM`,
 * which, with config.architectures[0] = `<X>ForConditionalGeneration`, takes the ImageTextToText
 * session config text-only (embed_tokens + decoder_model_merged); image-text-to-text loads the
 * ForConditionalGeneration class itself, adding vision_encoder. Both compute mrope position_ids
 * [3, batch, seq] in Qwen2VLForConditionalGeneration.get_rope_index, which reads
 * `config.vision_config.spatial_merge_size` even for text, so the text-only config needs a vision_config.
 */

const ENDOFTEXT = '<|endoftext|>';

/** Qwen2's specials in their checkpoint order, the vision ones included (what Qwen2VLProcessor and get_rope_index look for). */
export const QWEN_VL_SPECIAL_TOKENS = {
  visionStart: '<|vision_start|>',
  visionEnd: '<|vision_end|>',
  image: '<|image_pad|>',
  video: '<|video_pad|>',
} as const;

export const QWEN_VL_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'Qwen2Tokenizer',
  specials: {
    leading: [],
    trailing: [
      ENDOFTEXT, '<|im_start|>', '<|im_end|>',
      QWEN_VL_SPECIAL_TOKENS.visionStart, QWEN_VL_SPECIAL_TOKENS.visionEnd, '<|vision_pad|>', QWEN_VL_SPECIAL_TOKENS.image, QWEN_VL_SPECIAL_TOKENS.video,
    ],
    eos: ENDOFTEXT,
    pad: ENDOFTEXT,
  },
  template: 'none',
};

/** Vision geometry of each generation: Qwen2/2.5-VL patches are 14 px, Qwen3-VL's 16 px; all merge 2×2 and stack 2 frames. */
export interface QwenVisionGeometry {
  patchSize: number;
  temporalPatchSize: number;
  mergeSize: number;
}

export const QWEN2_VISION: QwenVisionGeometry = { patchSize: 14, temporalPatchSize: 2, mergeSize: 2 };
export const QWEN3_VISION: QwenVisionGeometry = { patchSize: 16, temporalPatchSize: 2, mergeSize: 2 };

/** Width of the tiny vision tower before the merger projects it to the text hidden size. */
export const QWEN_VISION_HIDDEN = 32;

/** The tiny `vision_config`, in the field names of each generation's checkpoints (GLM-OCR's follow Qwen2.5-VL's). */
export function qwenVisionConfig(modelType: string, geometry: QwenVisionGeometry, textHidden: number, depth: number): Record<string, unknown> {
  const { patchSize, temporalPatchSize, mergeSize } = geometry;
  if (modelType === 'qwen2_vl') {
    return {
      depth, embed_dim: QWEN_VISION_HIDDEN, hidden_size: textHidden, mlp_ratio: 2, num_heads: 4, in_chans: 3,
      patch_size: patchSize, spatial_patch_size: patchSize, spatial_merge_size: mergeSize, temporal_patch_size: temporalPatchSize,
    };
  }
  return {
    model_type: modelType === 'glm_ocr' ? 'glm_ocr_vision' : modelType,
    depth, hidden_size: QWEN_VISION_HIDDEN, intermediate_size: 2 * QWEN_VISION_HIDDEN, num_heads: 4, in_channels: 3, out_hidden_size: textHidden,
    patch_size: patchSize, spatial_merge_size: mergeSize, temporal_patch_size: temporalPatchSize,
  };
}

export interface QwenVlFamily {
  geometry: QwenVisionGeometry;
  /** The class image-text-to-text loads (MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES). */
  conditionalClass: string;
  /** processor_class in preprocessor_config.json (transformers.js has none for qwen3_vl_moe; its checkpoints name Qwen3VLProcessor). */
  processorClass: string;
  /** Qwen2-VL names the vision encoder's grid input `grid_thw`, the later ones `image_grid_thw` (image_grid_thw_name). */
  gridInputName: 'grid_thw' | 'image_grid_thw';
  /** Qwen3-VL ships its own chat template (no default system turn); GLM-OCR the GLM-4.1V one. */
  chatTemplate: 'qwen2-vl' | 'qwen3-vl' | 'glm-ocr';
  /** config.json fields naming the vision tokens → the tokens (image_token_id is what the merge and the processor's expansion use). */
  visionTokenIds: Readonly<Record<string, string>>;
  /** image_processor_type (default: Qwen2VLImageProcessor, Qwen3-VL's spelled …Fast). */
  imageProcessorType?: string;
}

const QWEN_VISION_TOKEN_IDS = {
  image_token_id: QWEN_VL_SPECIAL_TOKENS.image,
  video_token_id: QWEN_VL_SPECIAL_TOKENS.video,
  vision_start_token_id: QWEN_VL_SPECIAL_TOKENS.visionStart,
  vision_end_token_id: QWEN_VL_SPECIAL_TOKENS.visionEnd,
};

/** GLM-OCR's image tokens (Glm46VProcessor expands `<|image|>`; GlmOcrForConditionalGeneration groups positions by image_token_id). */
export const GLM_OCR_SPECIAL_TOKENS = { imageStart: '<|begin_of_image|>', imageEnd: '<|end_of_image|>', image: '<|image|>', video: '<|video|>' } as const;

export const QWEN_VL_FAMILIES: Readonly<Record<string, QwenVlFamily>> = {
  qwen2_vl: { geometry: QWEN2_VISION, conditionalClass: 'Qwen2VLForConditionalGeneration', processorClass: 'Qwen2VLProcessor', gridInputName: 'grid_thw', chatTemplate: 'qwen2-vl', visionTokenIds: QWEN_VISION_TOKEN_IDS },
  qwen2_5_vl: { geometry: QWEN2_VISION, conditionalClass: 'Qwen2_5_VLForConditionalGeneration', processorClass: 'Qwen2_5_VLProcessor', gridInputName: 'image_grid_thw', chatTemplate: 'qwen2-vl', visionTokenIds: QWEN_VISION_TOKEN_IDS },
  qwen3_vl: { geometry: QWEN3_VISION, conditionalClass: 'Qwen3VLForConditionalGeneration', processorClass: 'Qwen3VLProcessor', gridInputName: 'image_grid_thw', chatTemplate: 'qwen3-vl', visionTokenIds: QWEN_VISION_TOKEN_IDS },
  qwen3_vl_moe: { geometry: QWEN3_VISION, conditionalClass: 'Qwen3VLMoeForConditionalGeneration', processorClass: 'Qwen3VLProcessor', gridInputName: 'image_grid_thw', chatTemplate: 'qwen3-vl', visionTokenIds: QWEN_VISION_TOKEN_IDS },
  // Qwen3.5(-MoE): Qwen3_5ForConditionalGeneration extends Qwen3VLForConditionalGeneration (models/qwen3_5, no overrides);
  // the checkpoints name Qwen3VLProcessor + Qwen2VLImageProcessorFast. Their text decoder is the hybrid of families.ts (see qwen-vl.ts).
  qwen3_5: { geometry: QWEN3_VISION, conditionalClass: 'Qwen3_5ForConditionalGeneration', processorClass: 'Qwen3VLProcessor', gridInputName: 'image_grid_thw', chatTemplate: 'qwen3-vl', visionTokenIds: QWEN_VISION_TOKEN_IDS },
  qwen3_5_moe: { geometry: QWEN3_VISION, conditionalClass: 'Qwen3_5MoeForConditionalGeneration', processorClass: 'Qwen3VLProcessor', gridInputName: 'image_grid_thw', chatTemplate: 'qwen3-vl', visionTokenIds: QWEN_VISION_TOKEN_IDS },
  // GlmOcrForConditionalGeneration extends Qwen2_5_VLForConditionalGeneration (image_grid_thw; its own mrope grouping).
  glm_ocr: {
    geometry: QWEN2_VISION,
    conditionalClass: 'GlmOcrForConditionalGeneration',
    processorClass: 'Glm46VProcessor',
    gridInputName: 'image_grid_thw',
    chatTemplate: 'glm-ocr',
    visionTokenIds: {
      image_token_id: GLM_OCR_SPECIAL_TOKENS.image,
      video_token_id: GLM_OCR_SPECIAL_TOKENS.video,
      image_start_token_id: GLM_OCR_SPECIAL_TOKENS.imageStart,
      image_end_token_id: GLM_OCR_SPECIAL_TOKENS.imageEnd,
    },
    imageProcessorType: 'Glm46VImageProcessor',
  },
};

/** Vision depth written to the text-only configs (the tiny image-text-to-text models use the build's layer count). */
const TEXT_ONLY_VISION_DEPTH = 2;

/** mrope splits each head's rotary half (head_dim / 2) into temporal, height and width sections. */
export const MROPE_SECTION = [2, 1, 1];

/**
 * The ForCausalLM decoder of each family. qwen2_vl's sizes sit at the top level (getNormalizedConfig
 * maps qwen2_vl itself); the others' under text_config (qwen2_5_vl_text, qwen3_vl_text, qwen3_vl_moe_text).
 */
const qwenVlDecoder = (modelType: string, causalLmClass: string, textModelType: string, tokenizer: TokenizerStyle = QWEN_VL_TOKENIZER): DecoderFamily => {
  const family = QWEN_VL_FAMILIES[modelType]!;
  return vlmTextDecoder(causalLmClass, tokenizer, {
    configExtras: {
      rope_scaling: family.geometry === QWEN3_VISION
        ? { rope_type: 'default', mrope_section: MROPE_SECTION, mrope_interleaved: true }
        : { type: 'mrope', mrope_section: MROPE_SECTION },
    },
    multimodal: {
      conditionalClass: family.conditionalClass,
      textModelType,
      positions: 'mrope-thw',
      topLevelSizes: modelType === 'qwen2_vl',
      configExtras: { vision_config: qwenVisionConfig(modelType, family.geometry, DECODER_SIZES.hidden, TEXT_ONLY_VISION_DEPTH) },
    },
  });
};

export const QWEN_VL_DECODERS: Readonly<Record<string, DecoderFamily>> = {
  qwen2_vl: qwenVlDecoder('qwen2_vl', 'Qwen2VLForCausalLM', 'qwen2_vl_text'),
  qwen2_5_vl: qwenVlDecoder('qwen2_5_vl', 'Qwen2_5_VLForCausalLM', 'qwen2_5_vl_text'),
  qwen3_vl: qwenVlDecoder('qwen3_vl', 'Qwen3VLForCausalLM', 'qwen3_vl_text'),
  qwen3_vl_moe: qwenVlDecoder('qwen3_vl_moe', 'Qwen3VLMoeForCausalLM', 'qwen3_vl_moe_text'),
};

/** GLM's specials (GLM-OCR's tokenizer: `[gMASK]<sop>` opens a chat, `<|user|>` / `<|assistant|>` turns). */
const GLM_OCR_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'PreTrainedTokenizerFast',
  specials: {
    leading: [],
    trailing: [
      ENDOFTEXT, '[gMASK]', '<sop>', '<|system|>', '<|user|>', '<|assistant|>',
      GLM_OCR_SPECIAL_TOKENS.imageStart, GLM_OCR_SPECIAL_TOKENS.imageEnd, GLM_OCR_SPECIAL_TOKENS.image,
      '<|begin_of_video|>', '<|end_of_video|>', GLM_OCR_SPECIAL_TOKENS.video,
    ],
    eos: ENDOFTEXT,
    pad: ENDOFTEXT,
  },
  template: 'none',
};

/**
 * Decoders of Qwen-VL-style families transformers.js maps for image-text-to-text only (no
 * ForCausalLM class: MODEL_FOR_CAUSAL_LM_MAPPING_NAMES has no glm_ocr), so not text-generation families.
 */
export const QWEN_VL_ONLY_DECODERS: Readonly<Record<string, DecoderFamily>> = {
  glm_ocr: qwenVlDecoder('glm_ocr', 'GlmOcrForConditionalGeneration', 'glm_ocr_text', GLM_OCR_TOKENIZER),
};
