import {
  assertArray, assertClose, assertObject, assertOneOf, assertProbability, assertSortedScores, assertString, assertSumsToOne,
  assertTensor, fail, InvalidInputError, preview,
} from './assert';
import type { BadInput, Call, HarnessContext, TaskHarness } from './types';

export const DEFAULT_TEXTS = ['The quick brown fox jumps over the lazy dog.', 'I love this movie, it was great!'];
const DEFAULT_LABELS = ['sports', 'politics', 'technology'];
const DEFAULT_QA = { question: 'Where does the fox live?', context: 'The quick brown fox lives in the forest near the river.' };
/** Mask spellings legacy files use; the runtime swaps them for the model's own mask token. */
const MASK_SPELLINGS = /\[MASK\]|<mask>|\[mask\]|<MASK>/g;

/** Legacy inputs first (deduplicated, at most `max`), then defaults to reach `min`. */
export function pick<T>(legacy: T[], defaults: T[], min = 2, max = 3): T[] {
  const chosen = legacy.slice(0, max);
  for (const d of defaults) if (chosen.length < min && !chosen.includes(d)) chosen.push(d);
  return chosen;
}

export function requireText(call: Call, text: unknown): void {
  if (typeof text !== 'string') throw new InvalidInputError(`${call.label}: expected text, got ${preview(text)}`);
  if (text.trim() === '') throw new InvalidInputError(`${call.label}: empty text; give the model at least one word`);
}

function textCall(text: string): Call {
  return { label: `text ${preview(text, 60)}`, input: text };
}

/** Texts for a text task: the legacy file's own sentences first. */
function texts(ctx: HarnessContext): string[] {
  return pick([...ctx.spec.inputs.texts, ...ctx.spec.inputs.maskedTexts.map((t) => t.replace(MASK_SPELLINGS, ''))].filter((t) => t.trim()), DEFAULT_TEXTS);
}

function batchOf(calls: Call[], options?: Record<string, unknown>) {
  if (calls.length < 2) return undefined;
  const [a, b] = calls;
  return {
    calls: [a, b] as [Call, Call],
    batched: { label: 'batch of two', input: [a.input, b.input], options },
    split: (output: unknown) => {
      assertArray(output, 'batched output', 2);
      return [output[0], output[1]] as [unknown, unknown];
    },
  };
}

const emptyTextBad = (): BadInput => ({ name: 'empty text', call: { label: 'empty text', input: '' }, error: /empty text/ });

// ---- fill-mask ---------------------------------------------------------------------------------

function maskToken(ctx: HarnessContext): string {
  const token = ctx.pipe.tokenizer?.mask_token;
  if (typeof token !== 'string') fail(`the ${ctx.spec.modelType} tokenizer has no mask token, so fill-mask cannot run`);
  return token;
}

export const fillMask: TaskHarness = {
  task: 'fill-mask',
  calls(ctx) {
    const mask = maskToken(ctx);
    const legacy = ctx.spec.inputs.maskedTexts.map((t) => t.replace(MASK_SPELLINGS, mask)).filter((t) => t.includes(mask));
    const defaults = [`The capital of France is ${mask}.`, `I went to the ${mask} to buy some bread.`];
    return pick(legacy, defaults).map((text) => ({ label: `masked ${preview(text, 60)}`, input: text, options: { top_k: 3 } }));
  },
  batch(ctx) {
    return batchOf(this.calls(ctx), { top_k: 3 });
  },
  validate(call, ctx) {
    requireText(call, call.input);
    const mask = maskToken(ctx);
    const count = (call.input as string).split(mask).length - 1;
    if (count === 0) throw new InvalidInputError(`${call.label}: no mask token ${mask} in the text; fill-mask needs exactly one`);
  },
  check(output, call, ctx) {
    assertArray(output, 'fill-mask output', 1);
    const mask = maskToken(ctx);
    if (output.length > 3) fail(`fill-mask output: asked for top_k 3, got ${output.length} candidates`);
    output.forEach((c, i) => {
      assertObject(c, `candidate ${i}`);
      assertString(c.token_str, `candidate ${i}.token_str`);
      if (typeof c.token !== 'number' || !Number.isInteger(c.token)) fail(`candidate ${i}.token: expected a token id, got ${preview(c.token)}`);
      assertString(c.sequence, `candidate ${i}.sequence`);
      if (c.sequence.includes(mask)) fail(`candidate ${i}.sequence still contains the mask token: ${preview(c.sequence)}`);
    });
    assertSortedScores(output.map((c) => (c as { score: number }).score), 'fill-mask scores');
    const ids = output.map((c) => (c as { token: number }).token);
    if (new Set(ids).size !== ids.length) fail(`fill-mask candidates repeat a token: ${preview(ids)}`);
  },
  badInputs: () => [
    emptyTextBad(),
    { name: 'text without the mask token', call: { label: 'unmasked text', input: 'There is no mask here.' }, error: /no mask token/ },
  ],
};

// ---- classification ----------------------------------------------------------------------------

export const textClassification: TaskHarness = {
  task: 'text-classification',
  calls: (ctx) => texts(ctx).map(textCall),
  batch(ctx) {
    return batchOf(this.calls(ctx));
  },
  validate: (call) => requireText(call, call.input),
  check(output, _call, ctx) {
    assertArray(output, 'text-classification output', 1);
    output.forEach((c, i) => {
      assertObject(c, `prediction ${i}`);
      if (ctx.labels.length) assertOneOf(c.label, ctx.labels, `prediction ${i}.label`);
      else assertString(c.label, `prediction ${i}.label`);
    });
    assertSortedScores(output.map((c) => (c as { score: number }).score), 'text-classification scores');
  },
  badInputs: () => [emptyTextBad()],
};

export const tokenClassification: TaskHarness = {
  task: 'token-classification',
  calls: (ctx) => texts(ctx).map((t) => ({ ...textCall(t), options: { ignore_labels: [] } })),
  batch(ctx) {
    return batchOf(this.calls(ctx), { ignore_labels: [] });
  },
  validate: (call) => requireText(call, call.input),
  check(output, _call, ctx) {
    // With no labels ignored, every token of the text gets a prediction.
    assertArray(output, 'token-classification output', 1);
    output.forEach((t, i) => {
      assertObject(t, `token ${i}`);
      if (ctx.labels.length) assertOneOf(t.entity, ctx.labels, `token ${i}.entity`);
      assertProbability(t.score, `token ${i}.score`);
      assertString(t.word, `token ${i}.word`);
      if (typeof t.index !== 'number') fail(`token ${i}.index: expected a number, got ${preview(t.index)}`);
    });
    const indices = output.map((t) => (t as { index: number }).index);
    if (indices.some((v, i) => i > 0 && v <= indices[i - 1])) fail(`token-classification: token indices not increasing: ${preview(indices)}`);
  },
  badInputs: () => [emptyTextBad()],
};

export const zeroShotClassification: TaskHarness = {
  task: 'zero-shot-classification',
  invoke: (pipe, call) => pipe(call.input, call.options!.candidate_labels),
  calls(ctx) {
    const labels = pick(ctx.spec.inputs.candidateLabels, DEFAULT_LABELS, 2, 5);
    return texts(ctx).map((text) => ({ label: `text ${preview(text, 60)} vs ${labels.length} labels`, input: text, options: { candidate_labels: labels } }));
  },
  validate(call) {
    requireText(call, call.input);
    const labels = call.options?.candidate_labels;
    if (!Array.isArray(labels) || labels.length < 1) throw new InvalidInputError(`${call.label}: zero-shot classification needs at least one candidate label`);
  },
  check(output, call) {
    assertObject(output, 'zero-shot output');
    const labels = call.options!.candidate_labels as string[];
    assertArray(output.labels, 'zero-shot labels', labels.length);
    assertArray(output.scores, 'zero-shot scores', labels.length);
    if ([...(output.labels as string[])].sort().join('\n') !== [...labels].sort().join('\n')) {
      fail(`zero-shot labels ${preview(output.labels)} are not the candidate labels ${preview(labels)}`);
    }
    assertSortedScores(output.scores as number[], 'zero-shot scores');
    assertSumsToOne(output.scores as number[], 'zero-shot scores');
  },
  badInputs: () => [
    emptyTextBad(),
    { name: 'no candidate labels', call: { label: 'no labels', input: 'A text.', options: { candidate_labels: [] } }, error: /candidate label/ },
  ],
};

export const questionAnswering: TaskHarness = {
  task: 'question-answering',
  invoke: (pipe, call) => (pipe as unknown as (q: unknown, c: unknown) => Promise<unknown>)(call.input, call.options!.context),
  calls(ctx) {
    return pick(ctx.spec.inputs.questions, [DEFAULT_QA], 1, 2).map((qa) => ({ label: `question ${preview(qa.question, 50)}`, input: qa.question, options: { context: qa.context } }));
  },
  validate(call) {
    requireText(call, call.input);
    const context = call.options?.context;
    if (typeof context !== 'string' || context.trim() === '') throw new InvalidInputError(`${call.label}: empty context; question answering needs a passage to answer from`);
  },
  async check(output, call) {
    assertObject(output, 'question-answering output');
    assertString(output.answer, 'answer');
    assertProbability(output.score, 'answer score');
    // Uncased tokenizers decode lower-cased and re-spaced, and a span that starts inside a word
    // keeps its WordPiece `##`: compare without case, spaces or continuation markers.
    const squash = (s: string) => s.toLowerCase().replace(/##|\s+/g, '');
    const context = call.options!.context as string;
    if (!squash(context).includes(squash(output.answer))) fail(`answer ${preview(output.answer)} is not a span of the context`);
  },
  badInputs: () => [
    { name: 'empty question', call: { label: 'empty question', input: '', options: { context: 'Some context.' } }, error: /empty text/ },
    { name: 'empty context', call: { label: 'empty context', input: 'Why?', options: { context: '' } }, error: /empty context/ },
  ],
};

export const featureExtraction: TaskHarness = {
  task: 'feature-extraction',
  calls: (ctx) => texts(ctx).map((t) => ({ ...textCall(t), options: { pooling: 'mean', normalize: true } })),
  batch(ctx) {
    const calls = this.calls(ctx);
    if (calls.length < 2) return undefined;
    return {
      calls: [calls[0], calls[1]] as [Call, Call],
      batched: { label: 'batch of two', input: [calls[0].input, calls[1].input], options: { pooling: 'mean', normalize: true } },
      split: (output: unknown) => {
        assertTensor(output, 'batched embeddings', 2);
        const width = output.dims[1];
        const row = (i: number) => ({ dims: [1, width], data: Array.from(output.data).slice(i * width, (i + 1) * width) });
        return [row(0), row(1)] as [unknown, unknown];
      },
    };
  },
  validate: (call) => requireText(call, call.input),
  check(output) {
    assertTensor(output, 'sentence embedding', 2);
    if (output.dims[0] !== 1) fail(`sentence embedding: expected batch 1, got dims [${output.dims}]`);
    let norm = 0;
    for (let i = 0; i < output.data.length; i++) norm += output.data[i] ** 2;
    if (Math.abs(Math.sqrt(norm) - 1) > 1e-3) fail(`sentence embedding: asked for a normalized vector, got norm ${Math.sqrt(norm)}`);
  },
  badInputs: () => [emptyTextBad()],
  extraTests: [{ name: 'honours pooling and normalisation, at the width the config gives', run: (ctx) => checkPoolingOptions(ctx) }],
};

/**
 * The widths a text model's config gives its features: the hidden size under any of its names, or
 * the vocabulary (transformers.js falls back to `logits` when a model has no `last_hidden_state`).
 */
function configuredWidths(config: Record<string, unknown>): number[] {
  const candidates = ['hidden_size', 'n_embd', 'd_model', 'dim', 'vocab_size'].map((key) => config[key]);
  return candidates.filter((v): v is number => typeof v === 'number');
}

/** Token embeddings (pooling none) of the configured width; mean, cls and normalize derived from them. */
async function checkPoolingOptions(ctx: HarnessContext): Promise<void> {
  const text = texts(ctx)[0]!;
  const tokens = await ctx.pipe(text, { pooling: 'none' });
  assertTensor(tokens, 'token embeddings (pooling none)', 3);
  const [batch, length, width] = tokens.dims as [number, number, number];
  if (batch !== 1) fail(`token embeddings: expected batch 1, got dims [${tokens.dims}]`);
  const widths = configuredWidths((ctx.pipe.model?.config ?? {}) as Record<string, unknown>);
  if (widths.length > 0 && !widths.includes(width)) fail(`token embeddings are ${width} wide, but the config gives ${widths.join(' / ')}`);
  const row = (i: number) => Array.from(tokens.data).slice(i * width, (i + 1) * width);
  const mean = row(0).map((_, j) => Array.from({ length }, (__, i) => tokens.data[i * width + j]!).reduce((a, b) => a + b, 0) / length);
  const norm = Math.hypot(...mean);
  const pooled = async (options: Record<string, unknown>) => comparable(await ctx.pipe(text, options));
  assertClose(await pooled({ pooling: 'mean' }), { dims: [1, width], data: mean }, 'mean pooling (the average of the token embeddings)');
  assertClose(await pooled({ pooling: 'cls' }), { dims: [1, width], data: row(0) }, 'cls pooling (the first token embedding)');
  assertClose(await pooled({ pooling: 'mean', normalize: true }), { dims: [1, width], data: mean.map((v) => v / norm) }, 'normalized mean pooling');
}

/** Batched tensors compare by their rows; everything else compares as given. */
export function comparable(output: unknown): unknown {
  if (output && typeof output === 'object' && 'dims' in output && 'data' in output) {
    const t = output as { dims: number[]; data: ArrayLike<number> };
    return { dims: t.dims, data: Array.from(t.data) };
  }
  return output;
}
