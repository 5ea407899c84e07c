import type { DecoderFamily } from './families';
import type { TokenizerStyle } from './tokenizer';

/**
 * How strongly attention (hence the image tokens) speaks in a tiny VLM's text decoder, against the
 * current token's own embedding: a tiny random decoder's residual stream would otherwise drown the image out.
 */
export const VLM_ATTENTION_GAIN = 4;

/**
 * The text decoder every tiny VLM builder writes (the LLaVA-style and the Qwen-VL-style ones): a
 * llama-style config with position_ids and the attention gain; `rest` adds the family's own fields
 * (its multimodal text-only block, config extras, hybrid layers).
 */
export function vlmTextDecoder(causalLmClass: string, tokenizer: TokenizerStyle, rest: Partial<DecoderFamily> = {}): DecoderFamily {
  return {
    kind: 'decoder',
    causalLmClass,
    tokenizer,
    configScheme: 'llama',
    positionIds: true,
    attentionGain: VLM_ATTENTION_GAIN,
    ...rest,
  };
}
