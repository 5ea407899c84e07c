import { assertArray, assertObject, assertString, fail, preview } from './assert';
import { DEFAULT_TEXTS, pick, requireText } from './text';
import type { Call, HarnessContext, TaskHarness } from './types';

/** Few new tokens keep suites fast; min = max makes the count exact (no early end-of-text). */
export const NEW_TOKENS = 4;
const GENERATE = { max_new_tokens: NEW_TOKENS, min_new_tokens: NEW_TOKENS, do_sample: false };
const DEFAULT_PROMPTS = ["Hello, I'm a language model,", 'Once upon a time'];

function prompts(ctx: HarnessContext): string[] {
  return pick(ctx.spec.inputs.texts.filter((t) => t.trim()), DEFAULT_PROMPTS);
}

/**
 * Exactly NEW_TOKENS new tokens after an unchanged prompt: checked on token ids through the
 * model's own `generate`, since decoded text does not round-trip through every tokenizer.
 */
async function checkNewTokens(ctx: HarnessContext, prompt: string, decoderOnly: boolean): Promise<void> {
  const { pipe } = ctx;
  const inputs = await pipe.tokenizer(prompt);
  const promptIds = Array.from(inputs.input_ids.data as ArrayLike<bigint>, Number);
  const output = await pipe.model.generate({ ...inputs, ...GENERATE });
  const ids = Array.from((output.data ?? output[0]?.data) as ArrayLike<bigint>, Number);
  if (decoderOnly) {
    if (ids.length !== promptIds.length + NEW_TOKENS) fail(`generate returned ${ids.length} ids for a ${promptIds.length}-token prompt; expected ${NEW_TOKENS} new tokens`);
    if (ids.slice(0, promptIds.length).join() !== promptIds.join()) fail(`generate changed the prompt ids: ${preview(promptIds)} → ${preview(ids.slice(0, promptIds.length))}`);
  } else {
    // Seq2seq output starts with the decoder start token; new tokens follow it.
    if (ids.length !== NEW_TOKENS + 1) fail(`generate returned ${ids.length} decoder ids; expected the start token plus ${NEW_TOKENS} new tokens`);
  }
}

/** Different prompts must be able to change the continuation: a model that ignores context fails. */
async function checkContextMatters(ctx: HarnessContext): Promise<void> {
  const { pipe } = ctx;
  const a = await pipe.tokenizer('alpha beta gamma delta');
  const b = await pipe.tokenizer('one two three four five six');
  const next = async (inputs: Record<string, unknown>) => {
    const out = await pipe.model.generate({ ...inputs, ...GENERATE });
    return Array.from((out.data ?? out[0]?.data) as ArrayLike<bigint>, Number).slice(-NEW_TOKENS).join();
  };
  const [x, y] = [await next(a), await next(b)];
  if (x === y) fail(`two unrelated prompts produced the same ${NEW_TOKENS} new tokens (${x}): the model ignores its context`);
}

export const textGeneration: TaskHarness = {
  task: 'text-generation',
  calls: (ctx) => prompts(ctx).map((p) => ({ label: `prompt ${preview(p, 60)}`, input: p, options: GENERATE })),
  validate: (call) => requireText(call, call.input),
  check(output, call) {
    assertArray(output, 'text-generation output', 1);
    assertObject(output[0], 'generation');
    assertString(output[0].generated_text, 'generated_text');
    if (!output[0].generated_text.startsWith(call.input as string)) {
      fail(`generated_text does not keep the prompt: ${preview(output[0].generated_text)} does not start with ${preview(call.input)}`);
    }
  },
  badInputs: () => [{ name: 'empty prompt', call: { label: 'empty prompt', input: '' }, error: /empty text/ }],
  extraTests: [
    { name: `yields exactly ${NEW_TOKENS} new tokens after the prompt`, run: (ctx) => checkNewTokens(ctx, prompts(ctx)[0], true) },
    { name: 'continuation depends on the prompt (KV cache carries context)', run: (ctx) => checkContextMatters(ctx) },
  ],
};

/**
 * Tokenizers with language codes (mBART, M2M-100, NLLB) make the translation pipeline require
 * `tgt_lang`. The legacy file's own pair first (a text's own, else the suite's), when the tokenizer
 * knows those codes; then the tokenizer's configured pair; then its first two codes.
 */
function translationLanguages(ctx: HarnessContext, stated: { source?: string; target?: string } = ctx.spec.inputs.languages ?? {}): Record<string, string> {
  const codes = ctx.pipe.tokenizer?.language_codes as unknown;
  if (!Array.isArray(codes) || codes.length === 0) return {};
  const config = (ctx.pipe.tokenizer?.config ?? {}) as Record<string, unknown>;
  const known = (code: unknown): code is string => typeof code === 'string' && codes.includes(code);
  const src = [stated.source, config.src_lang].find(known) ?? (codes[0] as string);
  const tgt = [stated.target, config.tgt_lang].find((code): code is string => known(code) && code !== src) ?? ((codes.find((c) => c !== src) ?? src) as string);
  return { src_lang: src, tgt_lang: tgt };
}

function seq2seq(task: string, key: string, defaults: string[]): TaskHarness {
  return {
    task,
    calls(ctx) {
      const cases = (task === 'translation' ? (ctx.spec.inputs.translations ?? []) : []).filter((c) => c.text.trim());
      if (cases.length > 0) {
        // Texts the legacy file translates with their own pair keep it (the suite's pair fills gaps).
        const suitePair = ctx.spec.inputs.languages ?? {};
        return cases.slice(0, 3).map((c) => {
          const languages = translationLanguages(ctx, { source: c.source ?? suitePair.source, target: c.target ?? suitePair.target });
          const pair = languages.src_lang ? ` [${languages.src_lang}->${languages.tgt_lang}]` : '';
          return { label: `text ${preview(c.text, 60)}${pair}`, input: c.text, options: { ...GENERATE, ...languages } };
        });
      }
      const options = task === 'translation' ? { ...GENERATE, ...translationLanguages(ctx) } : GENERATE;
      return pick(ctx.spec.inputs.texts.filter((t) => t.trim()), defaults).map((t) => ({ label: `text ${preview(t, 60)}`, input: t, options }));
    },
    validate: (call) => requireText(call, call.input),
    check(output) {
      assertArray(output, `${task} output`, 1);
      assertObject(output[0], `${task} result`);
      assertString(output[0][key], key);
    },
    badInputs: () => [{ name: 'empty text', call: { label: 'empty text', input: '' }, error: /empty text/ }],
    extraTests: [
      { name: `decodes exactly ${NEW_TOKENS} new tokens`, run: (ctx) => checkNewTokens(ctx, pick(ctx.spec.inputs.texts, defaults)[0], false) },
    ],
  };
}

export const text2textGeneration = seq2seq('text2text-generation', 'generated_text', ['translate English to German: The house is wonderful.', ...DEFAULT_TEXTS]);
export const summarization = seq2seq('summarization', 'summary_text', DEFAULT_TEXTS);
export const translation = seq2seq('translation', 'translation_text', DEFAULT_TEXTS);

export type { Call };
