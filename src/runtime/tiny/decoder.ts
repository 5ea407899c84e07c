import type { DecoderFamily, DecoderLayerSpec } from './families';
import type { ModelFiles } from './cache';
import { cycle } from './layers';
import { OnnxGraphBuilder } from './onnx';
import type { TokenizerFiles } from './tokenizer';

/**
 * Sizes of every tiny decoder. `kvHeads` < `attentionHeads` so grouped-query families get a real
 * GQA-shaped config; the graph attends with the KV heads only (it need not be a faithful transformer).
 */
export const DECODER_SIZES = { hidden: 32, layers: 2, attentionHeads: 4, kvHeads: 2, headDim: 8, maxPositions: 512 } as const;

/** Heads in the KV cache: fewer than the query heads only for families whose configs say so (GQA). */
export function cacheHeads(family: DecoderFamily): number {
  const groupedQuery = family.configScheme === 'llama' || family.configScheme === 'mla' || family.configScheme === 'exaone';
  return groupedQuery ? DECODER_SIZES.kvHeads : DECODER_SIZES.attentionHeads;
}

/**
 * Added to the logits of special tokens (so greedy generation never stops early at EOS and always
 * yields the requested number of tokens) and of unprintable byte symbols (so text stays readable).
 */
const SUPPRESSED_LOGIT_BIAS = -1e4;
const MASKED = -1e9;

/** Default layer: plain self-attention with a `past_key_values.N.key/value` cache. */
const ATTENTION_LAYER: DecoderLayerSpec = { attention: 'key-value' };

/**
 * The per-layer cache layout of a `count`-layer model: the family's layer pattern (plain attention
 * unless the family says otherwise) repeated cyclically, so a deeper hybrid keeps its mix of layer kinds.
 */
export function decoderLayers(family: DecoderFamily, count: number = DECODER_SIZES.layers): readonly DecoderLayerSpec[] {
  return cycle(family.layers ?? [ATTENTION_LAYER], count);
}

/**
 * Fewest layers a model of the family can have: up to its first attention layer. transformers.js
 * reads the past length from an attention cache ("Unable to determine sequence length from the
 * cache" without one), so a hybrid cut before its first attention layer cannot generate.
 */
export function minDecoderLayers(family: DecoderFamily): number {
  return (family.layers ?? [ATTENTION_LAYER]).findIndex((spec) => spec.attention !== undefined) + 1;
}

/**
 * The output name transformers.js maps back onto `past`: its getPastKeyValues renames
 * `present_conv|ssm|recurrent|compressor|indexer` to `past_*` and `present` to `past_key_values`.
 */
export function presentNameFor(past: string): string {
  if (past.startsWith('past_key_values.')) return `present.${past.slice('past_key_values.'.length)}`;
  if (past.startsWith('past_')) return `present_${past.slice('past_'.length)}`;
  throw new Error(`cache input "${past}" has no present counterpart transformers.js would read`);
}

/** Tokens a window (short-convolution) state remembers, like LFM2's conv_L_cache. */
export const WINDOW_STATE_LENGTH = 3;

/**
 * A causal decoder with a real cache: inputs `input_ids` (multimodal families: `inputs_embeds`,
 * plus Gemma-3n/4 `per_layer_inputs`), `attention_mask` (over past + new tokens), optional
 * `position_ids` ([3, batch, seq] for Qwen-VL mrope) and `token_type_ids` (HRM-Text), then per
 * layer (see DecoderLayerSpec):
 * - attention `past_key_values.N.key/value` [batch_size, kv_heads, past_sequence_length, head_dim],
 *   or the multi-query `past_key_values.N.key_value` [batch_size, past_sequence_length, 2·head_dim];
 * - window states [batch_size, hidden, 3] (the last 3 inputs of a depthwise causal convolution);
 * - decay states [batch_size, hidden] (a linear recurrence s_t = a·s_{t-1} + u_t, as in SSM /
 *   linear-attention layers).
 * Outputs `logits` and the matching `present*` of every state. Each state carries context, so a
 * continuation depends on the whole prompt — a loader that drops any state produces different
 * tokens than a full forward pass.
 */
export function buildDecoderGraph(
  family: DecoderFamily,
  tokenizer: TokenizerFiles,
  seed: string,
  count: number = DECODER_SIZES.layers,
  head: DecoderHead = 'lm',
): Uint8Array {
  const { hidden, headDim, maxPositions } = DECODER_SIZES;
  const layers = decoderLayers(family, count);
  const vocab = tokenizer.vocabSize;
  const g = new OnnxGraphBuilder('tiny_causal_lm', seed);

  const multimodal = family.multimodal;
  // Token ids, or for multimodal families the embeddings their embed_tokens graph made of them.
  const tokens = multimodal
    ? g.input('inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden])
    : g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const perLayerInputs = multimodal?.perLayerInputs
    ? g.input('per_layer_inputs', 'float32', ['batch_size', 'sequence_length', layers.length, PER_LAYER_INPUT_DIM])
    : undefined;
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  let positionIds: string | undefined;
  // Image tokens' height and width positions (`mrope-thw`): rows 1 and 2 of the mrope position_ids.
  let imagePositionRows: string[] = [];
  if (multimodal?.positions === 'mrope' || multimodal?.positions === 'mrope-thw') {
    // Qwen-VL style [3, batch, seq]: for text all three rows are the same positions.
    const mrope = g.input('position_ids', 'int64', [3, 'batch_size', 'sequence_length']);
    positionIds = g.node('Gather', [mrope, g.ints(0)], { axis: 0 });
    if (multimodal.positions === 'mrope-thw') imagePositionRows = [1, 2].map((row) => g.node('Gather', [mrope, g.ints(row)], { axis: 0 }));
  } else if (family.positionIds) {
    positionIds = g.input('position_ids', 'int64', ['batch_size', 'sequence_length']);
  }

  let x = multimodal ? tokens : g.node('Gather', [g.randomWeight('embed_tokens.weight', [vocab, hidden], 1), tokens], { axis: 0 });
  if (family.tokenTypeIds) {
    const tokenTypeIds = g.input('token_type_ids', 'int64', ['batch_size', 'sequence_length']);
    x = g.node('Add', [x, g.node('Gather', [g.randomWeight('token_type_embeddings.weight', [2, hidden], 0.5), tokenTypeIds], { axis: 0 })]);
  }
  if (positionIds) {
    const positionEmbeddings = g.randomWeight('embed_positions.weight', [maxPositions, hidden], 0.5);
    x = g.node('Add', [x, g.node('Gather', [positionEmbeddings, positionIds], { axis: 0 })]);
  }
  imagePositionRows.forEach((rowIds, i) => {
    const table = g.randomWeight(`embed_positions.${i === 0 ? 'height' : 'width'}.weight`, [maxPositions, hidden], 0.5);
    x = g.node('Add', [x, g.node('Gather', [table, rowIds], { axis: 0 })]);
  });

  // Additive attention bias [batch, 1, new, total]: causal over absolute positions + key padding.
  const newLength = g.node('Gather', [g.node('Shape', [tokens]), g.ints(1)], { axis: 0 });
  const totalLength = g.node('Gather', [g.node('Shape', [attentionMask]), g.ints(1)], { axis: 0 });
  const pastLength = g.node('Sub', [totalLength, newLength]);
  const queryPositions = g.node('Add', [g.node('Range', [g.ints(0), newLength, g.ints(1)]), pastLength]);
  const keyPositions = g.node('Range', [g.ints(0), totalLength, g.ints(1)]);
  const causal = g.node('LessOrEqual', [
    g.node('Unsqueeze', [keyPositions, g.ints([0])]),
    g.node('Unsqueeze', [queryPositions, g.ints([1])]),
  ]);
  const causalBias = g.node('Where', [causal, g.scalar(0), g.scalar(MASKED)]);
  const keyPadding = g.node('Sub', [g.scalar(1), g.node('Cast', [attentionMask], { to: 1 })]);
  const paddingBias = g.node('Unsqueeze', [g.node('Mul', [keyPadding, g.scalar(MASKED)]), g.ints([1, 2])]);
  const attentionBias = g.node('Add', [causalBias, paddingBias]);

  const ones = g.floatTensor('norm.ones', [hidden], new Float32Array(hidden).fill(1));
  const zeros = g.floatTensor('norm.zeros', [hidden], new Float32Array(hidden));
  const norm = (value: string) => g.node('LayerNormalization', [value, ones, zeros], { axis: -1 });
  const projScale = 1 / Math.sqrt(hidden);

  // Step indices of the new tokens and their pairwise gaps t - j, for the linear recurrences
  // (built once, and only when some layer has one).
  let steps: { newSteps: string; stepGap: string; lowerTriangle: string } | undefined;
  const recurrenceSteps = () => {
    if (!steps) {
      const newSteps = g.node('Cast', [g.node('Range', [g.ints(0), newLength, g.ints(1)])], { to: 1 });
      const stepGap = g.node('Sub', [g.node('Unsqueeze', [newSteps, g.ints([1])]), g.node('Unsqueeze', [newSteps, g.ints([0])])]);
      steps = { newSteps, stepGap, lowerTriangle: g.node('GreaterOrEqual', [stepGap, g.scalar(0)]) };
    }
    return steps;
  };

  // Padding feeds the convolution and recurrence states nothing (as Mamba's and LFM2's masking of
  // padding states does), so a left-padded row of a batch keeps the states of its own run.
  let paddingMask: string | undefined;
  const newTokenMask = () => {
    paddingMask ??= g.node('Unsqueeze', [
      g.node('Cast', [g.node('Slice', [attentionMask, g.node('Unsqueeze', [pastLength, g.ints([0])]), g.ints([Number.MAX_SAFE_INTEGER]), g.ints([1])])], { to: 1 }),
      g.ints([2]),
    ]);
    return paddingMask;
  };

  layers.forEach((spec, layer) => {
    const weight = (name: string, shape: number[], scale = projScale) => g.randomWeight(`layers.${layer}.${name}`, shape, scale);
    const cacheName = (template: string) => template.replace('{i}', String(layer));
    if (perLayerInputs) {
      const own = g.node('Gather', [perLayerInputs, g.ints(layer)], { axis: 2 });
      x = g.node('Add', [x, g.node('MatMul', [own, weight('per_layer_input.proj.weight', [PER_LAYER_INPUT_DIM, hidden])])]);
    }

    if (spec.attention === 'key-value') {
      const kvHeads = cacheHeads(family);
      const splitHeads = (value: string) =>
        g.node('Transpose', [g.node('Reshape', [value, g.ints([0, 0, kvHeads, headDim])])], { perm: [0, 2, 1, 3] });
      const h = norm(x);
      const query = splitHeads(g.node('MatMul', [h, weight('q_proj.weight', [hidden, kvHeads * headDim])]));
      const key = splitHeads(g.node('MatMul', [h, weight('k_proj.weight', [hidden, kvHeads * headDim])]));
      const value = splitHeads(g.node('MatMul', [h, weight('v_proj.weight', [hidden, kvHeads * headDim])]));
      const cacheDims = ['batch_size', kvHeads, 'past_sequence_length', headDim];
      const presentDims = ['batch_size', kvHeads, 'total_sequence_length', headDim];
      const pastKey = g.input(`past_key_values.${layer}.key`, 'float32', cacheDims);
      const pastValue = g.input(`past_key_values.${layer}.value`, 'float32', cacheDims);
      const presentKey = g.node('Concat', [pastKey, key], { axis: 2 });
      const presentValue = g.node('Concat', [pastValue, value], { axis: 2 });
      g.output(`present.${layer}.key`, 'float32', presentDims, presentKey);
      g.output(`present.${layer}.value`, 'float32', presentDims, presentValue);
      x = g.node('Add', [x, attend(query, presentKey, presentValue, kvHeads)]);
    } else if (spec.attention === 'combined') {
      // Multi-query: one shared head whose key and value are stored side by side in one tensor.
      const h = norm(x);
      const query = g.node('Unsqueeze', [g.node('MatMul', [h, weight('q_proj.weight', [hidden, headDim])]), g.ints([1])]);
      const keyValue = g.node('MatMul', [h, weight('kv_proj.weight', [hidden, 2 * headDim])]);
      const past = g.input(`past_key_values.${layer}.key_value`, 'float32', ['batch_size', 'past_sequence_length', 2 * headDim]);
      const present = g.node('Concat', [past, keyValue], { axis: 1 });
      g.output(`present.${layer}.key_value`, 'float32', ['batch_size', 'total_sequence_length', 2 * headDim], present);
      const [key, value] = g.nodeMulti('Split', [present, g.ints([headDim, headDim])], 2, { axis: 2 });
      x = g.node('Add', [x, attend(query, g.node('Unsqueeze', [key!, g.ints([1])]), g.node('Unsqueeze', [value!, g.ints([1])]), 1)]);
    }

    if (spec.windows?.length || spec.decays?.length) {
      const h = g.node('Mul', [norm(x), newTokenMask()]);
      let mixed: string | undefined;
      for (const [w, template] of (spec.windows ?? []).entries()) {
        const windowed = windowConv(h, cacheName(template), weight(`window${w}.proj.weight`, [hidden, hidden]), weight(`window${w}.conv.weight`, [hidden, 1, WINDOW_STATE_LENGTH + 1], 0.5));
        mixed = mixed === undefined ? windowed : g.node('Add', [mixed, windowed]);
      }
      mixed ??= g.node('MatMul', [h, weight('mixer.proj.weight', [hidden, hidden])]);
      for (const [d, template] of (spec.decays ?? []).entries()) mixed = decay(mixed, cacheName(template), 0.9 - 0.2 * d);
      x = g.node('Add', [x, g.node('MatMul', [g.node('Tanh', [mixed]), weight('mixer.out.weight', [hidden, hidden])])]);
    }

    const mlp = g.node('Tanh', [g.node('MatMul', [norm(x), weight('mlp.up.weight', [hidden, hidden * 2])])]);
    x = g.node('Add', [x, g.node('MatMul', [mlp, weight('mlp.down.weight', [hidden * 2, hidden], 1 / Math.sqrt(hidden * 2))])]);

    /** Masked causal attention of [batch, heads, new, d] queries over the full cache. */
    function attend(query: string, key: string, value: string, heads: number): string {
      const keyT = g.node('Transpose', [key], { perm: [0, 1, 3, 2] });
      const scores = g.node('Add', [g.node('Div', [g.node('MatMul', [query, keyT]), g.scalar(Math.sqrt(headDim))]), attentionBias]);
      const attended = g.node('MatMul', [g.node('Softmax', [scores], { axis: -1 }), value]);
      const merged = g.node('Reshape', [g.node('Transpose', [attended], { perm: [0, 2, 1, 3] }), g.ints([0, 0, heads * headDim])]);
      return g.node('MatMul', [merged, weight('o_proj.weight', [heads * headDim, hidden], (family.attentionGain ?? 1) / Math.sqrt(heads * headDim))]);
    }

    /** Depthwise causal convolution over [state, new tokens]; the state keeps the last few inputs. */
    function windowConv(h: string, past: string, projection: string, kernel: string): string {
      const u = g.node('Transpose', [g.node('MatMul', [h, projection])], { perm: [0, 2, 1] });
      const state = g.input(past, 'float32', ['batch_size', hidden, WINDOW_STATE_LENGTH]);
      const extended = g.node('Concat', [state, u], { axis: 2 });
      g.output(presentNameFor(past), 'float32', ['batch_size', hidden, WINDOW_STATE_LENGTH],
        g.node('Slice', [extended, g.ints([-WINDOW_STATE_LENGTH]), g.ints([Number.MAX_SAFE_INTEGER]), g.ints([2])]));
      const convolved = g.node('Conv', [extended, kernel], { group: hidden, kernel_shape: [WINDOW_STATE_LENGTH + 1] });
      return g.node('Transpose', [convolved], { perm: [0, 2, 1] });
    }

    /** s_t = a·s_{t-1} + u_t over the new tokens, from the carried state; returns every s_t. */
    function decay(u: string, past: string, rate: number): string {
      const { newSteps, stepGap, lowerTriangle } = recurrenceSteps();
      const state = g.input(past, 'float32', ['batch_size', hidden]);
      // D[t, j] = a^(t-j) for j ≤ t, else 0; carried state contributes a^(t+1)·s.
      const powers = g.node('Pow', [g.scalar(rate), stepGap]);
      const matrix = g.node('Where', [lowerTriangle, powers, g.scalar(0)]);
      const carried = g.node('Mul', [
        g.node('Unsqueeze', [g.node('Pow', [g.scalar(rate), g.node('Add', [newSteps, g.scalar(1)])]), g.ints([0, 2])]),
        g.node('Unsqueeze', [state, g.ints([1])]),
      ]);
      const states = g.node('Add', [g.node('MatMul', [matrix, u]), carried]);
      const last = g.node('Squeeze', [g.node('Slice', [states, g.ints([-1]), g.ints([Number.MAX_SAFE_INTEGER]), g.ints([1])]), g.ints([1])]);
      g.output(presentNameFor(past), 'float32', ['batch_size', hidden], last);
      return states;
    }
  });

  if (head === 'base') {
    // The base model (`…Model`) ends at the final norm: what feature-extraction pools.
    g.output('last_hidden_state', 'float32', ['batch_size', 'sequence_length', hidden], norm(x));
    return g.toBytes();
  }
  const suppressBias = new Float32Array(vocab);
  for (const id of [...tokenizer.specialIds, ...tokenizer.unprintableIds]) suppressBias[id] = SUPPRESSED_LOGIT_BIAS;
  const logits = g.node('Add', [
    g.node('MatMul', [norm(x), g.randomWeight('lm_head.weight', [hidden, vocab], 3 * projScale)]),
    g.floatTensor('lm_head.suppressed_token_bias', [vocab], suppressBias),
  ]);
  g.output('logits', 'float32', ['batch_size', 'sequence_length', vocab], logits);
  return g.toBytes();
}

/**
 * `lm`: the causal LM (logits over the vocabulary); `base`: the bare `…Model` transformers.js's
 * AutoModel loads for feature-extraction (last_hidden_state; the same cache, as optimum's
 * feature-extraction-with-past export has it, so transformers.js fills the empty cache in).
 */
export type DecoderHead = 'lm' | 'base';

/** Width of each layer's slice of Gemma-3n/4 `per_layer_inputs`. */
export const PER_LAYER_INPUT_DIM = 8;

/**
 * The `embed_tokens` graph multimodal families load next to `decoder_model_merged`:
 * `input_ids` → `inputs_embeds` (and `per_layer_inputs` for Gemma-3n/4).
 */
export function buildEmbedTokensGraph(family: DecoderFamily, tokenizer: TokenizerFiles, seed: string, layers: number = DECODER_SIZES.layers): Uint8Array {
  const { hidden } = DECODER_SIZES;
  const g = new OnnxGraphBuilder('tiny_embed_tokens', seed);
  const inputIds = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const embeds = g.node('Gather', [g.randomWeight('embed_tokens.weight', [tokenizer.vocabSize, hidden], 1), inputIds], { axis: 0 });
  g.output('inputs_embeds', 'float32', ['batch_size', 'sequence_length', hidden], embeds);
  if (family.multimodal?.perLayerInputs) {
    const table = g.randomWeight('embed_tokens_per_layer.weight', [tokenizer.vocabSize, layers * PER_LAYER_INPUT_DIM], 1);
    const perLayer = g.node('Reshape', [g.node('Gather', [table, inputIds], { axis: 0 }), g.ints([0, 0, layers, PER_LAYER_INPUT_DIM])]);
    g.output('per_layer_inputs', 'float32', ['batch_size', 'sequence_length', layers, PER_LAYER_INPUT_DIM], perLayer);
  }
  return g.toBytes();
}

/**
 * Every file of a tiny decoder: `onnx/model.onnx`, or for multimodal families (config
 * `architectures` = their ForConditionalGeneration class, so transformers.js loads the text-only
 * sessions) `onnx/embed_tokens.onnx` + `onnx/decoder_model_merged.onnx`, with the text sizes under
 * `text_config` (at the top level for families whose normalized config reads them there).
 */
export function decoderModelFiles(
  modelType: string,
  family: DecoderFamily,
  tokenizer: TokenizerFiles,
  seed: string,
  layers: number = DECODER_SIZES.layers,
  architecture: string = family.causalLmClass,
): ModelFiles {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: ModelFiles = new Map();
  const multimodal = family.multimodal;
  if (multimodal?.topLevelSizes) {
    files.set('config.json', json({
      ...decoderConfig(modelType, family, tokenizer, layers),
      architectures: [multimodal.conditionalClass],
      ...multimodal.configExtras,
    }));
  } else if (multimodal) {
    const { architectures: _, ...textConfig } = decoderConfig(multimodal.textModelType, family, tokenizer, layers);
    files.set('config.json', json({
      architectures: [multimodal.conditionalClass],
      model_type: modelType,
      text_config: textConfig,
      ...specialTokenIds(family, tokenizer),
      ...multimodal.configExtras,
    }));
  }
  if (multimodal) {
    files.set('onnx/embed_tokens.onnx', buildEmbedTokensGraph(family, tokenizer, seed, layers));
    files.set('onnx/decoder_model_merged.onnx', buildDecoderGraph(family, tokenizer, seed, layers));
  } else {
    // A base-model class other than the causal LM (ernie4_5's AutoModel is its causal LM) ends at the hidden states.
    const head: DecoderHead = architecture === family.causalLmClass ? 'lm' : 'base';
    files.set('config.json', json({ ...decoderConfig(modelType, family, tokenizer, layers), architectures: [architecture] }));
    files.set('onnx/model.onnx', buildDecoderGraph(family, tokenizer, seed, layers, head));
  }
  files.set('generation_config.json', json(generationConfig(family, tokenizer)));
  return files;
}

/** `config.json` with the size fields under the names this family's transformers.js config mapping reads. */
// Multi-head families: n_head × head_dim = hidden, matching the cache the graph declares.
export function decoderConfig(
  modelType: string,
  family: DecoderFamily,
  tokenizer: TokenizerFiles,
  layers: number = DECODER_SIZES.layers,
): Record<string, unknown> {
  const { hidden, attentionHeads, kvHeads, headDim, maxPositions } = DECODER_SIZES;
  const ids = specialTokenIds(family, tokenizer);
  const base: Record<string, unknown> = { architectures: [family.causalLmClass], model_type: modelType, vocab_size: tokenizer.vocabSize };
  let sizes: Record<string, unknown>;
  switch (family.configScheme) {
    case 'gpt2':
      sizes = { n_embd: hidden, n_head: attentionHeads, n_layer: layers, n_positions: maxPositions, n_ctx: maxPositions, n_inner: hidden * 2 };
      break;
    case 'neox':
      sizes = {
        hidden_size: hidden,
        num_attention_heads: attentionHeads,
        num_hidden_layers: layers,
        intermediate_size: hidden * 2,
        max_position_embeddings: maxPositions,
      };
      break;
    case 'gpt_neo':
      sizes = {
        hidden_size: hidden,
        num_heads: attentionHeads,
        num_layers: layers,
        max_position_embeddings: maxPositions,
        attention_types: [[['global'], layers]],
        attention_layers: Array.from({ length: layers }, () => 'global'),
      };
      break;
    case 'bloom':
      sizes = { hidden_size: hidden, n_head: attentionHeads, n_layer: layers };
      break;
    case 'mpt':
      sizes = { d_model: hidden, n_heads: attentionHeads, n_layers: layers, max_seq_len: maxPositions };
      break;
    case 'exaone':
      sizes = {
        hidden_size: hidden,
        num_attention_heads: attentionHeads,
        num_key_value_heads: kvHeads,
        num_layers: layers,
        head_dim: headDim,
        max_position_embeddings: maxPositions,
      };
      break;
    case 'llama':
    case 'mla':
      sizes = {
        hidden_size: hidden,
        num_attention_heads: attentionHeads,
        num_key_value_heads: kvHeads,
        num_hidden_layers: layers,
        head_dim: headDim,
        intermediate_size: hidden * 2,
        max_position_embeddings: maxPositions,
        tie_word_embeddings: false,
        ...(family.configScheme === 'mla' ? { qk_head_dim: headDim, v_head_dim: headDim } : {}),
      };
      break;
  }
  // Per-layer kinds (layer_types...) come before the other extras, where the families list them.
  return { ...base, ...sizes, ...ids, ...family.layerFields?.(layers), ...family.configExtras };
}

export function generationConfig(family: DecoderFamily, tokenizer: TokenizerFiles): Record<string, unknown> {
  return { ...specialTokenIds(family, tokenizer), do_sample: false };
}

function specialTokenIds(family: DecoderFamily, tokenizer: TokenizerFiles): Record<string, number> {
  const ids: Record<string, number> = {};
  const { bos, eos, pad } = family.tokenizer.specials;
  if (bos !== undefined) ids.bos_token_id = tokenizer.tokenToId[bos]!;
  if (eos !== undefined) ids.eos_token_id = tokenizer.tokenToId[eos]!;
  if (pad !== undefined) ids.pad_token_id = tokenizer.tokenToId[pad]!;
  return ids;
}
