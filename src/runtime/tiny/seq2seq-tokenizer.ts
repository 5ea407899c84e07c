import type { Seq2SeqTokenizerPreset } from './seq2seq-families';
import { buildTokenizer, type SpecialTokens, type TokenizerFiles } from './tokenizer';

/**
 * Tokenizers of the encoder-decoder families: the shared byte-level BPE vocabulary with each real
 * checkpoint's special tokens (and their ids' order) and the way it wraps a source sentence:
 * T5/Marian append `</s>`, BART wraps in `<s> … </s>`, mBART appends `</s> en_XX`, M2M-100
 * prepends `__en__`. Language tokens are special tokens, which is how the MBart/M2M100 tokenizers
 * of transformers.js find their `language_codes` for the translation pipeline's `tgt_lang`.
 */

const M2M_LANGUAGES = ['en', 'fr', 'de', 'es', 'hi', 'zh', 'ja', 'ro', 'ru', 'ar'];
const MBART_LANGUAGES = ['en_XX', 'ro_RO', 'de_DE', 'fr_XX', 'es_XX', 'hi_IN', 'zh_CN', 'ja_XX', 'ru_RU', 'ar_AR'];
/** The first Whisper languages, in Whisper's own token order. */
export const WHISPER_LANGUAGES = ['en', 'zh', 'de', 'es', 'ru', 'ko', 'fr', 'ja'];

const ENDOFTEXT = '<|endoftext|>';
const COHERE_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'pl', 'ja', 'zh'];
const WHISPER_CONTROL = ['<|translate|>', '<|transcribe|>', '<|startoflm|>', '<|startofprev|>', '<|nocaptions|>', '<|notimestamps|>'];

type Template =
  | { kind: 'none' }
  | { kind: 'roberta' }
  /** Special tokens around the sequence: `before A after` (pair: `before A B after`). */
  | { kind: 'wrap'; before: string[]; after: string[] };

interface Preset {
  specials: SpecialTokens;
  template: Template;
  /** The token the decoder starts from (config `decoder_start_token_id`). */
  decoderStart: string;
  config?: Record<string, unknown>;
}

const ROBERTA_LEADING = ['<s>', '<pad>', '</s>', '<unk>'];
/** The tags of DocumentQuestionAnsweringPipeline's task prompt `<s_docvqa><s_question>…</s_question><s_answer>` and the answer's end. */
export const DONUT_DOCVQA_TAGS = ['<s_docvqa>', '<s_question>', '</s_question>', '<s_answer>', '</s_answer>'];

const PRESETS: Record<Seq2SeqTokenizerPreset, Preset> = {
  // T5 starts decoding from <pad>.
  t5: {
    specials: { leading: ['<pad>', '</s>', '<unk>'], trailing: [], eos: '</s>', pad: '<pad>', unk: '<unk>' },
    template: { kind: 'wrap', before: [], after: ['</s>'] },
    decoderStart: '<pad>',
  },
  bart: {
    specials: { leading: ROBERTA_LEADING, trailing: ['<mask>'], lstrip: ['<mask>'], bos: '<s>', eos: '</s>', pad: '<pad>', unk: '<unk>', mask: '<mask>', cls: '<s>', sep: '</s>' },
    template: { kind: 'roberta' },
    decoderStart: '</s>',
  },
  // Marian: </s> is id 0, <pad> the last id, and decoding starts from <pad>.
  marian: {
    specials: { leading: ['</s>', '<unk>'], trailing: ['<pad>'], eos: '</s>', pad: '<pad>', unk: '<unk>' },
    template: { kind: 'wrap', before: [], after: ['</s>'] },
    decoderStart: '<pad>',
    config: { source_lang: 'en', target_lang: 'de' },
  },
  mbart: {
    specials: { leading: ROBERTA_LEADING, trailing: [...MBART_LANGUAGES, '<mask>'], lstrip: ['<mask>'], bos: '<s>', eos: '</s>', pad: '<pad>', unk: '<unk>', mask: '<mask>', cls: '<s>', sep: '</s>' },
    template: { kind: 'wrap', before: [], after: ['</s>', 'en_XX'] },
    decoderStart: '</s>',
    config: { src_lang: 'en_XX', tgt_lang: 'ro_RO' },
  },
  m2m_100: {
    specials: { leading: ROBERTA_LEADING, trailing: M2M_LANGUAGES.map((l) => `__${l}__`), bos: '<s>', eos: '</s>', pad: '<pad>', unk: '<unk>', sep: '</s>' },
    template: { kind: 'wrap', before: ['__en__'], after: ['</s>'] },
    decoderStart: '</s>',
    config: { src_lang: 'en', tgt_lang: 'fr' },
  },
  // Whisper's control tokens follow the text vocabulary; `<|notimestamps|>` is last, so no id is a
  // timestamp token (transformers.js treats every id above it as one).
  whisper: {
    specials: {
      leading: [],
      trailing: [ENDOFTEXT, '<|startoftranscript|>', ...WHISPER_LANGUAGES.map((l) => `<|${l}|>`), ...WHISPER_CONTROL],
      bos: ENDOFTEXT,
      eos: ENDOFTEXT,
      pad: ENDOFTEXT,
      unk: ENDOFTEXT,
    },
    template: { kind: 'none' },
    decoderStart: '<|startoftranscript|>',
  },
  // Donut (XLM-R's specials) with the DocVQA task tags it was fine-tuned with; decoding starts from the prompt the pipeline passes.
  donut: {
    specials: { leading: ROBERTA_LEADING, trailing: [...DONUT_DOCVQA_TAGS, '<mask>'], bos: '<s>', eos: '</s>', pad: '<pad>', unk: '<unk>', mask: '<mask>', cls: '<s>', sep: '</s>' },
    template: { kind: 'roberta' },
    decoderStart: '<s>',
  },
  // Moonshine's Llama-style specials: <unk> 0, <s> 1 (the decoder start), </s> 2 (also padding).
  moonshine: {
    specials: { leading: ['<unk>', '<s>', '</s>'], trailing: [], bos: '<s>', eos: '</s>', pad: '</s>', unk: '<unk>' },
    template: { kind: 'none' },
    decoderStart: '<s>',
  },
  // Cohere ASR's control tokens, including every token CohereAsrProcessor.get_decoder_prompt_ids names
  // (the SentencePiece word mark `▁` first); decoding starts from the prompt the pipeline passes.
  cohere_asr: {
    specials: {
      leading: ['<unk>', '<pad>', ENDOFTEXT],
      trailing: ['\u2581', '<|startofcontext|>', '<|startoftranscript|>', '<|emo:undefined|>', ...COHERE_LANGUAGES.map((l) => `<|${l}|>`), '<|pnc|>', '<|nopnc|>', '<|itn|>', '<|noitn|>', '<|timestamp|>', '<|notimestamp|>', '<|diarize|>', '<|nodiarize|>'],
      eos: ENDOFTEXT,
      pad: '<pad>',
      unk: '<unk>',
    },
    template: { kind: 'none' },
    decoderStart: '<|startoftranscript|>',
  },
  gpt2: {
    specials: { leading: [], trailing: [ENDOFTEXT], bos: ENDOFTEXT, eos: ENDOFTEXT, unk: ENDOFTEXT },
    template: { kind: 'none' },
    decoderStart: ENDOFTEXT,
  },
};

export interface Seq2SeqTokenizer extends TokenizerFiles {
  decoderStartId: number;
  bosId?: number;
  eosId: number;
  padId: number;
}

export function buildSeq2SeqTokenizer(preset: Seq2SeqTokenizerPreset, tokenizerClass: string, modelMaxLength: number): Seq2SeqTokenizer {
  const { specials, template, decoderStart, config } = PRESETS[preset];
  const files = buildTokenizer(
    { kind: 'bytelevel-bpe', tokenizerClass, specials, template: template.kind === 'roberta' ? 'roberta' : 'none' },
    modelMaxLength,
  );
  const id = (token: string) => {
    const value = files.tokenToId[token];
    if (value === undefined) throw new Error(`Tiny ${preset} tokenizer: "${token}" is not in the vocabulary`);
    return value;
  };
  if (template.kind === 'wrap') files.tokenizerJson.post_processor = wrapTemplate(template.before, template.after, id);
  Object.assign(files.tokenizerConfig, config);
  const eos = specials.eos!;
  return {
    ...files,
    decoderStartId: id(decoderStart),
    bosId: specials.bos === undefined ? undefined : id(specials.bos),
    eosId: id(eos),
    padId: id(specials.pad ?? eos),
  };
}

/** `before A after` for one sequence, `before A B after` for a pair (as the real templates do). */
function wrapTemplate(before: string[], after: string[], id: (token: string) => number) {
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  const sequence = (name: 'A' | 'B') => ({ Sequence: { id: name, type_id: 0 } });
  const tokens = [...new Set([...before, ...after])];
  return {
    type: 'TemplateProcessing',
    single: [...before.map(special), sequence('A'), ...after.map(special)],
    pair: [...before.map(special), sequence('A'), sequence('B'), ...after.map(special)],
    special_tokens: Object.fromEntries(tokens.map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
  };
}

/** Ids Whisper's generation config names: languages, tasks, `<|notimestamps|>`. */
export function whisperTokenIds(tokenizer: TokenizerFiles) {
  const id = (token: string) => tokenizer.tokenToId[token]!;
  return {
    langToId: Object.fromEntries(WHISPER_LANGUAGES.map((l) => [`<|${l}|>`, id(`<|${l}|>`)])),
    taskToId: { transcribe: id('<|transcribe|>'), translate: id('<|translate|>') },
    noTimestamps: id('<|notimestamps|>'),
  };
}
