import type { TinyArchitecture } from './families';
import { LLAVA_VLM_FAMILIES } from './llava-vlm-families';
import { QWEN_VL_FAMILIES } from './qwen-vl-families';

/**
 * Vision-language models transformers.js 4.3.1 runs through its model classes for
 * image-text-to-text (it has no pipeline for the task): `AutoProcessor` + the family's
 * ForConditionalGeneration class from MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES, whose
 * ImageTextToText session config loads vision_encoder + embed_tokens + decoder_model_merged
 * (+ encoder_model when config.is_encoder_decoder, as for Florence-2).
 */
export type VlmKind = 'vlm';

export const VLM_TASK = 'image-text-to-text';

/** The ForConditionalGeneration class of every tiny VLM (registry.js MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES). */
const VLM_CLASSES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(QWEN_VL_FAMILIES).map(([modelType, family]) => [modelType, family.conditionalClass])),
  florence2: 'Florence2ForConditionalGeneration',
  ...Object.fromEntries(Object.entries(LLAVA_VLM_FAMILIES).map(([modelType, family]) => [modelType, family.conditionalClass])),
};

export function isVlmModelType(modelType: string): boolean {
  return Object.hasOwn(VLM_CLASSES, modelType);
}

const IMAGE_TO_TEXT_REASON = (modelType: string) =>
  `transformers.js 4.3.1's image-to-text pipeline loads AutoModelForVision2Seq, whose MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES ` +
  `(vision-encoder-decoder, idefics3, smolvlm) has no ${modelType}; ${modelType} is mapped only in MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES ` +
  `(${VLM_CLASSES[modelType]}), which no pipeline loads — use image-text-to-text`;

/**
 * Idefics3 / SmolVLM are in MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES, but as decoder-only ImageTextToText
 * classes the captioning pipeline cannot drive them (both ways tried on the tiny models).
 */
const VISION_2_SEQ_DECODER_REASON = (modelType: string) =>
  `transformers.js 4.3.1's image-to-text pipeline (ImageToTextPipeline) calls this.processor(images) and then model.generate({ inputs: pixel_values }). ` +
  `AutoModelForVision2Seq does load ${VLM_CLASSES[modelType]} (MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES), but its model type is ImageTextToText (the later ` +
  `MODEL_FOR_IMAGE_TEXT_TO_TEXT_MAPPING_NAMES entry wins): decoder-only, main_input_name input_ids. With processor_class Idefics3Processor the ` +
  `processor takes the images as its text argument and throws "Cannot read properties of undefined (reading 'rows')"; with a bare image processor ` +
  `generate feeds pixel_values as input_ids to embed_tokens ("Unexpected input data type. Actual: (tensor(float)), expected: (tensor(int64))"). ` +
  `The model runs through image-text-to-text (processor(text, images) with the chat template's <image>)`;

/** Why a VLM cannot take a task other than image-text-to-text (undefined: another builder decides). */
function otherTaskReason(modelType: string, task: string): string | undefined {
  if (task === 'image-to-text') return modelType === 'idefics3' || modelType === 'smolvlm' ? VISION_2_SEQ_DECODER_REASON(modelType) : IMAGE_TO_TEXT_REASON(modelType);
  if (modelType === 'florence2') {
    return task === 'text-generation'
      ? 'transformers.js 4.3.1 maps florence2 in no causal-LM mapping (MODEL_FOR_CAUSAL_LM_MAPPING_NAMES has no florence2 entry), so the text-generation pipeline cannot load it; Florence2ForConditionalGeneration runs through image-text-to-text'
      : `transformers.js 4.3.1 has no florence2 class for task "${task}" (tiny florence2 covers: ${VLM_TASK})`;
  }
  return undefined;
}

/**
 * Image-text-to-text VLMs transformers.js 4.3.1 maps but cannot run, measured on a tiny checkpoint in
 * the real layout (test/runtime/tiny-gemma-vlm.test.ts).
 */
const VLM_CANNOT_RUN: Readonly<Record<string, string>> = {
  llava_onevision:
    'transformers.js 4.3.1 loads LlavaOnevisionForConditionalGeneration (an alias of LlavaForConditionalGeneration: vision_encoder + embed_tokens + ' +
    'decoder_model_merged) and has LlavaOnevisionImageProcessor (a bare ImageProcessor subclass: image_grid_pinpoints / anyres tiling ignored, ' +
    'one resized pixel_values [1, 3, H, W], no image_sizes), but no LlavaOnevisionProcessor: AutoProcessor finds processor_class ' +
    '"LlavaOnevisionProcessor" among no processor classes and returns a plain Processor holding only the image processor — no tokenizer, no chat ' +
    'template (chat_template.json is never read) — so processor.apply_chat_template throws "Unable to apply chat template without a tokenizer." and ' +
    'processor(images, text) returns only the image processor\'s pixel_values, original_sizes and reshaped_input_sizes (the text is dropped). Tokenized on its own (AutoTokenizer), the prompt keeps its single ' +
    '<image> token, which nothing expands to the vision encoder\'s feature count, so LlavaForConditionalGeneration\'s merge throws "Number of tokens ' +
    'and features do not match: tokens: 1, features N"; 4.3.1 has no image-text-to-text pipeline that would expand it',
};

/** The tiny VLM for `(modelType, task)`, a reason for a VLM's other tasks, or undefined when others decide. */
export function vlmArchitectureFor(modelType: string, task: string): TinyArchitecture | undefined {
  const cannotRun = task === VLM_TASK ? VLM_CANNOT_RUN[modelType] : undefined;
  if (cannotRun) return { supported: false, reason: `${modelType} (${task}): ${cannotRun}` };
  const architecture = VLM_CLASSES[modelType];
  if (!architecture) return undefined;
  if (task === VLM_TASK) return { supported: true, kind: 'vlm', modelType, task, architecture };
  const reason = otherTaskReason(modelType, task);
  return reason ? { supported: false, reason: `${modelType} (${task}): ${reason}` } : undefined;
}

/** Every (model_type, task) pair the tiny VLM builders cover. */
export function vlmCoverage(): Array<{ modelType: string; task: string; kind: VlmKind }> {
  return Object.keys(VLM_CLASSES).map((modelType) => ({ modelType, task: VLM_TASK, kind: 'vlm' as const }));
}
