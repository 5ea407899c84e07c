/**
 * Hand-written `tokenizer.json` + `tokenizer_config.json` for tiny models, in the two shapes the
 * real families use: BERT-style WordPiece (lower-cased) and GPT-2-style byte-level BPE. Both cover
 * any input: WordPiece falls back to single characters, byte-level BPE to the 256 byte symbols.
 */

/** Common English words (plus a few domain words seen in model tests) that become whole tokens. */
const COMMON_WORDS = [
  'the', 'a', 'an', 'is', 'was', 'are', 'were', 'be', 'been', 'of', 'to', 'in', 'and', 'on', 'for', 'with', 'this',
  'that', 'it', 'i', 'you', 'he', 'she', 'we', 'they', 'my', 'your', 'his', 'her', 'our', 'their', 'not', 'no', 'yes',
  'do', 'does', 'did', 'have', 'has', 'had', 'will', 'can', 'would', 'could', 'should', 'from', 'at', 'by', 'as',
  'about', 'all', 'but', 'or', 'if', 'so', 'up', 'out', 'what', 'who', 'where', 'when', 'how', 'why', 'which', 'there',
  'here', 'one', 'two', 'three', 'first', 'last', 'very', 'good', 'bad', 'great', 'best', 'love', 'like', 'hate',
  'happy', 'sad', 'new', 'old', 'big', 'small', 'day', 'today', 'time', 'year', 'world', 'hello', 'name', 'people',
  'man', 'woman', 'king', 'queen', 'boy', 'girl', 'cat', 'dog', 'sat', 'mat', 'house', 'car', 'city', 'capital',
  'paris', 'france', 'movie', 'film', 'book', 'music', 'food', 'water', 'weather', 'nice', 'sun', 'go', 'went',
  'come', 'see', 'know', 'think', 'make', 'say', 'said', 'work', 'play', 'eat', 'once', 'upon', 'lived', 'little',
  'story', 'future', 'model', 'text', 'language', 'transformer', 'transformers', 'test', 'example', 'sentence',
  'question', 'answer', 'science', 'computer', 'machine', 'learning', 'data', 'positive', 'negative',
];

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const LETTERS_AND_DIGITS = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface SpecialTokens {
  /** Tokens in id order at the start of the vocabulary. */
  leading: string[];
  /** Tokens appended after the learned vocabulary (e.g. RoBERTa's `<mask>`, GPT-2's `<|endoftext|>`). */
  trailing: string[];
  /** Tokens whose left whitespace is absorbed when matched (RoBERTa's `<mask>`). */
  lstrip?: string[];
  cls?: string;
  sep?: string;
  pad?: string;
  unk?: string;
  mask?: string;
  bos?: string;
  eos?: string;
}

export type TokenizerStyle =
  | { kind: 'wordpiece'; tokenizerClass: string; specials: SpecialTokens }
  | {
      kind: 'bytelevel-bpe';
      tokenizerClass: string;
      specials: SpecialTokens;
      /** How special tokens wrap a sequence. */
      template: 'roberta' | 'cls-sep' | 'bos' | 'none';
      paddingSide?: 'left' | 'right';
    };

export interface TokenizerFiles {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  vocabSize: number;
  /** Ids of every special token (so a decoder can avoid emitting them). */
  specialIds: number[];
  /** Byte-level symbols for control bytes and partial UTF-8 sequences (decode to unreadable text). */
  unprintableIds: number[];
  tokenToId: Record<string, number>;
}

/** BERT's WordPiece specials (`[CLS] … [SEP]`). */
export const BERT_SPECIALS: SpecialTokens = {
  leading: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'],
  trailing: [],
  cls: '[CLS]',
  sep: '[SEP]',
  pad: '[PAD]',
  unk: '[UNK]',
  mask: '[MASK]',
};

/** RoBERTa's byte-level BPE specials (`<s> … </s>`, `<mask>` stripping the space before it). */
const ROBERTA_SPECIALS: SpecialTokens = {
  leading: ['<s>', '<pad>', '</s>', '<unk>'],
  trailing: ['<mask>'],
  lstrip: ['<mask>'],
  cls: '<s>',
  sep: '</s>',
  pad: '<pad>',
  unk: '<unk>',
  mask: '<mask>',
  bos: '<s>',
  eos: '</s>',
};

/** A RoBERTa-style tokenizer under the family's own tokenizer class. */
export const robertaBpe = (tokenizerClass: string): TokenizerStyle => ({
  kind: 'bytelevel-bpe',
  tokenizerClass,
  specials: ROBERTA_SPECIALS,
  template: 'roberta',
});

export function buildTokenizer(style: TokenizerStyle, modelMaxLength: number): TokenizerFiles {
  return style.kind === 'wordpiece' ? buildWordPiece(style, modelMaxLength) : buildByteLevelBpe(style, modelMaxLength);
}

function buildWordPiece(style: Extract<TokenizerStyle, { kind: 'wordpiece' }>, modelMaxLength: number): TokenizerFiles {
  const { specials } = style;
  const vocab = new VocabBuilder();
  specials.leading.forEach((t) => vocab.add(t));
  for (const ch of LETTERS_AND_DIGITS + PUNCTUATION) vocab.add(ch);
  for (const ch of LETTERS_AND_DIGITS) vocab.add(`##${ch}`);
  COMMON_WORDS.forEach((w) => vocab.add(w));
  specials.trailing.forEach((t) => vocab.add(t));

  const cls = required(specials.cls, 'cls');
  const sep = required(specials.sep, 'sep');
  const unk = required(specials.unk, 'unk');
  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(specials, vocab),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: clsSepTemplate(cls, sep, vocab),
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: unk,
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: vocab.toObject(),
    },
  };
  return finish(style, tokenizerJson, vocab, modelMaxLength, { do_lower_case: true });
}

function buildByteLevelBpe(style: Extract<TokenizerStyle, { kind: 'bytelevel-bpe' }>, modelMaxLength: number): TokenizerFiles {
  const { specials } = style;
  const vocab = new VocabBuilder();
  specials.leading.forEach((t) => vocab.add(t));
  const { byteSymbols, merges, mergedTokens } = byteLevelBpeCore();
  byteSymbols.forEach((s) => vocab.add(s));
  mergedTokens.forEach((t) => vocab.add(t));
  specials.trailing.forEach((t) => vocab.add(t));

  let postProcessor: Record<string, unknown>;
  if (style.template === 'roberta') {
    const cls = required(specials.cls, 'cls');
    const sep = required(specials.sep, 'sep');
    postProcessor = {
      type: 'RobertaProcessing',
      sep: [sep, vocab.id(sep)],
      cls: [cls, vocab.id(cls)],
      trim_offsets: true,
      add_prefix_space: false,
    };
  } else if (style.template === 'cls-sep') {
    postProcessor = clsSepTemplate(required(specials.cls, 'cls'), required(specials.sep, 'sep'), vocab);
  } else if (style.template === 'bos') {
    const bos = required(specials.bos, 'bos');
    postProcessor = {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: bos, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: bos, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: bos, type_id: 1 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { [bos]: { id: bos, ids: [vocab.id(bos)], tokens: [bos] } },
    };
  } else {
    postProcessor = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  }

  const tokenizerJson = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(specials, vocab),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: postProcessor,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: vocab.toObject(),
      merges: [...merges],
    },
  };
  const extra: Record<string, unknown> = { add_prefix_space: false };
  if (style.template === 'bos') extra.add_bos_token = true;
  if (style.paddingSide) extra.padding_side = style.paddingSide;
  const files = finish(style, tokenizerJson, vocab, modelMaxLength, extra);
  const printableAscii = (b: number) => b >= 0x20 && b <= 0x7e;
  files.unprintableIds = byteSymbols.filter((_, b) => !printableAscii(b)).map((symbol) => vocab.id(symbol));
  return files;
}

function finish(
  style: TokenizerStyle,
  tokenizerJson: Record<string, unknown>,
  vocab: VocabBuilder,
  modelMaxLength: number,
  extra: Record<string, unknown>,
): TokenizerFiles {
  const { specials } = style;
  const tokenizerConfig: Record<string, unknown> = {
    tokenizer_class: style.tokenizerClass,
    model_max_length: modelMaxLength,
    clean_up_tokenization_spaces: true,
    ...extra,
  };
  const roles = ['bos', 'eos', 'unk', 'sep', 'pad', 'cls', 'mask'] as const;
  for (const role of roles) {
    const token = specials[role];
    if (token !== undefined) tokenizerConfig[`${role}_token`] = token;
  }
  const specialIds = [...specials.leading, ...specials.trailing].map((t) => vocab.id(t));
  return { tokenizerJson, tokenizerConfig, vocabSize: vocab.size, specialIds, unprintableIds: [], tokenToId: vocab.toObject() };
}

function addedTokens(specials: SpecialTokens, vocab: VocabBuilder) {
  const lstrip = new Set(specials.lstrip ?? []);
  return [...specials.leading, ...specials.trailing].map((content) => ({
    id: vocab.id(content),
    content,
    single_word: false,
    lstrip: lstrip.has(content),
    rstrip: false,
    normalized: false,
    special: true,
  }));
}

/** BERT's `[CLS] A [SEP]` / `[CLS] A [SEP] B [SEP]` template, with segment ids for the pair. */
function clsSepTemplate(cls: string, sep: string, vocab: VocabBuilder) {
  return {
    type: 'TemplateProcessing',
    single: [
      { SpecialToken: { id: cls, type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: sep, type_id: 0 } },
    ],
    pair: [
      { SpecialToken: { id: cls, type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: sep, type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } },
      { SpecialToken: { id: sep, type_id: 1 } },
    ],
    special_tokens: {
      [cls]: { id: cls, ids: [vocab.id(cls)], tokens: [cls] },
      [sep]: { id: sep, ids: [vocab.id(sep)], tokens: [sep] },
    },
  };
}

interface ByteLevelBpeCore {
  byteSymbols: string[];
  merges: string[];
  /** The token each merge makes, in merge order. */
  mergedTokens: string[];
}

let bpeCore: ByteLevelBpeCore | undefined;

/** What every byte-level BPE shares whatever its special tokens: computed once, as every tiny decoder builds one. */
function byteLevelBpeCore(): ByteLevelBpeCore {
  if (bpeCore) return bpeCore;
  const byteSymbols = byteToUnicodeTable();
  const merges: string[] = [];
  const mergedTokens: string[] = [];
  const seenMerges = new Set<string>();
  for (const word of COMMON_WORDS) {
    // Each word with and without its leading space (`Ġ`), merged left to right into one token.
    for (const surface of [word, ` ${word}`]) {
      const symbols = [...Buffer.from(surface, 'utf8')].map((b) => byteSymbols[b]!);
      let current = symbols[0]!;
      for (const next of symbols.slice(1)) {
        const merge = `${current} ${next}`;
        current += next;
        if (!seenMerges.has(merge)) {
          seenMerges.add(merge);
          merges.push(merge);
          mergedTokens.push(current);
        }
      }
    }
  }
  bpeCore = { byteSymbols, merges, mergedTokens };
  return bpeCore;
}

/** GPT-2's reversible byte → printable-unicode table (printable bytes map to themselves). */
function byteToUnicodeTable(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const table: string[] = [];
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    table.push(String.fromCodePoint(printable(b) ? b : 256 + shifted++));
  }
  return table;
}

class VocabBuilder {
  private readonly ids = new Map<string, number>();

  add(token: string): void {
    if (!this.ids.has(token)) this.ids.set(token, this.ids.size);
  }

  id(token: string): number {
    const id = this.ids.get(token);
    if (id === undefined) throw new Error(`Tiny tokenizer: token "${token}" is not in the vocabulary`);
    return id;
  }

  get size(): number {
    return this.ids.size;
  }

  /**
   * Token → id, keys in the same order as `Object.fromEntries` gives them (so the same JSON). No
   * prototype: assigning a thousand keys to one is ~20× faster, which was most of a tiny build.
   */
  toObject(): Record<string, number> {
    const byToken: Record<string, number> = Object.create(null);
    for (const [token, id] of this.ids) byToken[token] = id;
    return byToken;
  }
}

function required(token: string | undefined, role: string): string {
  if (token === undefined) throw new Error(`Tiny tokenizer: this tokenizer style needs a ${role} token`);
  return token;
}
