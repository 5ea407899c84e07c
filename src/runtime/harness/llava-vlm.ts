import { chatVlmAdapter, vlmHarness, type VlmAdapter } from './vlm';
import type { TaskHarness } from './types';

/**
 * The LLaVA-style VLMs (transformers.js 4.3.1 classes extending LlavaForConditionalGeneration), by
 * their processors' call order and prompt:
 * - LlavaProcessor, PixtralProcessor (mistral3, lighton_ocr), Lfm2VlProcessor: `(images, text)`, chat template;
 * - PaliGemmaProcessor: `(images, text)`, no chat template: `<image>` + the prompt (it expands `<image>`, puts `<bos>` after the image tokens, appends `\n`);
 * - Idefics3Processor (idefics3, smolvlm), Gemma3Processor: `(text, images)`, chat template.
 */
const IMAGES_FIRST_CHAT = chatVlmAdapter({ imagesFirst: true, chatTemplate: true });
const TEXT_FIRST_CHAT = chatVlmAdapter({ imagesFirst: false, chatTemplate: true });

export const LLAVA_VLM_ADAPTERS: Readonly<Record<string, VlmAdapter>> = {
  llava: IMAGES_FIRST_CHAT,
  mistral3: IMAGES_FIRST_CHAT,
  lighton_ocr: IMAGES_FIRST_CHAT,
  lfm2_vl: IMAGES_FIRST_CHAT,
  paligemma: chatVlmAdapter({ imagesFirst: true, chatTemplate: false, imagePrefix: '<image>' }),
  idefics3: TEXT_FIRST_CHAT,
  smolvlm: TEXT_FIRST_CHAT,
};

/** model_type → { 'image-text-to-text': harness } for FAMILY_HARNESSES. */
export const LLAVA_VLM_HARNESSES: Readonly<Record<string, Readonly<Record<string, TaskHarness>>>> = Object.fromEntries(
  Object.entries(LLAVA_VLM_ADAPTERS).map(([modelType, adapter]) => [modelType, { 'image-text-to-text': vlmHarness(adapter) }]),
);
