import type { ModelFiles } from './cache';
import { buildEncodecDecodeGraph, CODEC_CODEBOOK_SIZE, CODEC_CODEBOOKS, CODEC_HOP } from './codec';
import { buildSeq2SeqDecoderGraph, buildSeq2SeqEncoderGraph, SEQ2SEQ_SIZES } from './seq2seq-graph';
import { buildSeq2SeqTokenizer } from './seq2seq-tokenizer';

/**
 * A tiny MusicGen in the layout transformers.js 4.3.1's MusicgenForConditionalGeneration loads
 * (models/session_config.js MODEL_TYPES.Musicgen): `model` → onnx/text_encoder.onnx (a T5 encoder:
 * input_ids + attention_mask → last_hidden_state), `decoder_model_merged` → onnx/decoder_model_merged.onnx
 * (input_ids [batch × num_codebooks, seq], encoder_hidden_states, encoder_attention_mask and
 * past_key_values.N.{decoder,encoder}.{key,value} → logits [batch × num_codebooks, seq, vocab] and
 * present.*), and `encodec_decode` → onnx/encodec_decode.onnx (audio_codes [1, batch, num_codebooks,
 * frames] → audio_values [batch, 1, samples]). generate() starts every codebook row from
 * decoder_start_token_id, pads each row's first k + 1 positions (the delay pattern, in
 * prepare_inputs_for_generation), doubles the batch for classifier-free guidance when
 * guidance_scale > 1, and at the end keeps the max_new_tokens + 1 − num_codebooks frames every
 * codebook has (_apply_and_filter_by_delay_pattern_mask) before decoding them.
 *
 * The first step's empty cache is sized from input_ids (addPastKeyValues: batch_size = input_ids.dims[0],
 * i.e. batch × codebooks × 2 under guidance, not the decoder's batch × 2); onnxruntime 1.30's Concat
 * skips empty inputs, so [8, heads, 0, d] joins [2, heads, 1, d] (measured: a non-empty cache of that
 * batch is rejected, "Non concat axis dimensions must match").
 */

/** MusicGen's pad / decoder start id is the codebook size (2048 in facebook/musicgen-small): one past the logits. */
const PAD_ID = CODEC_CODEBOOK_SIZE;
/** facebook/musicgen-small: 32 kHz EnCodec; frame_rate = sampling_rate / hop (50 Hz at hop 640 there). */
export const MUSICGEN_SAMPLING_RATE = 32000;
const UPSAMPLING_RATIOS = [2, 4];
const MAX_POSITIONS = 256;

export function musicgenConfig(architecture: string, layers: number, textVocab: number, textIds: Record<string, number>): Record<string, unknown> {
  const { hidden, heads, headDim, ffn } = SEQ2SEQ_SIZES;
  if (UPSAMPLING_RATIOS.reduce((a, b) => a * b, 1) !== CODEC_HOP) throw new Error('musicgen: the EnCodec upsampling ratios must multiply to the codec hop');
  return {
    architectures: [architecture],
    model_type: 'musicgen',
    is_encoder_decoder: true,
    // configs.js: musicgen's normalized config is its decoder's (model_type musicgen_decoder names the cache sizes).
    decoder: {
      model_type: 'musicgen_decoder',
      num_codebooks: CODEC_CODEBOOKS,
      vocab_size: CODEC_CODEBOOK_SIZE,
      pad_token_id: PAD_ID,
      bos_token_id: PAD_ID,
      hidden_size: hidden,
      num_attention_heads: heads,
      num_hidden_layers: layers,
      ffn_dim: ffn,
      max_position_embeddings: MAX_POSITIONS,
      audio_channels: 1,
    },
    text_encoder: { model_type: 't5', vocab_size: textVocab, d_model: hidden, d_kv: headDim, d_ff: ffn, num_heads: heads, num_layers: layers, ...textIds },
    audio_encoder: {
      model_type: 'encodec',
      sampling_rate: MUSICGEN_SAMPLING_RATE,
      audio_channels: 1,
      codebook_size: CODEC_CODEBOOK_SIZE,
      upsampling_ratios: UPSAMPLING_RATIOS,
      frame_rate: MUSICGEN_SAMPLING_RATE / CODEC_HOP,
      hidden_size: hidden,
    },
    decoder_start_token_id: PAD_ID,
    pad_token_id: PAD_ID,
  };
}

/** facebook/musicgen-small's generation_config.json (max_length is the real one; callers pass max_new_tokens). */
const GENERATION_CONFIG = { bos_token_id: PAD_ID, decoder_start_token_id: PAD_ID, pad_token_id: PAD_ID, do_sample: true, guidance_scale: 3.0, max_length: 1500 };

export function renderMusicgenFiles(architecture: string, weightSeed: string, layers: number): ModelFiles {
  const tokenizer = buildSeq2SeqTokenizer('t5', 'T5Tokenizer', SEQ2SEQ_SIZES.maxPositions);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: ModelFiles = new Map();
  files.set('config.json', json(musicgenConfig(architecture, layers, tokenizer.vocabSize, { pad_token_id: tokenizer.padId, eos_token_id: tokenizer.eosId })));
  files.set('generation_config.json', json(GENERATION_CONFIG));
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
  files.set('onnx/text_encoder.onnx', buildSeq2SeqEncoderGraph('text', tokenizer.vocabSize, `${weightSeed}/text`, layers));
  // Codes are audio, not text: no special or unprintable ids to suppress.
  const codes = { vocabSize: CODEC_CODEBOOK_SIZE, specialIds: [], unprintableIds: [] };
  files.set('onnx/decoder_model_merged.onnx', buildSeq2SeqDecoderGraph(codes, { encoderAttentionMask: true, cache: 'seq2seq', maxTargetPositions: MAX_POSITIONS, layers, codebooks: CODEC_CODEBOOKS }, weightSeed));
  files.set('onnx/encodec_decode.onnx', buildEncodecDecodeGraph(`${weightSeed}/encodec`, layers));
  return files;
}
