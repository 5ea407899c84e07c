import { BERT_SPECIALS, robertaBpe, type SpecialTokens, type TokenizerStyle } from './tokenizer';
import { WINDOW_STATE_LENGTH } from './decoder';
import { cycle } from './layers';
import { mediaArchitectureFor, mediaCoverage, type MediaKind } from './media-families';
import { seq2seqArchitectureFor, seq2seqCoverage } from './seq2seq-families';
import { modelClassArchitectureFor, modelClassCoverage, type ModelClassKind } from './model-class-families';
import { QWEN_VL_DECODERS } from './qwen-vl-families';
import { vlmArchitectureFor, vlmCoverage, type VlmKind } from './vlm-families';
import { visionHeadArchitectureFor, visionHeadCoverage } from './vision-head-families';
import { DECODER_BASE_MODELS } from './decoder-base-models';

/**
 * Which tiny architecture covers which Hugging Face `model_type`, and how its files must look
 * for transformers.js 4.3.1 to take that family's real code path. Facts below were read from the
 * transformers.js source (`configs.js` getNormalizedConfig/getCacheNames, `models/registry.js`,
 * the tokenizer classes) and from optimum's ONNX export configs (which inputs each family has).
 */

export const ENCODER_TASKS = [
  'fill-mask',
  'text-classification',
  'token-classification',
  'question-answering',
  'feature-extraction',
  'zero-shot-classification',
] as const;
export type EncoderTask = (typeof ENCODER_TASKS)[number];

export const DECODER_TASKS = ['text-generation', 'feature-extraction'] as const;
export type DecoderTask = (typeof DECODER_TASKS)[number];

/**
 * The class transformers.js loads for a decoder family and task: its causal LM for text-generation,
 * its AutoModel class (the base model, `last_hidden_state`) for feature-extraction. Undefined when
 * transformers.js has none: multimodal families' types are not in MODEL_MAPPING_NAMES_DECODER_ONLY.
 */
export function decoderClassFor(modelType: string, family: DecoderFamily, task: string): string | undefined {
  if (task === 'text-generation') return family.causalLmClass;
  if (task === 'feature-extraction' && !family.multimodal && !DECODER_TASK_REASONS[modelType]?.[task]) return DECODER_BASE_MODELS[modelType];
  return undefined;
}

/** Decoder tasks transformers.js 4.3.1 has a class for but cannot run, measured on the tiny models. */
const DECODER_TASK_REASONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  hrm_text: {
    'feature-extraction':
      'HrmTextModel (AutoModel) runs decoder_forward on this.tokenizer(texts), but HRM-Text is a PrefixLM whose graph reads ' +
      'token_type_ids (1 inside the bidirectional prefix): only HrmTextForCausalLM.prepare_inputs_for_generation makes them and its ' +
      'tokenizer returns none, so the session throws "Missing the following inputs: token_type_ids"',
  },
};

/** The tasks a decoder family's tiny models cover. */
export function decoderTasksOf(modelType: string, family: DecoderFamily): DecoderTask[] {
  return DECODER_TASKS.filter((task) => decoderClassFor(modelType, family, task) !== undefined);
}

export type TinyKind = 'encoder' | 'decoder' | MediaKind | 'seq2seq' | ModelClassKind | VlmKind;

/** Pipeline task aliases transformers.js accepts, mapped to the canonical task. */
const TASK_ALIASES: Record<string, string> = {
  'sentiment-analysis': 'text-classification',
  ner: 'token-classification',
};

export function canonicalTask(task: string): string {
  return TASK_ALIASES[task] ?? task;
}

export interface EncoderFamily {
  kind: 'encoder';
  /** Class-name prefix transformers uses, e.g. `Bert` → `BertForMaskedLM`. */
  classPrefix: string;
  tokenizer: TokenizerStyle;
  /** optimum exports `token_type_ids` for BERT-like configs only (not RoBERTa/DistilBERT-like). */
  tokenTypeIds: boolean;
  /** Tasks transformers.js has a model class for (fill-mask → ForMaskedLM, ...). */
  tasks: readonly EncoderTask[];
  configExtras?: Record<string, unknown>;
  /** Class names that do not follow `<prefix><task suffix>` (XLM's fill-mask class is `XLMWithLMHeadModel`). */
  classNames?: Partial<Record<EncoderTask, string>>;
}

/**
 * How a decoder family names its size fields in `config.json`. transformers.js reads the layer
 * count through these names to build the empty KV cache, so a wrong name means "missing inputs".
 */
export type DecoderConfigScheme = 'gpt2' | 'neox' | 'llama' | 'gpt_neo' | 'bloom' | 'mpt' | 'exaone' | 'mla';

export interface DecoderFamily {
  kind: 'decoder';
  causalLmClass: string;
  tokenizer: TokenizerStyle;
  configScheme: DecoderConfigScheme;
  /** optimum exports `position_ids` except for ALiBi / learned-offset families (bloom, mpt, opt). */
  positionIds: boolean;
  configExtras?: Record<string, unknown>;
  /**
   * The repeating per-layer cache layout, for families whose cache is not plain
   * `past_key_values.N.key/value`; a model of any depth repeats it cyclically.
   */
  layers?: readonly DecoderLayerSpec[];
  /** Config fields naming each layer's kind (`layer_types`...), for a model of `layers` layers: they must match its cache. */
  layerFields?: (layers: number) => Record<string, unknown>;
  /** Vision/audio-language families whose text-generation runs their text-only sessions. */
  multimodal?: MultimodalTextOnly;
  /** HRM-Text: the graph takes `token_type_ids` (transformers.js feeds 1 for the prompt pass, 0 after). */
  tokenTypeIds?: boolean;
  /**
   * Scales every attention output projection (default 1): VLM decoders read the image only through
   * attention, which a tiny random decoder's residual stream would otherwise drown out.
   */
  attentionGain?: number;
}

/**
 * transformers.js loads `<X>ForCausalLM` of a multimodal family text-only (`embed_tokens` +
 * `decoder_model_merged`) when config.architectures[0] is the family's ForConditionalGeneration
 * class; the text sizes and cache layout come from `text_config`.
 */
export interface MultimodalTextOnly {
  conditionalClass: string;
  /** `text_config.model_type`, which getNormalizedConfig / getCacheNames read. */
  textModelType: string;
  /**
   * `mrope`: Qwen-VL position_ids [3, batch, seq], the graph reading the temporal row; `mrope-thw`:
   * the same input, every row (temporal, height, width) read, so image positions count; `plain`: [batch, seq].
   */
  positions: 'plain' | 'mrope' | 'mrope-thw';
  /** Gemma-3n/4: embed_tokens also yields `per_layer_inputs`, which the decoder takes. */
  perLayerInputs?: boolean;
  /** Top-level config fields the text path reads (e.g. Qwen's vision_config.spatial_merge_size). */
  configExtras?: Record<string, unknown>;
  /** The text sizes sit at the top level, not under text_config (qwen2_vl: getNormalizedConfig reads them there). */
  topLevelSizes?: boolean;
}

/**
 * What one decoder layer caches, with the exact input names transformers.js 4.3.1 `getCacheNames`
 * derives from the config (`{i}` = layer index; outputs are the `present*` names it maps back).
 */
export interface DecoderLayerSpec {
  /** `past_key_values.{i}.key/value`, or the multi-query `past_key_values.{i}.key_value` (gpt_bigcode). */
  attention?: 'key-value' | 'combined';
  /** Short-convolution states, e.g. `past_conv.{i}`. */
  windows?: readonly string[];
  /** Linear-recurrence states (SSM / linear attention), e.g. `past_ssm.{i}`, `past_recurrent.{i}`. */
  decays?: readonly string[];
}

export type TinyFamily = EncoderFamily | DecoderFamily;

// ---- tokenizer presets -------------------------------------------------------------------------

const BERT_SPECIALS_BPE: SpecialTokens = { ...BERT_SPECIALS, lstrip: ['[MASK]'] };

const ALBERT_SPECIALS: SpecialTokens = {
  leading: ['<pad>', '<unk>', '[CLS]', '[SEP]', '[MASK]'],
  trailing: [],
  cls: '[CLS]',
  sep: '[SEP]',
  pad: '<pad>',
  unk: '<unk>',
  mask: '[MASK]',
};

const ESM_SPECIALS: SpecialTokens = {
  leading: ['<cls>', '<pad>', '<eos>', '<unk>'],
  trailing: ['<mask>'],
  cls: '<cls>',
  sep: '<eos>',
  pad: '<pad>',
  unk: '<unk>',
  mask: '<mask>',
  eos: '<eos>',
};

// XLM: `<s> A </s>` with `<special1>` as the mask token (as in xlm-mlm-en-2048).
const XLM_SPECIALS: SpecialTokens = {
  leading: ['<s>', '</s>', '<pad>', '<unk>', '<special0>', '<special1>'],
  trailing: [],
  cls: '<s>',
  sep: '</s>',
  pad: '<pad>',
  unk: '<unk>',
  mask: '<special1>',
};

const wordpiece = (tokenizerClass: string, specials = BERT_SPECIALS): TokenizerStyle => ({
  kind: 'wordpiece',
  tokenizerClass,
  specials,
});

const clsSepBpe = (tokenizerClass: string): TokenizerStyle => ({
  kind: 'bytelevel-bpe',
  tokenizerClass,
  specials: BERT_SPECIALS_BPE,
  template: 'cls-sep',
});

const ENDOFTEXT = '<|endoftext|>';
const gpt2Bpe = (tokenizerClass: string): TokenizerStyle => ({
  kind: 'bytelevel-bpe',
  tokenizerClass,
  specials: { leading: [], trailing: [ENDOFTEXT], bos: ENDOFTEXT, eos: ENDOFTEXT, unk: ENDOFTEXT },
  template: 'none',
});

const LLAMA_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'LlamaTokenizer',
  specials: { leading: ['<unk>', '<s>', '</s>'], trailing: [], bos: '<s>', eos: '</s>', unk: '<unk>' },
  template: 'bos',
  paddingSide: 'left',
};

const GEMMA_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'GemmaTokenizer',
  specials: { leading: ['<pad>', '<eos>', '<bos>', '<unk>'], trailing: [], bos: '<bos>', eos: '<eos>', pad: '<pad>', unk: '<unk>' },
  template: 'bos',
  paddingSide: 'left',
};

const QWEN_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'Qwen2Tokenizer',
  specials: { leading: [], trailing: [ENDOFTEXT, '<|im_start|>', '<|im_end|>'], eos: ENDOFTEXT, pad: ENDOFTEXT },
  template: 'none',
};

const OPT_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'GPT2Tokenizer',
  // OPT prepends `</s>` as its BOS token.
  specials: { leading: ['<s>', '<pad>', '</s>', '<unk>'], trailing: [], bos: '</s>', eos: '</s>', pad: '<pad>', unk: '</s>' },
  template: 'bos',
};

const BLOOM_TOKENIZER: TokenizerStyle = {
  kind: 'bytelevel-bpe',
  tokenizerClass: 'BloomTokenizer',
  specials: { leading: ['<unk>', '<s>', '</s>', '<pad>'], trailing: [], bos: '<s>', eos: '</s>', pad: '<pad>', unk: '<unk>' },
  template: 'none',
  paddingSide: 'left',
};

// ---- families ----------------------------------------------------------------------------------

const ALL_ENCODER_TASKS = ENCODER_TASKS;
const NO_TOKEN_CLASSIFICATION = ENCODER_TASKS.filter((t) => t !== 'token-classification');
const NO_QUESTION_ANSWERING = ENCODER_TASKS.filter((t) => t !== 'question-answering');

const encoder = (
  classPrefix: string,
  tokenizer: TokenizerStyle,
  tokenTypeIds: boolean,
  tasks: readonly EncoderTask[] = ALL_ENCODER_TASKS,
  configExtras?: Record<string, unknown>,
  classNames?: Partial<Record<EncoderTask, string>>,
): EncoderFamily => ({ kind: 'encoder', classPrefix, tokenizer, tokenTypeIds, tasks, configExtras, classNames });

const decoder = (
  causalLmClass: string,
  tokenizer: TokenizerStyle,
  configScheme: DecoderConfigScheme,
  positionIds = true,
  configExtras?: Record<string, unknown>,
  layers?: readonly DecoderLayerSpec[],
  multimodal?: MultimodalTextOnly,
): DecoderFamily => ({ kind: 'decoder', causalLmClass, tokenizer, configScheme, positionIds, configExtras, layers, multimodal });

// ---- hybrid cache layouts (patterns of 2 layers, repeated to the model's depth) -----------------

const ATTENTION: DecoderLayerSpec = { attention: 'key-value' };
const CONV: DecoderLayerSpec = { windows: ['past_conv.{i}'] };
const MAMBA: DecoderLayerSpec = { windows: ['past_conv.{i}'], decays: ['past_ssm.{i}'] };
const GATED_DELTA: DecoderLayerSpec = { windows: ['past_conv.{i}'], decays: ['past_recurrent.{i}'] };

/**
 * A hybrid decoder: its layer pattern as [the config's name for the layer kind, cache layout] pairs.
 * A model of n layers repeats the pattern to n and lists every layer's kind under `typesKey`
 * (transformers.js derives the cache names from that list); `more` adds fields derived from it.
 */
const hybrid = (
  family: DecoderFamily,
  typesKey: string,
  pattern: ReadonlyArray<readonly [string, DecoderLayerSpec]>,
  more?: (types: string[]) => Record<string, unknown>,
): DecoderFamily => ({
  ...family,
  layers: pattern.map(([, spec]) => spec),
  layerFields: (layers) => {
    const types = cycle(pattern.map(([type]) => type), layers);
    return { [typesKey]: types, ...more?.(types) };
  },
});

/** LFM2: `layer_types` of `conv` (past_conv.N) and `full_attention` layers. */
const lfm2 = (causalLmClass: string) =>
  hybrid(decoder(causalLmClass, LLAMA_TOKENIZER, 'llama', true, { conv_L_cache: WINDOW_STATE_LENGTH }), 'layer_types', [['conv', CONV], ['full_attention', ATTENTION]]);

/** Mamba hybrids: `mamba` layers cache past_conv.N + past_ssm.N, `attention` layers the KV pair. */
const mambaHybrid = (causalLmClass: string, layerTypesKey: string, more?: (types: string[]) => Record<string, unknown>) =>
  hybrid(decoder(causalLmClass, gpt2Bpe('PreTrainedTokenizerFast'), 'llama', true, {}), layerTypesKey, [['mamba', MAMBA], ['attention', ATTENTION]], more);

/** Gated-DeltaNet hybrids: `linear_attention` layers cache past_conv.N + past_recurrent.N. */
const linearAttentionHybrid = (causalLmClass: string, tokenizer: TokenizerStyle, linear: DecoderLayerSpec, positionIds = true) =>
  hybrid(decoder(causalLmClass, tokenizer, 'llama', positionIds, {}), 'layer_types', [['linear_attention', linear], ['full_attention', ATTENTION]]);

export const TINY_FAMILIES: Readonly<Record<string, TinyFamily>> = {
  // Encoders (transformers.js MODEL_MAPPING_NAMES_ENCODER_ONLY with text heads).
  bert: encoder('Bert', wordpiece('BertTokenizer'), true),
  distilbert: encoder('DistilBert', wordpiece('DistilBertTokenizer'), false),
  electra: encoder('Electra', wordpiece('ElectraTokenizer'), true),
  convbert: encoder('ConvBert', wordpiece('ConvBertTokenizer'), true),
  roformer: encoder('RoFormer', wordpiece('RoFormerTokenizer'), true),
  mobilebert: encoder('MobileBert', wordpiece('MobileBertTokenizer'), true, NO_TOKEN_CLASSIFICATION),
  squeezebert: encoder('SqueezeBert', wordpiece('SqueezeBertTokenizer'), true, NO_TOKEN_CLASSIFICATION),
  albert: encoder('Albert', wordpiece('AlbertTokenizer', ALBERT_SPECIALS), true, NO_TOKEN_CLASSIFICATION),
  // DeBERTa checkpoints have type_vocab_size 0, so their exports take no token_type_ids.
  deberta: encoder('Deberta', clsSepBpe('DebertaTokenizer'), false, ALL_ENCODER_TASKS, { type_vocab_size: 0 }),
  'deberta-v2': encoder('DebertaV2', wordpiece('DebertaV2Tokenizer'), false, ALL_ENCODER_TASKS, { type_vocab_size: 0 }),
  mpnet: encoder('MPNet', robertaBpe('MPNetTokenizer'), false),
  roberta: encoder('Roberta', robertaBpe('RobertaTokenizer'), false),
  camembert: encoder('Camembert', robertaBpe('CamembertTokenizer'), false),
  'xlm-roberta': encoder('XLMRoberta', robertaBpe('XLMRobertaTokenizer'), false),
  modernbert: encoder('ModernBert', clsSepBpe('PreTrainedTokenizerFast'), false, NO_QUESTION_ANSWERING),
  esm: encoder('Esm', wordpiece('EsmTokenizer', ESM_SPECIALS), false, NO_QUESTION_ANSWERING),
  // XLMTokenizer returns token_type_ids (XLM's language/segment embeddings).
  xlm: encoder('XLM', wordpiece('XLMTokenizer', XLM_SPECIALS), true, ALL_ENCODER_TASKS, undefined, { 'fill-mask': 'XLMWithLMHeadModel' }),
  eurobert: encoder('EuroBert', clsSepBpe('PreTrainedTokenizerFast'), false, NO_QUESTION_ANSWERING),
  // Encoder-decoders whose ForSequenceClassification export is one graph (input_ids, attention_mask
  // → logits) that transformers.js runs as an encoder; their generation tasks are seq2seq models.
  bart: encoder('Bart', robertaBpe('BartTokenizer'), false, ['text-classification', 'zero-shot-classification']),
  mbart: encoder('MBart', robertaBpe('MBartTokenizer'), false, ['text-classification', 'zero-shot-classification']),
  // Nomic's BERT variant (GPT-2-style size names); transformers.js has only the bare model.
  nomic_bert: encoder('NomicBert', wordpiece('BertTokenizer'), true, ['feature-extraction'], { n_embd: 32, n_layer: 2, n_head: 4 }),
  // A byte-level BPE tagger without special tokens around the text; transformers.js has only
  // the bare model and the token-classification head.
  openai_privacy_filter: encoder('OpenAIPrivacyFilter', gpt2Bpe('PreTrainedTokenizerFast'), false, ['token-classification', 'feature-extraction']),

  // Decoders with a plain `past_key_values.N.key/value` cache.
  gpt2: decoder('GPT2LMHeadModel', gpt2Bpe('GPT2Tokenizer'), 'gpt2'),
  gptj: decoder('GPTJForCausalLM', gpt2Bpe('GPT2Tokenizer'), 'gpt2'),
  codegen: decoder('CodeGenForCausalLM', gpt2Bpe('CodeGenTokenizer'), 'gpt2'),
  gpt_neo: decoder('GPTNeoForCausalLM', gpt2Bpe('GPT2Tokenizer'), 'gpt_neo'),
  gpt_neox: decoder('GPTNeoXForCausalLM', gpt2Bpe('GPTNeoXTokenizer'), 'neox'),
  stablelm: decoder('StableLmForCausalLM', gpt2Bpe('GPTNeoXTokenizer'), 'neox'),
  opt: decoder('OPTForCausalLM', OPT_TOKENIZER, 'neox', false),
  falcon: decoder('FalconForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'neox', true, {
    new_decoder_architecture: false,
    multi_query: false,
    alibi: false,
  }),
  'modernbert-decoder': decoder('ModernBertDecoderForCausalLM', clsSepBpe('PreTrainedTokenizerFast'), 'neox'),
  bloom: decoder('BloomForCausalLM', BLOOM_TOKENIZER, 'bloom', false),
  mpt: decoder('MptForCausalLM', gpt2Bpe('GPTNeoXTokenizer'), 'mpt', false),
  exaone: decoder('ExaoneForCausalLM', LLAMA_TOKENIZER, 'exaone'),
  phi: decoder('PhiForCausalLM', gpt2Bpe('CodeGenTokenizer'), 'llama'),
  phi3: decoder('Phi3ForCausalLM', LLAMA_TOKENIZER, 'llama'),
  llama: decoder('LlamaForCausalLM', LLAMA_TOKENIZER, 'llama'),
  llama4_text: decoder('Llama4ForCausalLM', LLAMA_TOKENIZER, 'llama'),
  mistral: decoder('MistralForCausalLM', LLAMA_TOKENIZER, 'llama'),
  ministral: decoder('MinistralForCausalLM', LLAMA_TOKENIZER, 'llama'),
  ministral3: decoder('Ministral3ForCausalLM', LLAMA_TOKENIZER, 'llama'),
  qwen2: decoder('Qwen2ForCausalLM', QWEN_TOKENIZER, 'llama'),
  qwen2_moe: decoder('Qwen2MoeForCausalLM', QWEN_TOKENIZER, 'llama'),
  qwen3: decoder('Qwen3ForCausalLM', QWEN_TOKENIZER, 'llama'),
  qwen3_moe: decoder('Qwen3MoeForCausalLM', QWEN_TOKENIZER, 'llama'),
  starcoder2: decoder('Starcoder2ForCausalLM', gpt2Bpe('GPT2Tokenizer'), 'llama'),
  olmo: decoder('OlmoForCausalLM', gpt2Bpe('GPTNeoXTokenizer'), 'llama'),
  olmo2: decoder('Olmo2ForCausalLM', gpt2Bpe('GPTNeoXTokenizer'), 'llama'),
  olmo3: decoder('Olmo3ForCausalLM', gpt2Bpe('GPT2Tokenizer'), 'llama'),
  granite: decoder('GraniteForCausalLM', gpt2Bpe('GPT2Tokenizer'), 'llama'),
  cohere: decoder('CohereForCausalLM', LLAMA_TOKENIZER, 'llama'),
  cohere2: decoder('Cohere2ForCausalLM', LLAMA_TOKENIZER, 'llama'),
  smollm3: decoder('SmolLM3ForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'llama'),
  nanochat: decoder('NanoChatForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'llama'),
  apertus: decoder('ApertusForCausalLM', LLAMA_TOKENIZER, 'llama'),
  arcee: decoder('ArceeForCausalLM', LLAMA_TOKENIZER, 'llama'),
  afmoe: decoder('AfmoeForCausalLM', LLAMA_TOKENIZER, 'llama'),
  gpt_oss: decoder('GptOssForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'llama'),
  gemma: decoder('GemmaForCausalLM', GEMMA_TOKENIZER, 'llama'),
  gemma2: decoder('Gemma2ForCausalLM', GEMMA_TOKENIZER, 'llama'),
  gemma3_text: decoder('Gemma3ForCausalLM', GEMMA_TOKENIZER, 'llama'),
  vaultgemma: decoder('VaultGemmaForCausalLM', GEMMA_TOKENIZER, 'llama'),
  glm: decoder('GlmForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'llama'),
  helium: decoder('HeliumForCausalLM', LLAMA_TOKENIZER, 'llama'),
  ernie4_5: decoder('Ernie4_5ForCausalLM', LLAMA_TOKENIZER, 'llama'),
  hunyuan_v1_dense: decoder('HunYuanDenseV1ForCausalLM', LLAMA_TOKENIZER, 'llama'),
  solar_open: decoder('SolarOpenForCausalLM', LLAMA_TOKENIZER, 'llama'),
  deepseek_v3: decoder('DeepseekV3ForCausalLM', LLAMA_TOKENIZER, 'mla'),
  // Mistral 4: multi-head latent attention like DeepSeek-V3 (configs.js reads qk_head_dim for its cache).
  mistral4: decoder('Mistral4ForCausalLM', LLAMA_TOKENIZER, 'mla'),
  glm_moe_dsa: decoder('GlmMoeDsaForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'mla'),
  youtu: decoder('YoutuForCausalLM', LLAMA_TOKENIZER, 'mla'),

  // Multi-query: transformers.js reads `multi_query` and caches one `past_key_values.N.key_value` per layer.
  gpt_bigcode: decoder('GPTBigCodeForCausalLM', gpt2Bpe('GPT2Tokenizer'), 'gpt2', true, { multi_query: true }, [{ attention: 'combined' }]),

  // Hybrid caches: recurrent / convolution states next to past_key_values.
  lfm2: lfm2('Lfm2ForCausalLM'),
  lfm2_moe: lfm2('Lfm2MoeForCausalLM'),
  granitemoehybrid: mambaHybrid('GraniteMoeHybridForCausalLM', 'layer_types'),
  // Nemotron-H's config also spells the layer kinds as one character each (M = Mamba, * = attention).
  nemotron_h: mambaHybrid('NemotronHForCausalLM', 'layers_block_type', (types) => ({ hybrid_override_pattern: types.map((t) => (t === 'mamba' ? 'M' : '*')).join('') })),
  // Falcon-H1 runs attention and Mamba side by side in every layer (its config has no layer types).
  falcon_h1: decoder('FalconH1ForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'llama', true, {}, [{ ...ATTENTION, ...MAMBA }]),
  qwen3_next: linearAttentionHybrid('Qwen3NextForCausalLM', QWEN_TOKENIZER, GATED_DELTA),
  // Qwen3.5's class computes 3-D mrope position_ids from config.vision_config, which a text-only
  // qwen3_5_text config does not have; it skips that when the graph takes no position_ids.
  qwen3_5_text: linearAttentionHybrid('Qwen3_5ForCausalLM', QWEN_TOKENIZER, GATED_DELTA, false),
  // Multimodal families, text-only: embed_tokens + decoder_model_merged, sizes under text_config.
  gemma3: decoder('Gemma3ForCausalLM', GEMMA_TOKENIZER, 'llama', true, undefined, undefined, {
    conditionalClass: 'Gemma3ForConditionalGeneration',
    textModelType: 'gemma3_text',
    positions: 'plain',
  }),
  gemma3n: decoder('Gemma3nForCausalLM', GEMMA_TOKENIZER, 'llama', true, undefined, undefined, {
    conditionalClass: 'Gemma3nForConditionalGeneration',
    textModelType: 'gemma3n_text',
    positions: 'plain',
    perLayerInputs: true,
  }),
  gemma4: decoder('Gemma4ForCausalLM', GEMMA_TOKENIZER, 'llama', true, { num_kv_shared_layers: 0 }, undefined, {
    conditionalClass: 'Gemma4ForConditionalGeneration',
    textModelType: 'gemma4_text',
    positions: 'plain',
    perLayerInputs: true,
  }),
  qwen3_5: hybrid(decoder('Qwen3_5ForCausalLM', QWEN_TOKENIZER, 'llama', true, {}, undefined, {
    conditionalClass: 'Qwen3_5ForConditionalGeneration',
    textModelType: 'qwen3_5_text',
    positions: 'mrope',
    configExtras: { vision_config: { spatial_merge_size: 2 } },
  }), 'layer_types', [['linear_attention', GATED_DELTA], ['full_attention', ATTENTION]]),
  qwen3_5_moe: hybrid(decoder('Qwen3_5MoeForCausalLM', QWEN_TOKENIZER, 'llama', true, {}, undefined, {
    conditionalClass: 'Qwen3_5MoeForConditionalGeneration',
    textModelType: 'qwen3_5_moe_text',
    positions: 'mrope',
    configExtras: { vision_config: { spatial_merge_size: 2 } },
  }), 'layer_types', [['linear_attention', GATED_DELTA], ['full_attention', ATTENTION]]),
  // Qwen2-VL, Qwen2.5-VL, Qwen3-VL(-MoE): their ForCausalLM classes, text-only (see qwen-vl-families.ts).
  ...QWEN_VL_DECODERS,
  hrm_text: { ...decoder('HrmTextForCausalLM', gpt2Bpe('PreTrainedTokenizerFast'), 'llama'), tokenTypeIds: true },
  // OLMo-Hybrid keeps separate query/key/value convolution states.
  olmo_hybrid: linearAttentionHybrid('OlmoHybridForCausalLM', gpt2Bpe('GPT2Tokenizer'), {
    windows: ['past_conv.{i}.key', 'past_conv.{i}.value', 'past_conv.{i}.query'],
    decays: ['past_recurrent.{i}'],
  }),
  // Zaya: every layer (cca_time1 = 1) caches key, value, conv_state and shift_state under past_key_values.N.
  zaya: decoder('ZayaForCausalLM', LLAMA_TOKENIZER, 'llama', true, { cca_time1: 1 }, [
    { attention: 'key-value', windows: ['past_key_values.{i}.conv_state'], decays: ['past_key_values.{i}.shift_state'] },
  ]),
  // DeepSeek-V4: sliding-attention layers cache only the KV pair; compressed-sparse-attention layers
  // add compressor and indexer states.
  deepseek_v4: hybrid(decoder('DeepseekV4ForCausalLM', LLAMA_TOKENIZER, 'llama', true, {}), 'layer_types', [
    ['sliding_attention', ATTENTION],
    [
      'compressed_sparse_attention',
      {
        attention: 'key-value',
        windows: ['past_compressor.{i}.kv', 'past_indexer.{i}.kv'],
        decays: ['past_compressor.{i}.gate', 'past_indexer.{i}.gate'],
      },
    ],
  ]),
};

/** Families transformers.js runs but whose graphs no tiny builder writes yet, with the reason. */
const AUDIO_LLM_REASON =
  'transformers.js 4.3.1 maps it only in MODEL_FOR_AUDIO_TEXT_TO_TEXT_MAPPING_NAMES (audio_encoder + embed_tokens + decoder_model_merged sessions) and has no audio-text-to-text pipeline, while its automatic-speech-recognition pipeline dispatches on model_type and throws "AutomaticSpeechRecognitionPipeline does not support model type" for it, so no pipeline task can run it';

const UNSUPPORTED_REASONS: Readonly<Record<string, string>> = {
  // Audio LLMs: an audio encoder whose embeddings are spliced into a chat decoder's input embeddings.
  granite_speech: AUDIO_LLM_REASON,
  voxtral: AUDIO_LLM_REASON,
  voxtral_realtime: AUDIO_LLM_REASON,
};

/** Why transformers.js 4.3.1 runs no task of this model type at all, when that is known. */
export function unsupportedTypeReason(modelType: string): string | undefined {
  const known = UNSUPPORTED_REASONS[modelType];
  return known ? `${modelType}: ${known}` : undefined;
}

/** Why the standalone ForCausalLM class of an encoder-decoder family gets no tiny text-generation model. */
const CAUSAL_LM_REASONS: Readonly<Record<string, string>> = Object.fromEntries(
  ['mbart', 'trocr'].map((t) => [
    t,
    'transformers.js 4.3.1 maps its config only to num_decoder_layers / num_encoder_layers: with is_encoder_decoder false ' +
      '(a causal-LM config) getKeyValueNames finds no num_layers and names no cache, so generation feeds only the last token ' +
      '(context silently dropped); with is_encoder_decoder true generate() takes the seq2seq path and runs an encoder the ' +
      'ForCausalLM model does not have',
  ]),
);

export type TinyArchitecture =
  | {
      supported: true;
      kind: TinyKind;
      modelType: string;
      /** Canonical task (aliases such as `sentiment-analysis` resolved). */
      task: string;
      /** The transformers class name written to `config.architectures`. */
      architecture: string;
    }
  | { supported: false; reason: string };

const ENCODER_CLASS_SUFFIX: Record<EncoderTask, string> = {
  'fill-mask': 'ForMaskedLM',
  'text-classification': 'ForSequenceClassification',
  'zero-shot-classification': 'ForSequenceClassification',
  'token-classification': 'ForTokenClassification',
  'question-answering': 'ForQuestionAnswering',
  'feature-extraction': 'Model',
};

/** Says which tiny architecture covers `(modelType, task)`, or exactly why none does. */
export function tinyArchitectureFor(modelType: string, task: string): TinyArchitecture {
  if (typeof modelType !== 'string' || modelType.trim() === '') {
    return { supported: false, reason: 'model_type must be a non-empty string' };
  }
  if (typeof task !== 'string' || task.trim() === '') {
    return { supported: false, reason: 'task must be a non-empty string' };
  }
  const causalLmReason = canonicalTask(task) === 'text-generation' ? CAUSAL_LM_REASONS[modelType] : undefined;
  if (causalLmReason) return { supported: false, reason: `${modelType} (text-generation): ${causalLmReason}` };
  const vlm = vlmArchitectureFor(modelType, canonicalTask(task));
  if (vlm) return vlm;
  const visionHead = visionHeadArchitectureFor(modelType, canonicalTask(task));
  if (visionHead) return visionHead;
  const media = mediaArchitectureFor(modelType, task);
  if (media) return media;
  const modelClass = modelClassArchitectureFor(modelType, canonicalTask(task));
  if (modelClass) return modelClass;
  const family = TINY_FAMILIES[modelType];
  const encoderTask = family?.kind === 'encoder' && (family.tasks as readonly string[]).includes(canonicalTask(task));
  const seq2seq = encoderTask ? undefined : seq2seqArchitectureFor(modelType, canonicalTask(task));
  if (seq2seq) return seq2seq;
  if (!family) {
    const known = UNSUPPORTED_REASONS[modelType];
    return { supported: false, reason: known ? `${modelType}: ${known}` : `no tiny builder for model_type "${modelType}"` };
  }
  const canonical = canonicalTask(task);
  if (family.kind === 'encoder') {
    if (!(family.tasks as readonly string[]).includes(canonical)) {
      return {
        supported: false,
        reason: `transformers.js has no ${modelType} class for task "${canonical}" (tiny ${modelType} covers: ${family.tasks.join(', ')})`,
      };
    }
    const encoderTask = canonical as EncoderTask;
    const architecture = family.classNames?.[encoderTask] ?? `${family.classPrefix}${ENCODER_CLASS_SUFFIX[encoderTask]}`;
    return { supported: true, kind: 'encoder', modelType, task: canonical, architecture };
  }
  const decoderClass = decoderClassFor(modelType, family, canonical);
  const decoderReason = DECODER_TASK_REASONS[modelType]?.[canonical];
  if (decoderReason) return { supported: false, reason: `${modelType} (${canonical}): transformers.js 4.3.1: ${decoderReason}` };
  if (!decoderClass) {
    return {
      supported: false,
      reason: `tiny ${modelType} decoders are built for ${decoderTasksOf(modelType, family).join(' and ')} only, not "${canonical}"`,
    };
  }
  return { supported: true, kind: 'decoder', modelType, task: canonical, architecture: decoderClass };
}

/** Every (model_type, task) pair the tiny builder covers, e.g. for a test matrix. */
export function tinyCoverage(): Array<{ modelType: string; task: string; kind: TinyKind }> {
  return [...Object.entries(TINY_FAMILIES).flatMap(([modelType, family]) =>
    (family.kind === 'encoder' ? family.tasks : decoderTasksOf(modelType, family)).map((task) => ({ modelType, task, kind: family.kind })),
  ), ...mediaCoverage(), ...visionHeadCoverage(), ...seq2seqCoverage(), ...modelClassCoverage(), ...vlmCoverage()];
}
