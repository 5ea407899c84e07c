import { OnnxGraphBuilder, type Dim } from './onnx';
import type { TokenizerFiles } from './tokenizer';

/**
 * ONNX graphs of the tiny encoder-decoders: an encoder (`onnx/encoder_model.onnx`) and a merged
 * decoder with a KV cache (`onnx/decoder_model_merged.onnx`), with the input/output names
 * transformers.js 4.3.1 feeds and reads (`seq2seq_forward`, `decoder_forward`, `getCacheNames`).
 * The layers are small pre-norm transformers with real masked attention, so every output depends on
 * every unmasked input, and a decoder step depends on the encoder output and on its own past.
 */
export const SEQ2SEQ_SIZES = {
  hidden: 32,
  heads: 4,
  headDim: 8,
  ffn: 64,
  encoderLayers: 2,
  decoderLayers: 2,
  /** Source and target position tables of the text families (tokenizer model_max_length). */
  maxPositions: 512,
} as const;

/**
 * Whisper's real geometry (80 mel bins, 10 ms hop, 20 ms per encoder position — frames halved by
 * the second conv) over a 3 s window instead of 30 s: the JS log-mel spectrogram of 30 s alone
 * costs ~350 ms per call, which would dominate every tiny measurement. transformers.js reads the
 * window from `preprocessor_config.json` and `max_source_positions`, so its code path is unchanged.
 */
export const WHISPER_SIZES = { melBins: 80, chunkSeconds: 3, frames: 300, maxSourcePositions: 150, maxTargetPositions: 448 } as const;

/** A ViT encoder over 32×32 RGB images in 8×8 patches: 16 patch tokens plus [CLS]. */
export const VISION_SIZES = { imageSize: 32, patchSize: 8, channels: 3 } as const;

/** Logit bias for special and unprintable tokens (greedy decoding then never stops early). */
const SUPPRESSED_LOGIT_BIAS = -1e4;
const MASKED = -1e9;
/**
 * Cross-attention averages over many source positions, which shrinks what tells two sources
 * apart; a larger output projection keeps the encoder's say in the next token comparable to the
 * token embeddings', so different inputs really yield different generations.
 */
const CROSS_ATTENTION_GAIN = 4;

/** `embeds`: `inputs_embeds` + `attention_mask` (Florence-2's encoder, fed image features and prompt embeddings). */
type Encoding = 'text' | 'speech' | 'vision' | 'waveform' | 'log-mel' | 'embeds';

/** Mel bins of the log-mel (Cohere ASR) encoder: Parakeet-style features, 128 in the real checkpoint. */
export const LOG_MEL_BINS = 16;

/** Samples per encoder position of the raw-waveform (Moonshine) encoder: 20 ms at 16 kHz (real Moonshine: 24 ms). */
export const WAVEFORM_FRAME_SAMPLES = 320;

/** Per-layer pre-norm blocks shared by the encoder and decoder graphs. */
export class Blocks {
  private readonly ones: string;
  private readonly zeros: string;

  constructor(private readonly g: OnnxGraphBuilder) {
    const { hidden } = SEQ2SEQ_SIZES;
    this.ones = g.floatTensor('norm.ones', [hidden], new Float32Array(hidden).fill(1));
    this.zeros = g.floatTensor('norm.zeros', [hidden], new Float32Array(hidden));
  }

  norm(x: string): string {
    return this.g.node('LayerNormalization', [x, this.ones, this.zeros], { axis: -1 });
  }

  /** [batch, seq, hidden] → [batch, heads, seq, head_dim] through a fresh projection. */
  projectHeads(x: string, name: string): string {
    const { hidden, heads, headDim } = SEQ2SEQ_SIZES;
    const projected = this.g.node('MatMul', [x, this.g.randomWeight(name, [hidden, heads * headDim], 1 / Math.sqrt(hidden))]);
    return this.g.node('Transpose', [this.g.node('Reshape', [projected, this.g.ints([0, 0, heads, headDim])])], { perm: [0, 2, 1, 3] });
  }

  /**
   * Scaled dot-product attention of `query` over `key`/`value`, plus an additive `bias`; back to
   * [batch, seq, hidden], its output projection scaled by `gain`.
   */
  attend(prefix: string, query: string, key: string, value: string, bias?: string, gain = 1): string {
    const { hidden, heads, headDim } = SEQ2SEQ_SIZES;
    const g = this.g;
    let scores = g.node('Div', [g.node('MatMul', [query, g.node('Transpose', [key], { perm: [0, 1, 3, 2] })]), g.scalar(Math.sqrt(headDim))]);
    if (bias) scores = g.node('Add', [scores, bias]);
    const attended = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), value]);
    const merged = g.node('Reshape', [g.node('Transpose', [attended], { perm: [0, 2, 1, 3] }), g.ints([0, 0, heads * headDim])]);
    return g.node('MatMul', [merged, g.randomWeight(`${prefix}.o_proj.weight`, [heads * headDim, hidden], gain / Math.sqrt(heads * headDim))]);
  }

  mlp(prefix: string, x: string): string {
    const { hidden, ffn } = SEQ2SEQ_SIZES;
    const g = this.g;
    const up = g.node('Tanh', [g.node('MatMul', [x, g.randomWeight(`${prefix}.fc1.weight`, [hidden, ffn], 1 / Math.sqrt(hidden))])]);
    return g.node('MatMul', [up, g.randomWeight(`${prefix}.fc2.weight`, [ffn, hidden], 1 / Math.sqrt(ffn))]);
  }

  /** One encoder layer: self-attention (with a key-padding bias when given) then an MLP. */
  encoderLayer(layer: number, x: string, bias?: string): string {
    const prefix = `encoder.layers.${layer}`;
    const h = this.norm(x);
    const attended = this.attend(`${prefix}.self_attn`, this.projectHeads(h, `${prefix}.self_attn.q_proj.weight`), this.projectHeads(h, `${prefix}.self_attn.k_proj.weight`), this.projectHeads(h, `${prefix}.self_attn.v_proj.weight`), bias);
    x = this.g.node('Add', [x, attended]);
    return this.g.node('Add', [x, this.mlp(`${prefix}.mlp`, this.norm(x))]);
  }

  /** Positions `start … start+length-1` looked up in a learned table. */
  positions(table: string, start: string, length: string): string {
    const range = this.g.node('Range', [start, this.g.node('Add', [start, length]), this.g.ints(1)]);
    return this.g.node('Gather', [table, range], { axis: 0 });
  }
}

/** `Shape(x)[axis]` as an int64 scalar. */
export function dimOf(g: OnnxGraphBuilder, x: string, axis: number): string {
  return g.node('Gather', [g.node('Shape', [x]), g.ints(axis)], { axis: 0 });
}

/**
 * The encoder: `input_ids` + `attention_mask` (text; `inputs_embeds` + `attention_mask` for embeds), `input_features` [batch, 80, frames] (Whisper:
 * two 1-D convolutions, the second with stride 2) or `pixel_values` [batch, 3, 32, 32] (ViT: 8×8
 * patches plus a [CLS] token) → `last_hidden_state` [batch, encoder_sequence_length, hidden].
 */
export function buildSeq2SeqEncoderGraph(encoding: Encoding, vocabSize: number, seed: string, encoderLayers: number = SEQ2SEQ_SIZES.encoderLayers): Uint8Array {
  const { hidden, maxPositions } = SEQ2SEQ_SIZES;
  const g = new OnnxGraphBuilder(`tiny_${encoding}_encoder`, `${seed}/encoder`);
  const blocks = new Blocks(g);
  let x: string;
  let bias: string | undefined;
  let outputDims: Dim[];

  if (encoding === 'embeds') {
    const dims = ['batch_size', 'encoder_sequence_length'];
    const embeds = g.input('inputs_embeds', 'float32', [...dims, hidden]);
    const attentionMask = g.input('attention_mask', 'int64', dims);
    x = g.node('Add', [embeds, blocks.positions(g.randomWeight('embed_positions.weight', [maxPositions, hidden], 0.5), g.ints(0), dimOf(g, embeds, 1))]);
    bias = keyPaddingBias(g, attentionMask);
    outputDims = [...dims, hidden];
  } else if (encoding === 'text') {
    const dims = ['batch_size', 'encoder_sequence_length'];
    const inputIds = g.input('input_ids', 'int64', dims);
    const attentionMask = g.input('attention_mask', 'int64', dims);
    x = embedTokens(g, blocks, inputIds, vocabSize, maxPositions);
    bias = keyPaddingBias(g, attentionMask);
    outputDims = [...dims, hidden];
  } else if (encoding === 'speech') {
    const { melBins, maxSourcePositions } = WHISPER_SIZES;
    const features = g.input('input_features', 'float32', ['batch_size', melBins, 'feature_length']);
    const conv = (input: string, name: string, channels: number, stride: number) =>
      g.node('Tanh', [
        g.node('Conv', [input, g.randomWeight(`${name}.weight`, [hidden, channels, 3], 1 / Math.sqrt(channels * 3)), g.randomWeight(`${name}.bias`, [hidden], 0.1)], {
          kernel_shape: [3],
          pads: [1, 1],
          strides: [stride],
        }),
      ]);
    const frames = conv(conv(features, 'conv1', melBins, 1), 'conv2', hidden, 2);
    x = g.node('Transpose', [frames], { perm: [0, 2, 1] });
    x = g.node('Add', [x, blocks.positions(g.randomWeight('embed_positions.weight', [maxSourcePositions, hidden], 0.5), g.ints(0), dimOf(g, x, 1))]);
    outputDims = ['batch_size', 'encoder_sequence_length', hidden];
  } else if (encoding === 'log-mel') {
    // FastConformer-style: log-mel frames [batch, frames, mel] projected per frame. transformers.js'
    // generate() feeds the encoder `input_features` only (CohereAsr sets requires_attention_mask = false);
    // the feature extractor zeroes the frames past the audio.
    const dims = ['batch_size', 'encoder_sequence_length'];
    const features = g.input('input_features', 'float32', [...dims, LOG_MEL_BINS]);
    x = g.node('Tanh', [g.node('MatMul', [features, g.randomWeight('subsampling.weight', [LOG_MEL_BINS, hidden], 2 / Math.sqrt(LOG_MEL_BINS))])]);
    outputDims = [...dims, hidden];
  } else if (encoding === 'waveform') {
    // Moonshine: strided convolutions straight over `input_values` (one here, zero-padded so any
    // non-empty clip gives a frame); its encoder positions are rotary, so no learned table.
    const values = g.input('input_values', 'float32', ['batch_size', 'num_samples']);
    const padded = g.node('Pad', [g.node('Unsqueeze', [values, g.ints([1])]), g.ints([0, 0, 0, 0, 0, WAVEFORM_FRAME_SAMPLES - 1])]);
    const kernel = g.randomWeight('conv1.weight', [hidden, 1, WAVEFORM_FRAME_SAMPLES], 4 / Math.sqrt(WAVEFORM_FRAME_SAMPLES));
    const frames = g.node('Tanh', [g.node('Conv', [padded, kernel, g.randomWeight('conv1.bias', [hidden], 0.1)], { kernel_shape: [WAVEFORM_FRAME_SAMPLES], strides: [WAVEFORM_FRAME_SAMPLES] })]);
    x = g.node('Transpose', [frames], { perm: [0, 2, 1] });
    outputDims = ['batch_size', 'encoder_sequence_length', hidden];
  } else {
    const { imageSize, patchSize, channels } = VISION_SIZES;
    const patches = (imageSize / patchSize) ** 2;
    const pixels = g.input('pixel_values', 'float32', ['batch_size', channels, imageSize, imageSize]);
    const embedded = g.node('Conv', [pixels, g.randomWeight('patch_embeddings.weight', [hidden, channels, patchSize, patchSize], 1 / Math.sqrt(channels * patchSize * patchSize)), g.randomWeight('patch_embeddings.bias', [hidden], 0.1)], {
      kernel_shape: [patchSize, patchSize],
      strides: [patchSize, patchSize],
    });
    const tokens = g.node('Transpose', [g.node('Reshape', [embedded, g.ints([0, hidden, -1])])], { perm: [0, 2, 1] });
    const clsShape = g.node('Concat', [g.node('Shape', [pixels], { start: 0, end: 1 }), g.ints([1, hidden])], { axis: 0 });
    const cls = g.node('Expand', [g.randomWeight('cls_token', [1, 1, hidden], 1), clsShape]);
    x = g.node('Add', [g.node('Concat', [cls, tokens], { axis: 1 }), g.randomWeight('position_embeddings', [1, patches + 1, hidden], 0.5)]);
    outputDims = ['batch_size', patches + 1, hidden];
  }

  for (let layer = 0; layer < encoderLayers; layer++) x = blocks.encoderLayer(layer, x, bias);
  g.output('last_hidden_state', 'float32', outputDims, blocks.norm(x));
  return g.toBytes();
}

/** Token embeddings plus learned absolute positions from 0: [batch, seq] ids → [batch, seq, hidden]. */
export function embedTokens(g: OnnxGraphBuilder, blocks: Blocks, inputIds: string, vocabSize: number, maxPositions: number): string {
  const { hidden } = SEQ2SEQ_SIZES;
  const x = g.node('Gather', [g.randomWeight('embed_tokens.weight', [vocabSize, hidden], 1), inputIds], { axis: 0 });
  return g.node('Add', [x, blocks.positions(g.randomWeight('embed_positions.weight', [maxPositions, hidden], 0.5), g.ints(0), dimOf(g, inputIds, 1))]);
}

/** [batch, seq] 0/1 mask → additive [batch, 1, 1, seq] bias that hides padded keys. */
function keyPaddingBias(g: OnnxGraphBuilder, mask: string): string {
  const padding = g.node('Sub', [g.scalar(1), g.node('Cast', [mask], { to: 1 })]);
  return g.node('Unsqueeze', [g.node('Mul', [padding, g.scalar(MASKED)]), g.ints([1, 2])]);
}

export interface DecoderGraphOptions {
  /** Take `encoder_attention_mask` and hide padded source tokens from cross-attention. */
  encoderAttentionMask: boolean;
  /**
   * `seq2seq`: `past_key_values.N.decoder.*` and `.encoder.*` (cross-attention keys cached too);
   * `self`: `past_key_values.N.key/value` only, cross-attention recomputed each step (GPT-2-style
   * decoders of vision-encoder-decoder, whose normalized config has no encoder/decoder heads).
   */
  cache: 'seq2seq' | 'self';
  maxTargetPositions: number;
  /** Decoder layers (SEQ2SEQ_SIZES.decoderLayers unless deeper or shallower on purpose). */
  layers?: number;
  /** Take `inputs_embeds` (made by a separate embed_tokens graph, as Florence-2's) instead of `input_ids`. */
  inputsEmbeds?: boolean;
  /**
   * A fixed rule for where an answer ends (the tiny Donut's): after any `triggers` token the next
   * token is `close`, after `close` it is `eos`. A trained Donut closes its answer with `</s_answer>`
   * and stops; random weights never would, and DocumentQuestionAnsweringPipeline finds no answer then.
   * `closeAt`: the position whose next token is `close` whatever came before, so generation that never
   * meets a trigger still ends inside the position table.
   */
  answerEnd?: { triggers: readonly number[]; close: number; eos: number; closeAt: number };
  /**
   * MusicGen's decoder (MusicgenForConditionalGeneration): `input_ids` [batch × codebooks, seq] are one
   * row per codebook; each codebook has its own embedding table (vocab + 1 rows: the pad / start id is
   * vocab) summed per frame, and its own LM head, so `logits` are [batch × codebooks, seq, vocab].
   */
  codebooks?: number;
}

/**
 * The merged decoder. Inputs: `input_ids` [batch, decoder_sequence_length] (or `inputs_embeds`), optional
 * `encoder_attention_mask`, `encoder_hidden_states` and the cache; outputs `logits` and `present.*`.
 * transformers.js feeds empty past tensors (length 0) at the first step and the previous step's
 * `present.*` afterwards, keeping its first-step encoder entries. Cross-attention keys are taken
 * from the past when it holds them and computed from `encoder_hidden_states` when it is empty —
 * one graph for both steps, without a `use_cache_branch` If node.
 */
/** Next-token bias [batch, seq, vocab] of the answer-end rule: each input token's class (0 none, 1 trigger, 2 close) picks a row. */
function answerEndBias(g: OnnxGraphBuilder, inputIds: string, queryPositions: string, vocab: number, rule: NonNullable<DecoderGraphOptions['answerEnd']>): string {
  const classes = new Array<number>(vocab).fill(0);
  for (const id of rule.triggers) classes[id] = 1;
  classes[rule.close] = 2;
  const rows = new Float32Array(3 * vocab);
  // Outweighs SUPPRESSED_LOGIT_BIAS: the closing tag and </s> are special tokens.
  rows[vocab + rule.close] = -2 * SUPPRESSED_LOGIT_BIAS;
  rows[2 * vocab + rule.eos] = -2 * SUPPRESSED_LOGIT_BIAS;
  const tokenClass = g.node('Gather', [g.int64Tensor('answer_end.token_class', [vocab], classes), inputIds], { axis: 0 });
  // At `closeAt` the token's own class gives way to "trigger" (1): [new] positions broadcast over the batch.
  const forced = g.node('Equal', [queryPositions, g.ints(rule.closeAt)]);
  const withForced = g.node('Where', [g.node('Unsqueeze', [forced, g.ints([0])]), g.ints(1), tokenClass]);
  return g.node('Gather', [g.floatTensor('answer_end.next_token_bias', [3, vocab], rows), withForced], { axis: 0 });
}

export function buildSeq2SeqDecoderGraph(tokenizer: Pick<TokenizerFiles, 'vocabSize' | 'specialIds' | 'unprintableIds'>, options: DecoderGraphOptions, seed: string): Uint8Array {
  const { hidden } = SEQ2SEQ_SIZES;
  const decoderLayers = options.layers ?? SEQ2SEQ_SIZES.decoderLayers;
  const vocab = tokenizer.vocabSize;
  const g = new OnnxGraphBuilder('tiny_seq2seq_decoder', `${seed}/decoder`);
  const blocks = new Blocks(g);

  const tokens = options.inputsEmbeds
    ? g.input('inputs_embeds', 'float32', ['batch_size', 'decoder_sequence_length', hidden])
    : g.input('input_ids', 'int64', [options.codebooks ? 'batch_size_x_num_codebooks' : 'batch_size', 'decoder_sequence_length']);
  const encoderMask = options.encoderAttentionMask ? g.input('encoder_attention_mask', 'int64', ['batch_size', 'encoder_sequence_length']) : undefined;
  const encoderStates = g.input('encoder_hidden_states', 'float32', ['batch_size', 'encoder_sequence_length', hidden]);
  const past = declareDecoderCache(g, decoderLayers, options.cache);

  // Absolute positions of the new tokens continue after the cached ones.
  const newLength = dimOf(g, tokens, 1);
  const pastLength = dimOf(g, past[0]!.selfKey, 2);
  let x = options.inputsEmbeds ? tokens : options.codebooks ? codebookEmbeddings(g, tokens, vocab, options.codebooks) : g.node('Gather', [g.randomWeight('embed_tokens.weight', [vocab, hidden], 1), tokens], { axis: 0 });
  x = g.node('Add', [x, blocks.positions(g.randomWeight('embed_positions.weight', [options.maxTargetPositions, hidden], 0.5), pastLength, newLength)]);
  const stack = decoderStack(g, blocks, x, { past, pastLength, newLength, encoderStates, encoderMask, cache: options.cache });

  if (options.codebooks) {
    g.output('logits', 'float32', ['batch_size_x_num_codebooks', 'decoder_sequence_length', vocab], codebookLogits(g, blocks.norm(stack.hidden), vocab, options.codebooks));
    return g.toBytes();
  }

  const suppressBias = new Float32Array(vocab);
  for (const id of [...tokenizer.specialIds, ...tokenizer.unprintableIds]) suppressBias[id] = SUPPRESSED_LOGIT_BIAS;
  let logits = g.node('Add', [
    g.node('MatMul', [blocks.norm(stack.hidden), g.randomWeight('lm_head.weight', [hidden, vocab], 3 / Math.sqrt(hidden))]),
    g.floatTensor('lm_head.suppressed_token_bias', [vocab], suppressBias),
  ]);
  if (options.answerEnd) {
    // The rule reads token ids, which a decoder fed embeddings does not see.
    if (options.inputsEmbeds) throw new Error('a decoder taking inputs_embeds cannot apply an answer-end rule');
    logits = g.node('Add', [logits, answerEndBias(g, tokens, stack.queryPositions, vocab, options.answerEnd)]);
  }
  g.output('logits', 'float32', ['batch_size', 'decoder_sequence_length', vocab], logits);
  return g.toBytes();
}

/** The cache inputs of a merged decoder, one entry per layer. */
export type DecoderCache = Array<{ selfKey: string; selfValue: string; crossKey?: string; crossValue?: string }>;

/** Declares `past_key_values.N.*`, named as transformers.js' getCacheNames names them for the cache kind. */
export function declareDecoderCache(g: OnnxGraphBuilder, layers: number, cache: DecoderGraphOptions['cache']): DecoderCache {
  const { heads, headDim } = SEQ2SEQ_SIZES;
  const pastSelfDims = ['batch_size', heads, 'past_decoder_sequence_length', headDim];
  const encoderCacheDims = ['batch_size', heads, 'encoder_sequence_length_out', headDim];
  return Array.from({ length: layers }, (_, layer) => ({
    selfKey: g.input(`past_key_values.${selfCacheName(cache, layer, 'key')}`, 'float32', pastSelfDims),
    selfValue: g.input(`past_key_values.${selfCacheName(cache, layer, 'value')}`, 'float32', pastSelfDims),
    crossKey: cache === 'seq2seq' ? g.input(`past_key_values.${layer}.encoder.key`, 'float32', encoderCacheDims) : undefined,
    crossValue: cache === 'seq2seq' ? g.input(`past_key_values.${layer}.encoder.value`, 'float32', encoderCacheDims) : undefined,
  }));
}

function selfCacheName(cache: DecoderGraphOptions['cache'], layer: number, part: 'key' | 'value'): string {
  return cache === 'seq2seq' ? `${layer}.decoder.${part}` : `${layer}.${part}`;
}

export interface DecoderStackInputs {
  past: DecoderCache;
  /** Cached positions (the past self-attention length) and new positions, int64 scalars. */
  pastLength: string;
  newLength: string;
  encoderStates: string;
  /** `encoder_attention_mask`, hiding padded source positions from cross-attention. */
  encoderMask?: string;
  cache: DecoderGraphOptions['cache'];
}

/**
 * The decoder layers over `x` [batch, new, hidden] (embedded, positions added): causal
 * self-attention over the cache and the new positions, cross-attention over the encoder states,
 * an MLP; writes the `present.*` outputs. Returns the last layer's states (not normed) and the new
 * positions' absolute indices. Cross-attention keys are taken from the past when it holds them and
 * computed from `encoder_hidden_states` when it is empty: one graph for both steps, no If node.
 */
export function decoderStack(g: OnnxGraphBuilder, blocks: Blocks, x: string, inputs: DecoderStackInputs): { hidden: string; queryPositions: string } {
  const { heads, headDim } = SEQ2SEQ_SIZES;
  const { past, pastLength, newLength, encoderStates, encoderMask, cache } = inputs;
  const presentSelfDims = ['batch_size', heads, 'past_decoder_sequence_length + 1', headDim];
  const encoderCacheDims = ['batch_size', heads, 'encoder_sequence_length_out', headDim];

  // Causal bias [new, total]: a new token sees the cache and the new tokens up to itself.
  const queryPositions = g.node('Range', [pastLength, g.node('Add', [pastLength, newLength]), g.ints(1)]);
  const keyPositions = g.node('Range', [g.ints(0), g.node('Add', [pastLength, newLength]), g.ints(1)]);
  const causal = g.node('LessOrEqual', [g.node('Unsqueeze', [keyPositions, g.ints([0])]), g.node('Unsqueeze', [queryPositions, g.ints([1])])]);
  const causalBias = g.node('Where', [causal, g.scalar(0), g.scalar(MASKED)]);
  const crossBias = encoderMask ? keyPaddingBias(g, encoderMask) : undefined;
  const encoderLength = g.node('Shape', [encoderStates], { start: 1, end: 2 });

  for (let layer = 0; layer < past.length; layer++) {
    const prefix = `decoder.layers.${layer}`;
    const h = blocks.norm(x);
    const query = blocks.projectHeads(h, `${prefix}.self_attn.q_proj.weight`);
    const key = g.node('Concat', [past[layer]!.selfKey, blocks.projectHeads(h, `${prefix}.self_attn.k_proj.weight`)], { axis: 2 });
    const value = g.node('Concat', [past[layer]!.selfValue, blocks.projectHeads(h, `${prefix}.self_attn.v_proj.weight`)], { axis: 2 });
    g.output(`present.${selfCacheName(cache, layer, 'key')}`, 'float32', presentSelfDims, key);
    g.output(`present.${selfCacheName(cache, layer, 'value')}`, 'float32', presentSelfDims, value);
    x = g.node('Add', [x, blocks.attend(`${prefix}.self_attn`, query, key, value, causalBias)]);

    const crossQuery = blocks.projectHeads(blocks.norm(x), `${prefix}.cross_attn.q_proj.weight`);
    let crossKey = blocks.projectHeads(encoderStates, `${prefix}.cross_attn.k_proj.weight`);
    let crossValue = blocks.projectHeads(encoderStates, `${prefix}.cross_attn.v_proj.weight`);
    if (cache === 'seq2seq') {
      // [cached ; fresh] sliced to the encoder length: the cached keys when there are any, else the fresh ones.
      const firstEncoderLength = (cached: string, fresh: string) =>
        g.node('Slice', [g.node('Concat', [cached, fresh], { axis: 2 }), g.ints([0]), encoderLength, g.ints([2])]);
      crossKey = firstEncoderLength(past[layer]!.crossKey!, crossKey);
      crossValue = firstEncoderLength(past[layer]!.crossValue!, crossValue);
      g.output(`present.${layer}.encoder.key`, 'float32', encoderCacheDims, crossKey);
      g.output(`present.${layer}.encoder.value`, 'float32', encoderCacheDims, crossValue);
    }
    x = g.node('Add', [x, blocks.attend(`${prefix}.cross_attn`, crossQuery, crossKey, crossValue, crossBias, CROSS_ATTENTION_GAIN)]);
    x = g.node('Add', [x, blocks.mlp(`${prefix}.mlp`, blocks.norm(x))]);
  }
  return { hidden: x, queryPositions };
}

/** [batch × codebooks, seq] ids → [batch, seq, hidden]: the sum of each codebook's embedding (MusicgenDecoder's embed_tokens). */
function codebookEmbeddings(g: OnnxGraphBuilder, ids: string, vocab: number, codebooks: number): string {
  const seq = g.node('Shape', [ids], { start: 1, end: 2 });
  const perCodebook = g.node('Reshape', [ids, g.node('Concat', [g.ints([-1, codebooks]), seq], { axis: 0 })]);
  let sum: string | undefined;
  for (let k = 0; k < codebooks; k++) {
    const table = g.randomWeight(`embed_tokens.${k}.weight`, [vocab + 1, SEQ2SEQ_SIZES.hidden], 1);
    const embedded = g.node('Gather', [table, g.node('Gather', [perCodebook, g.ints(k)], { axis: 1 })], { axis: 0 });
    sum = sum ? g.node('Add', [sum, embedded]) : embedded;
  }
  return sum!;
}

/** [batch, seq, hidden] → [batch × codebooks, seq, vocab]: one LM head per codebook (MusicgenForCausalLM's lm_heads). */
function codebookLogits(g: OnnxGraphBuilder, hidden: string, vocab: number, codebooks: number): string {
  const heads = Array.from({ length: codebooks }, (_, k) =>
    g.node('Unsqueeze', [g.node('MatMul', [hidden, g.randomWeight(`lm_heads.${k}.weight`, [SEQ2SEQ_SIZES.hidden, vocab], 3 / Math.sqrt(SEQ2SEQ_SIZES.hidden))]), g.ints([1])]),
  );
  // [batch, codebooks, seq, vocab] → rows batch-major, codebook-minor, as input_ids are.
  const seq = g.node('Shape', [hidden], { start: 1, end: 2 });
  return g.node('Reshape', [g.node('Concat', heads, { axis: 1 }), g.node('Concat', [g.ints([-1]), seq, g.ints([vocab])], { axis: 0 })]);
}
