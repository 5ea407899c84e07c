import type { EncoderFamily, EncoderTask } from './families';
import { OnnxGraphBuilder } from './onnx';
import type { TokenizerFiles } from './tokenizer';

/** Sizes of every tiny encoder: big enough for outputs to vary, small enough to build in milliseconds. */
export const ENCODER_SIZES = { hidden: 32, layers: 2, attentionHeads: 4, maxPositions: 512, typeVocab: 2 } as const;

const SENTIMENT_LABELS = ['NEGATIVE', 'POSITIVE'];
/** CoNLL-2003 tag set, as in the common NER checkpoints. */
const NER_LABELS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'];
/** MNLI label order used by the NLI checkpoints behind zero-shot-classification. */
const NLI_LABELS = ['contradiction', 'neutral', 'entailment'];

export function labelsFor(task: EncoderTask): string[] | undefined {
  switch (task) {
    case 'text-classification':
      return SENTIMENT_LABELS;
    case 'token-classification':
      return NER_LABELS;
    case 'zero-shot-classification':
      return NLI_LABELS;
    default:
      return undefined;
  }
}

/**
 * An encoder whose per-token states mix the token, its position, its segment and a masked mean of
 * the whole sequence (so every output depends on every unmasked input token), followed by the
 * task's head with exactly the output names transformers.js reads:
 * `logits` (fill-mask, sequence/token classification), `start_logits`/`end_logits` (QA),
 * `last_hidden_state` (feature-extraction).
 */
export function buildEncoderGraph(
  family: EncoderFamily,
  task: EncoderTask,
  tokenizer: TokenizerFiles,
  seed: string,
  layers: number = ENCODER_SIZES.layers,
  hidden: number = ENCODER_SIZES.hidden,
): Uint8Array {
  const { maxPositions, typeVocab } = ENCODER_SIZES;
  const vocab = tokenizer.vocabSize;
  const g = new OnnxGraphBuilder(`tiny_${task.replace(/-/g, '_')}`, seed);
  const batchSeq = ['batch_size', 'sequence_length'];

  const inputIds = g.input('input_ids', 'int64', batchSeq);
  const attentionMask = g.input('attention_mask', 'int64', batchSeq);
  const tokenTypeIds = family.tokenTypeIds ? g.input('token_type_ids', 'int64', batchSeq) : undefined;

  const wordEmbeddings = g.randomWeight('embeddings.word_embeddings.weight', [vocab, hidden], 1);
  const positionEmbeddings = g.randomWeight('embeddings.position_embeddings.weight', [maxPositions, hidden], 0.5);
  let x = g.node('Gather', [wordEmbeddings, inputIds], { axis: 0 });

  const seqLen = g.node('Gather', [g.node('Shape', [inputIds]), g.ints(1)], { axis: 0 });
  const positions = g.node('Range', [g.ints(0), seqLen, g.ints(1)]);
  x = g.node('Add', [x, g.node('Gather', [positionEmbeddings, positions], { axis: 0 })]);
  if (tokenTypeIds) {
    const typeEmbeddings = g.randomWeight('embeddings.token_type_embeddings.weight', [typeVocab, hidden], 0.5);
    x = g.node('Add', [x, g.node('Gather', [typeEmbeddings, tokenTypeIds], { axis: 0 })]);
  }
  const ones = g.floatTensor('layer_norm.ones', [hidden], new Float32Array(hidden).fill(1));
  const zeros = g.floatTensor('layer_norm.zeros', [hidden], new Float32Array(hidden));
  x = g.node('LayerNormalization', [x, ones, zeros], { axis: -1 });

  // Masked mean over the sequence: the context every token sees.
  const maskFloat = g.node('Unsqueeze', [g.node('Cast', [attentionMask], { to: 1 }), g.ints([-1])]);
  const tokenCount = g.node('Max', [g.node('ReduceSum', [maskFloat, g.ints([1])], { keepdims: 1 }), g.scalar(1)]);
  const scale = 1 / Math.sqrt(hidden);
  for (let layer = 0; layer < layers; layer++) {
    const context = g.node('Div', [g.node('ReduceSum', [g.node('Mul', [x, maskFloat]), g.ints([1])], { keepdims: 1 }), tokenCount]);
    const own = g.node('MatMul', [x, g.randomWeight(`layer.${layer}.token.weight`, [hidden, hidden], scale)]);
    const mixed = g.node('MatMul', [context, g.randomWeight(`layer.${layer}.context.weight`, [hidden, hidden], scale)]);
    const bias = g.randomWeight(`layer.${layer}.bias`, [hidden], 0.1);
    const update = g.node('Tanh', [g.node('Add', [g.node('Add', [own, mixed]), bias])]);
    x = g.node('LayerNormalization', [g.node('Add', [x, update]), ones, zeros], { axis: -1 });
  }

  const head = (name: string, outputs: number) => g.randomWeight(name, [hidden, outputs], scale);
  switch (task) {
    case 'feature-extraction':
      g.output('last_hidden_state', 'float32', [...batchSeq, hidden], x);
      break;
    case 'fill-mask':
      g.output('logits', 'float32', [...batchSeq, vocab], g.node('MatMul', [x, head('lm_head.weight', vocab)]));
      break;
    case 'token-classification':
      g.output('logits', 'float32', [...batchSeq, NER_LABELS.length], g.node('MatMul', [x, head('classifier.weight', NER_LABELS.length)]));
      break;
    case 'text-classification':
    case 'zero-shot-classification': {
      const labels = labelsFor(task)!;
      // Pool the first ([CLS]/<s>) position, as BERT-style classifiers do.
      const pooled = g.node('Tanh', [g.node('Gather', [x, g.ints(0)], { axis: 1 })]);
      g.output('logits', 'float32', ['batch_size', labels.length], g.node('MatMul', [pooled, head('classifier.weight', labels.length)]));
      break;
    }
    case 'question-answering': {
      const spans = g.node('MatMul', [x, head('qa_outputs.weight', 2)]);
      g.output('start_logits', 'float32', batchSeq, g.node('Gather', [spans, g.ints(0)], { axis: 2 }));
      g.output('end_logits', 'float32', batchSeq, g.node('Gather', [spans, g.ints(1)], { axis: 2 }));
      break;
    }
  }
  return g.toBytes();
}

export function encoderConfig(
  modelType: string,
  family: EncoderFamily,
  task: EncoderTask,
  architecture: string,
  tokenizer: TokenizerFiles,
  layers: number = ENCODER_SIZES.layers,
  hidden: number = ENCODER_SIZES.hidden,
): Record<string, unknown> {
  const { maxPositions, typeVocab } = ENCODER_SIZES;
  const config: Record<string, unknown> = {
    architectures: [architecture],
    model_type: modelType,
    vocab_size: tokenizer.vocabSize,
    hidden_size: hidden,
    num_hidden_layers: layers,
    num_attention_heads: ENCODER_SIZES.attentionHeads,
    intermediate_size: hidden * 2,
    max_position_embeddings: maxPositions,
    type_vocab_size: family.tokenTypeIds ? typeVocab : 1,
    pad_token_id: padId(family, tokenizer),
    ...family.configExtras,
  };
  // Nomic BERT states its depth GPT-2 style too.
  if ('n_layer' in config) config.n_layer = layers;
  const labels = labelsFor(task);
  if (labels) {
    config.id2label = Object.fromEntries(labels.map((label, i) => [String(i), label]));
    config.label2id = Object.fromEntries(labels.map((label, i) => [label, i]));
  }
  return config;
}

function padId(family: EncoderFamily, tokenizer: TokenizerFiles): number | undefined {
  const pad = family.tokenizer.specials.pad;
  return pad === undefined ? undefined : tokenizer.tokenToId[pad];
}
