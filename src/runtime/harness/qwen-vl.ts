import { chatVlmAdapter, vlmHarness } from './vlm';

/**
 * Qwen2-VL / Qwen2.5-VL / Qwen3-VL(-MoE): the chat template renders the image as
 * `<|vision_start|><|image_pad|><|vision_end|>`, then `processor(text, image)` expands `<|image_pad|>`
 * to one token per merged patch and returns pixel_values + image_grid_thw beside the ids.
 */
export const QWEN_VL_ADAPTER = chatVlmAdapter({ imagesFirst: false, chatTemplate: true });

export const qwenVlImageTextToText = vlmHarness(QWEN_VL_ADAPTER);
