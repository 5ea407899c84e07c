import type { ModelFiles } from './cache';
import { SEQ2SEQ_FAMILIES, SPECTROGRAM_SEQ2SEQ, type Seq2SeqFamily } from './seq2seq-families';
import { buildSeq2SeqDecoderGraph, buildSeq2SeqEncoderGraph, LOG_MEL_BINS, SEQ2SEQ_SIZES, VISION_SIZES, WHISPER_SIZES } from './seq2seq-graph';
import { buildSeq2SeqTokenizer, whisperTokenIds, type Seq2SeqTokenizer } from './seq2seq-tokenizer';
import { renderSpeechT5Files } from './speecht5';

export { seq2seqArchitectureFor, seq2seqCoverage, SEQ2SEQ_FAMILIES, SPECTROGRAM_SEQ2SEQ } from './seq2seq-families';

/**
 * Bump whenever anything that shapes a tiny encoder-decoder changes. It joins the cache key of
 * these models only, so the other families' cached builds stay valid.
 */
export const SEQ2SEQ_BUILDER_REVISION = 1;

/** Longest source a tiny text model accepts (tokenizer `model_max_length`; position tables match). */
const MODEL_MAX_LENGTH = SEQ2SEQ_SIZES.maxPositions;

/** Layers of the encoder and of the decoder stack. */
interface Seq2SeqDepth {
  encoder: number;
  decoder: number;
}

/**
 * Every file of a tiny encoder-decoder, in memory (pure: same arguments → same bytes):
 * `config.json`, `generation_config.json`, `tokenizer.json`, `tokenizer_config.json`,
 * `onnx/encoder_model.onnx`, `onnx/decoder_model_merged.onnx`, and `preprocessor_config.json`
 * for Whisper (feature extractor) and vision-encoder-decoder (image processor). `layers` sets the
 * depth of the encoder and of the decoder (default SEQ2SEQ_SIZES).
 */
export function renderSeq2SeqFiles(modelType: string, task: string, architecture: string, seed: string, layers?: number): ModelFiles {
  if (SPECTROGRAM_SEQ2SEQ[modelType]?.tasks.includes(task)) return renderSpeechT5Files(architecture, seed, layers);
  const base = SEQ2SEQ_FAMILIES[modelType];
  if (!base) throw new Error(`renderSeq2SeqFiles: "${modelType}" is not a tiny encoder-decoder family`);
  if (!base.tasks.includes(task)) throw new Error(`renderSeq2SeqFiles: tiny ${modelType} is not built for task "${task}"`);
  const family: Seq2SeqFamily = { ...base, ...base.taskVariants?.[task] };
  const donut = family.configScheme === 'donut';
  const tokenizer = buildSeq2SeqTokenizer(family.tokenizer, family.tokenizerClass, MODEL_MAX_LENGTH);
  const weightSeed = `${modelType}/${task}/${seed}`;
  // `layers` deepens both stacks alike.
  const depth: Seq2SeqDepth = { encoder: layers ?? SEQ2SEQ_SIZES.encoderLayers, decoder: layers ?? SEQ2SEQ_SIZES.decoderLayers };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: ModelFiles = new Map();

  files.set('config.json', json(seq2seqConfig(modelType, family, architecture, tokenizer, depth)));
  files.set('generation_config.json', json(seq2seqGenerationConfig(family, tokenizer)));
  files.set('onnx/encoder_model.onnx', buildSeq2SeqEncoderGraph(family.modality, tokenizer.vocabSize, weightSeed, depth.encoder));
  files.set(
    'onnx/decoder_model_merged.onnx',
    buildSeq2SeqDecoderGraph(
      tokenizer,
      {
        encoderAttentionMask: family.encoderAttentionMask,
        cache: family.configScheme === 'vision-encoder-decoder' ? 'self' : 'seq2seq',
        // MBart's learned positions are offset by 2, so its table has max_position_embeddings + 2 rows.
        maxTargetPositions: family.modality === 'speech' ? WHISPER_SIZES.maxTargetPositions : donut ? DONUT_SIZES.maxPositions + 2 : SEQ2SEQ_SIZES.maxPositions,
        layers: depth.decoder,
        ...(donut ? { answerEnd: donutAnswerEnd(tokenizer) } : {}),
      },
      weightSeed,
    ),
  );
  const preprocessor = preprocessorConfig(family);
  if (preprocessor) files.set('preprocessor_config.json', json(preprocessor));
  // CohereAsrProcessor loads processor_config.json (uses_processor_config): it is required.
  if (family.modality === 'log-mel') files.set('processor_config.json', json({ processor_class: 'CohereAsrProcessor' }));
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
  return files;
}

/**
 * Donut's decoder positions: DocumentQuestionAnsweringPipeline generates up to
 * config.decoder.max_position_embeddings tokens (prompt included); 64 keeps a tiny answer loop short.
 */
export const DONUT_SIZES = { maxPositions: 64 } as const;

/**
 * The tiny Donut ends an answer after a token of letters or digits whose id is a multiple of 4 (about
 * a quarter of the word pieces), so answers are a few word pieces long and never blank, or at the
 * latest where the answer would no longer fit.
 */
function donutAnswerEnd(tokenizer: Seq2SeqTokenizer) {
  const excluded = new Set([...tokenizer.specialIds, ...tokenizer.unprintableIds]);
  const triggers = Object.entries(tokenizer.tokenToId)
    .filter(([token, id]) => id % 4 === 0 && !excluded.has(id) && /[A-Za-z0-9]/.test(token))
    .map(([, id]) => id);
  // Closed by the third-last position at the latest, so `</s_answer></s>` fits within max_length.
  return { triggers, close: tokenizer.tokenToId['</s_answer>']!, eos: tokenizer.eosId, closeAt: DONUT_SIZES.maxPositions - 3 };
}

function tokenIds(tokenizer: Seq2SeqTokenizer): Record<string, number> {
  const ids: Record<string, number> = {
    decoder_start_token_id: tokenizer.decoderStartId,
    eos_token_id: tokenizer.eosId,
    pad_token_id: tokenizer.padId,
  };
  if (tokenizer.bosId !== undefined) ids.bos_token_id = tokenizer.bosId;
  return ids;
}

/** `config.json`, with sizes under the keys transformers.js' normalized config reads for the model_type. */
function seq2seqConfig(modelType: string, family: Seq2SeqFamily, architecture: string, tokenizer: Seq2SeqTokenizer, depth: Seq2SeqDepth): Record<string, unknown> {
  const { hidden, heads, headDim, ffn, maxPositions } = SEQ2SEQ_SIZES;
  const { encoder: encoderLayers, decoder: decoderLayers } = depth;
  const vocab = tokenizer.vocabSize;
  const base = { architectures: [architecture], model_type: modelType, is_encoder_decoder: true };
  switch (family.configScheme) {
    case 't5':
      return {
        ...base,
        vocab_size: vocab,
        d_model: hidden,
        d_kv: headDim,
        d_ff: ffn,
        num_heads: heads,
        num_layers: encoderLayers,
        num_decoder_layers: decoderLayers,
        feed_forward_proj: 'relu',
        ...tokenIds(tokenizer),
      };
    case 'bart': {
      const speech = family.modality === 'speech';
      return {
        ...base,
        vocab_size: vocab,
        d_model: hidden,
        encoder_layers: encoderLayers,
        decoder_layers: decoderLayers,
        encoder_attention_heads: heads,
        decoder_attention_heads: heads,
        encoder_ffn_dim: ffn,
        decoder_ffn_dim: ffn,
        ...(speech
          ? { num_mel_bins: WHISPER_SIZES.melBins, max_source_positions: WHISPER_SIZES.maxSourcePositions, max_target_positions: WHISPER_SIZES.maxTargetPositions }
          : { max_position_embeddings: maxPositions }),
        ...(modelType === 'marian' ? { decoder_vocab_size: vocab } : {}),
        ...tokenIds(tokenizer),
      };
    }
    case 'moonshine': {
      // The keys transformers.js' normalized config maps for moonshine (KV heads name the cache shape).
      const layersAndHeads = Object.fromEntries(
        (['encoder', 'decoder'] as const).flatMap((side) => [
          [`${side}_num_hidden_layers`, side === 'encoder' ? encoderLayers : decoderLayers],
          [`${side}_num_attention_heads`, heads],
          [`${side}_num_key_value_heads`, heads],
        ]),
      );
      return {
        ...base,
        vocab_size: vocab,
        hidden_size: hidden,
        intermediate_size: ffn,
        ...layersAndHeads,
        max_position_embeddings: maxPositions,
        ...tokenIds(tokenizer),
      };
    }
    case 'cohere_asr':
      // Decoder sizes at the top level, the encoder's under encoder_config (what the normalized config reads).
      return {
        ...base,
        vocab_size: vocab,
        hidden_size: hidden,
        num_hidden_layers: decoderLayers,
        num_attention_heads: heads,
        num_key_value_heads: heads,
        head_dim: headDim,
        intermediate_size: ffn,
        max_position_embeddings: maxPositions,
        encoder_config: { hidden_size: hidden, num_hidden_layers: encoderLayers, num_attention_heads: heads, num_mel_bins: LOG_MEL_BINS },
        ...tokenIds(tokenizer),
      };
    case 'donut': {
      // transformers.js reads only config.decoder (mbart: seq2seq cache names) and, in the pipeline, decoder.max_position_embeddings.
      const { imageSize, patchSize, channels } = VISION_SIZES;
      return {
        ...base,
        encoder: { model_type: 'donut-swin', embed_dim: hidden, depths: [encoderLayers], num_heads: [heads], image_size: [imageSize, imageSize], patch_size: patchSize, num_channels: channels },
        decoder: {
          model_type: 'mbart',
          architectures: ['MBartForCausalLM'],
          vocab_size: vocab,
          d_model: hidden,
          decoder_layers: decoderLayers,
          decoder_attention_heads: heads,
          decoder_ffn_dim: ffn,
          encoder_layers: encoderLayers,
          encoder_attention_heads: heads,
          max_position_embeddings: DONUT_SIZES.maxPositions,
          add_cross_attention: true,
          is_decoder: true,
          ...tokenIds(tokenizer),
        },
        ...tokenIds(tokenizer),
      };
    }
    case 'vision-encoder-decoder': {
      const { imageSize, patchSize, channels } = VISION_SIZES;
      const ids = tokenIds(tokenizer);
      return {
        ...base,
        encoder: {
          model_type: 'vit',
          hidden_size: hidden,
          num_hidden_layers: encoderLayers,
          num_attention_heads: heads,
          intermediate_size: ffn,
          image_size: imageSize,
          patch_size: patchSize,
          num_channels: channels,
        },
        decoder: {
          model_type: 'gpt2',
          architectures: ['GPT2LMHeadModel'],
          vocab_size: vocab,
          n_embd: hidden,
          n_layer: decoderLayers,
          n_head: heads,
          n_inner: ffn,
          n_positions: maxPositions,
          add_cross_attention: true,
          is_decoder: true,
          bos_token_id: ids.bos_token_id,
          eos_token_id: ids.eos_token_id,
        },
        ...ids,
      };
    }
  }
}

function seq2seqGenerationConfig(family: Seq2SeqFamily, tokenizer: Seq2SeqTokenizer): Record<string, unknown> {
  const config: Record<string, unknown> = { ...tokenIds(tokenizer), do_sample: false };
  if (family.modality === 'speech') {
    // What WhisperForConditionalGeneration._retrieve_init_tokens reads to build
    // `<|startoftranscript|> <|en|> <|transcribe|> <|notimestamps|>`.
    const whisper = whisperTokenIds(tokenizer);
    Object.assign(config, {
      is_multilingual: true,
      lang_to_id: whisper.langToId,
      task_to_id: whisper.taskToId,
      no_timestamps_token_id: whisper.noTimestamps,
      max_length: WHISPER_SIZES.maxTargetPositions,
    });
  }
  return config;
}

/** Feature extractor (Whisper's 80-mel, 10 ms-hop features over a short window) or ViT image processor settings. */
function preprocessorConfig(family: Seq2SeqFamily): Record<string, unknown> | undefined {
  if (family.modality === 'speech') {
    const samplingRate = 16000;
    const hopLength = 160;
    const chunkLength = WHISPER_SIZES.chunkSeconds;
    return {
      feature_extractor_type: 'WhisperFeatureExtractor',
      processor_class: 'WhisperProcessor',
      feature_size: WHISPER_SIZES.melBins,
      sampling_rate: samplingRate,
      hop_length: hopLength,
      chunk_length: chunkLength,
      n_fft: 400,
      n_samples: chunkLength * samplingRate,
      nb_max_frames: WHISPER_SIZES.frames,
      padding_side: 'right',
      padding_value: 0,
      return_attention_mask: false,
    };
  }
  if (family.modality === 'log-mel') {
    // CohereLabs' settings (Parakeet log-mels, seeded dither, 35 s chunks split at the quietest point), with fewer mel bins.
    return {
      feature_extractor_type: 'CohereAsrFeatureExtractor',
      processor_class: 'CohereAsrProcessor',
      feature_size: LOG_MEL_BINS,
      sampling_rate: 16000,
      n_fft: 512,
      win_length: 400,
      hop_length: 160,
      preemphasis: 0.97,
      dither: 1e-5,
      max_audio_clip_s: 35,
      overlap_chunk_second: 5,
      min_energy_window_samples: 1600,
      padding_value: 0,
      return_attention_mask: true,
    };
  }
  if (family.modality === 'waveform') {
    // MoonshineFeatureExtractor passes the samples through as `input_values`.
    return { feature_extractor_type: 'MoonshineFeatureExtractor', processor_class: 'MoonshineProcessor', feature_size: 1, sampling_rate: 16000, padding_value: 0, do_normalize: false, return_attention_mask: false };
  }
  if (family.configScheme === 'donut') {
    // DonutImageProcessor: thumbnail into the square, then pad (centred, with the colour that normalises to 0).
    const { imageSize } = VISION_SIZES;
    return {
      image_processor_type: 'DonutImageProcessor',
      processor_class: 'DonutProcessor',
      do_resize: true,
      size: { height: imageSize, width: imageSize },
      do_thumbnail: true,
      do_align_long_axis: false,
      do_pad: true,
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    };
  }
  if (family.modality === 'vision') {
    const { imageSize } = VISION_SIZES;
    return {
      image_processor_type: 'ViTImageProcessor',
      do_resize: true,
      size: { height: imageSize, width: imageSize },
      resample: 2,
      do_rescale: true,
      rescale_factor: 1 / 255,
      do_normalize: true,
      image_mean: [0.5, 0.5, 0.5],
      image_std: [0.5, 0.5, 0.5],
    };
  }
  return undefined;
}

export function isSeq2SeqModelType(modelType: string): boolean {
  return Object.hasOwn(SEQ2SEQ_FAMILIES, modelType) || Object.hasOwn(SPECTROGRAM_SEQ2SEQ, modelType);
}
