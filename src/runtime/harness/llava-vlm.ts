import { chatVlmAdapter, vlmHarness, type VlmAdapter } from './vlm';
import type { TaskHarness } from './types';

/**
 * The LLaVA-style VLMs (transformers.js 4.3.1 classes extending LlavaForConditionalGeneration), by
 * their processors' call order and prompt:
 * - LlavaProcessor, PixtralProcessor (mistral3, lighton_ocr), Lfm2VlProcessor: `(images, text)`, chat template;
 * - PaliGemmaProcessor: `(images, text)`, no chat template: `<image>` + the prompt (it expands `<image>`, puts `<bos>` after the image tokens, appends `\n`);
 * - Idefics3Processor (idefics3, smolvlm): `(text, images)`, chat template;
 * - Gemma3Processor `(text, images, options)`, Gemma3nProcessor / Gemma4Processor `(text, images, audio, options)`:
 *   chat template (chat_template.jinja), which starts with `<bos>`, so the text is tokenized with
 *   `add_special_tokens: false`, as transformers.js's own Gemma processor tests do.
 */
const IMAGES_FIRST_CHAT = chatVlmAdapter({ imagesFirst: true, chatTemplate: true });
const TEXT_FIRST_CHAT = chatVlmAdapter({ imagesFirst: false, chatTemplate: true });
const NO_SPECIAL_TOKENS = { add_special_tokens: false };

export const LLAVA_VLM_ADAPTERS: Readonly<Record<string, VlmAdapter>> = {
  llava: IMAGES_FIRST_CHAT,
  mistral3: IMAGES_FIRST_CHAT,
  lighton_ocr: IMAGES_FIRST_CHAT,
  lfm2_vl: IMAGES_FIRST_CHAT,
  paligemma: chatVlmAdapter({ imagesFirst: true, chatTemplate: false, imagePrefix: '<image>' }),
  idefics3: TEXT_FIRST_CHAT,
  smolvlm: TEXT_FIRST_CHAT,
  gemma3: chatVlmAdapter({ imagesFirst: false, chatTemplate: true, options: NO_SPECIAL_TOKENS }),
  gemma3n: chatVlmAdapter({ imagesFirst: false, chatTemplate: true, audioSlot: true, options: NO_SPECIAL_TOKENS }),
  gemma4: chatVlmAdapter({ imagesFirst: false, chatTemplate: true, audioSlot: true, options: NO_SPECIAL_TOKENS }),
};

/** model_type → { 'image-text-to-text': harness } for FAMILY_HARNESSES. */
export const LLAVA_VLM_HARNESSES: Readonly<Record<string, Readonly<Record<string, TaskHarness>>>> = Object.fromEntries(
  Object.entries(LLAVA_VLM_ADAPTERS).map(([modelType, adapter]) => [modelType, { 'image-text-to-text': vlmHarness(adapter) }]),
);
