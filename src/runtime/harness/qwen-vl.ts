import { checkGeneratedText, vlmHarness, type VlmAdapter } from './vlm';

/**
 * Qwen2-VL / Qwen2.5-VL / Qwen3-VL(-MoE): the prompt is one user turn holding the image and the
 * text, rendered by the processor's chat template (`<|vision_start|><|image_pad|><|vision_end|>`),
 * then `processor(text, image)` expands `<|image_pad|>` to one token per merged patch and returns
 * pixel_values + image_grid_thw beside the ids. The answer is the decoded new tokens.
 */
export const QWEN_VL_ADAPTER: VlmAdapter = {
  decoderOnly: true,
  prompts: ['Describe this image.', 'What colour is the top left corner?', 'How many cats are there?'],
  async inputs(processor, { image, prompt }) {
    const messages = [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: prompt }] }];
    const text = processor.apply_chat_template(messages, { add_generation_prompt: true });
    return processor(text, image);
  },
  answer(processor, newIds) {
    return [{ generated_text: processor.batch_decode(newIds, { skip_special_tokens: true })[0] }];
  },
  check: checkGeneratedText,
};

export const qwenVlImageTextToText = vlmHarness(QWEN_VL_ADAPTER);
