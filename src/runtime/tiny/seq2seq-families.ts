import type { TinyArchitecture } from './families';

/**
 * Encoder-decoder families the tiny builder covers, and how transformers.js 4.3.1 runs each one.
 * Facts read from the transformers.js source: every family loads `onnx/encoder_model.onnx` and
 * `onnx/decoder_model_merged.onnx` (session config `Seq2Seq` / `Vision2Seq`), sizes come from the
 * config keys `getNormalizedConfig` maps for the model_type, and the cache is named
 * `past_key_values.N.{decoder,encoder}.{key,value}` when that normalized config has encoder and
 * decoder head counts, else `past_key_values.N.{key,value}` (vision-encoder-decoder's GPT-2 decoder).
 */

/** How the encoder reads its input, which fixes the encoder graph and the preprocessing files. */
export type Seq2SeqModality = 'text' | 'speech' | 'vision' | 'waveform' | 'log-mel';

/**
 * Names of the size fields in `config.json`: transformers.js reads the decoder layer count through
 * them to build the empty cache, so a wrong name means "missing inputs" at the first step.
 */
export type Seq2SeqConfigScheme = 't5' | 'bart' | 'vision-encoder-decoder' | 'donut' | 'moonshine' | 'cohere_asr';

/** Tokenizer layouts of the real checkpoints (ids of the special tokens, how a sequence is wrapped). */
export type Seq2SeqTokenizerPreset = 't5' | 'bart' | 'marian' | 'mbart' | 'm2m_100' | 'whisper' | 'gpt2' | 'donut' | 'moonshine' | 'cohere_asr';

export interface Seq2SeqFamily {
  modality: Seq2SeqModality;
  /** transformers.js pipeline tasks whose auto class maps this model_type to `architecture`. */
  tasks: readonly string[];
  architecture: string;
  configScheme: Seq2SeqConfigScheme;
  tokenizer: Seq2SeqTokenizerPreset;
  tokenizerClass: string;
  /** The merged decoder takes `encoder_attention_mask` (text encoders only: optimum exports it there). */
  encoderAttentionMask: boolean;
  /** Tasks whose real checkpoints pair other towers under the same model_type and class (what changes for that task). */
  taskVariants?: Readonly<Record<string, Pick<Seq2SeqFamily, 'configScheme' | 'tokenizer' | 'tokenizerClass'>>>;
}

/** Text seq2seq LMs serve all three tasks: transformers.js maps each to AutoModelForSeq2SeqLM. */
export const TEXT_SEQ2SEQ_TASKS = ['text2text-generation', 'summarization', 'translation'] as const;

const text = (architecture: string, configScheme: Seq2SeqConfigScheme, tokenizer: Seq2SeqTokenizerPreset, tokenizerClass: string): Seq2SeqFamily => ({
  modality: 'text',
  tasks: TEXT_SEQ2SEQ_TASKS,
  architecture,
  configScheme,
  tokenizer,
  tokenizerClass,
  encoderAttentionMask: true,
});

export const SEQ2SEQ_FAMILIES: Readonly<Record<string, Seq2SeqFamily>> = {
  t5: text('T5ForConditionalGeneration', 't5', 't5', 'T5Tokenizer'),
  mt5: text('MT5ForConditionalGeneration', 't5', 't5', 'T5Tokenizer'),
  longt5: text('LongT5ForConditionalGeneration', 't5', 't5', 'T5Tokenizer'),
  bart: text('BartForConditionalGeneration', 'bart', 'bart', 'BartTokenizer'),
  blenderbot: text('BlenderbotForConditionalGeneration', 'bart', 'bart', 'BlenderbotTokenizer'),
  'blenderbot-small': text('BlenderbotSmallForConditionalGeneration', 'bart', 'bart', 'BlenderbotSmallTokenizer'),
  marian: text('MarianMTModel', 'bart', 'marian', 'MarianTokenizer'),
  mbart: text('MBartForConditionalGeneration', 'bart', 'mbart', 'MBartTokenizer'),
  m2m_100: text('M2M100ForConditionalGeneration', 'bart', 'm2m_100', 'M2M100Tokenizer'),
  whisper: {
    modality: 'speech',
    tasks: ['automatic-speech-recognition'],
    architecture: 'WhisperForConditionalGeneration',
    configScheme: 'bart',
    tokenizer: 'whisper',
    tokenizerClass: 'WhisperTokenizer',
    encoderAttentionMask: false,
  },
  // Moonshine reads the raw 16 kHz waveform (`input_values`) and decodes with a KV cache, like Whisper's decoder.
  moonshine: {
    modality: 'waveform',
    tasks: ['automatic-speech-recognition'],
    architecture: 'MoonshineForConditionalGeneration',
    configScheme: 'moonshine',
    tokenizer: 'moonshine',
    tokenizerClass: 'PreTrainedTokenizerFast',
    encoderAttentionMask: false,
  },
  // Cohere ASR: a FastConformer encoder over Parakeet-style log-mels (+ attention_mask) and a decoder
  // prompted with ten control tokens (language, punctuation, timestamps...).
  cohere_asr: {
    modality: 'log-mel',
    tasks: ['automatic-speech-recognition'],
    architecture: 'CohereAsrForConditionalGeneration',
    configScheme: 'cohere_asr',
    tokenizer: 'cohere_asr',
    tokenizerClass: 'PreTrainedTokenizerFast',
    encoderAttentionMask: false,
  },
  'vision-encoder-decoder': {
    modality: 'vision',
    // MODEL_FOR_VISION_2_SEQ_MAPPING_NAMES and MODEL_FOR_DOCUMENT_QUESTION_ANSWERING_MAPPING_NAMES both map it to VisionEncoderDecoderModel.
    tasks: ['image-to-text', 'document-question-answering'],
    architecture: 'VisionEncoderDecoderModel',
    configScheme: 'vision-encoder-decoder',
    tokenizer: 'gpt2',
    tokenizerClass: 'GPT2Tokenizer',
    encoderAttentionMask: false,
    // Donut (donut-base-finetuned-docvqa): a donut-swin encoder, an MBart decoder (seq2seq-style cache names) and XLM-R's tokenizer with the task tags.
    taskVariants: { 'document-question-answering': { configScheme: 'donut', tokenizer: 'donut', tokenizerClass: 'XLMRobertaTokenizer' } },
  },
};

/** Encoder-decoder model types transformers.js knows but the tiny builder does not build, with why. */
const UNSUPPORTED_SEQ2SEQ: Readonly<Record<string, string>> = {
  pegasus: 'transformers.js 4.3.1 has no Pegasus model class',
  nllb: 'NLLB checkpoints declare model_type "m2m_100"; build m2m_100 instead',
  speech_to_text: 'transformers.js 4.3.1 has no Speech2Text model class',
  trocr: 'TrOCR checkpoints declare model_type "vision-encoder-decoder"; build vision-encoder-decoder instead',
  'lite-whisper': 'no tiny builder for lite-whisper (low-rank encoder weights) yet',
};

/**
 * Encoder-decoders that speak: a text encoder and a spectrogram decoder (MODEL_TYPES.Seq2Seq
 * sessions) that SpeechT5ForTextToSpeech.generate_speech runs until its stop probability crosses
 * the threshold, then a separate HiFi-GAN vocoder model. transformers.js 4.3.1's text-to-audio
 * pipeline cannot run them as pipeline() loads them (see SPEECHT5_PIPELINE_GAPS in the harness),
 * so the runtime's text-to-audio loader for speecht5 supplies the processor, the vocoder and the
 * speaker embedding and speaks through generate_speech.
 */
export const SPECTROGRAM_SEQ2SEQ: Readonly<Record<string, { tasks: readonly string[]; architecture: string }>> = {
  speecht5: { tasks: ['text-to-audio'], architecture: 'SpeechT5ForTextToSpeech' },
};

/** Pipeline aliases for the tasks above (`asr` and `text-to-speech` are transformers.js' own aliases). */
const TASK_ALIASES: Record<string, string> = { asr: 'automatic-speech-recognition', 'text-to-speech': 'text-to-audio' };

/**
 * Why an encoder-decoder's base model cannot serve feature-extraction, measured on the tiny models:
 * AutoModel maps the type to its `…Model` (MODEL_MAPPING_NAMES_ENCODER_DECODER → encoder_model +
 * decoder_model_merged sessions), whose forward is seq2seq_forward: the pipeline passes only the
 * tokenizer's outputs, so the decoder gets `decoder_input_ids` (undefined) as its input_ids.
 */
const BASE_MODEL_FEATURES_REASON = (modelType: string) => {
  const loads = `transformers.js 4.3.1's feature-extraction pipeline loads the base model (AutoModel, MODEL_MAPPING_NAMES_ENCODER_DECODER: ` +
    `encoder_model + decoder_model_merged sessions) and calls it with only this.tokenizer(texts)`;
  const speech = modelType === 'whisper' || modelType === 'cohere_asr';
  return speech
    ? `${loads}, but its encoder session reads audio input_features, so it throws "Missing the following inputs: input_features"`
    : `${loads}; its seq2seq_forward runs the encoder, then hands the decoder session decoder_input_ids, which the pipeline never ` +
        `gives, so the session throws "Missing the following inputs: input_ids" (encoder states come only from the model class's ` +
        `encoder session called directly)`;
};

/**
 * The tiny encoder-decoder architecture for `(modelType, task)`; a specific reason when the type is
 * an encoder-decoder this builder does not cover; undefined when the type is not an encoder-decoder
 * at all (other builders decide then). `task` should already be canonical.
 */
export function seq2seqArchitectureFor(modelType: string, task: string): TinyArchitecture | undefined {
  const unsupported = UNSUPPORTED_SEQ2SEQ[modelType];
  if (unsupported) return { supported: false, reason: `${modelType}: ${unsupported}` };
  const canonical = TASK_ALIASES[task] ?? task;
  const speaking = SPECTROGRAM_SEQ2SEQ[modelType];
  if (speaking) {
    if (speaking.tasks.includes(canonical)) return { supported: true, kind: 'seq2seq', modelType, task: canonical, architecture: speaking.architecture };
    return { supported: false, reason: `tiny ${modelType} is built for ${speaking.tasks.join(', ')} only (${speaking.architecture}), not "${canonical}"` };
  }
  const family = SEQ2SEQ_FAMILIES[modelType];
  if (!family) return undefined;
  if (canonical === 'feature-extraction') return { supported: false, reason: `${modelType} (feature-extraction): ${BASE_MODEL_FEATURES_REASON(modelType)}` };
  if (!family.tasks.includes(canonical)) {
    return {
      supported: false,
      reason: `transformers.js has no ${modelType} class for task "${canonical}" that the tiny encoder-decoder builder covers (tiny ${modelType} covers: ${family.tasks.join(', ')})`,
    };
  }
  return { supported: true, kind: 'seq2seq', modelType, task: canonical, architecture: family.architecture };
}

/** Every (model_type, task) pair the encoder-decoder builder covers. */
export function seq2seqCoverage(): Array<{ modelType: string; task: string; kind: 'seq2seq' }> {
  return [...Object.entries(SEQ2SEQ_FAMILIES), ...Object.entries(SPECTROGRAM_SEQ2SEQ)].flatMap(([modelType, family]) =>
    family.tasks.map((task) => ({ modelType, task, kind: 'seq2seq' as const })),
  );
}
