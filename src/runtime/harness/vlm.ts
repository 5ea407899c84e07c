import { loadTransformers } from '../host';
import { assertArray, assertObject, fail, InvalidInputError, preview } from './assert';
import { NEW_TOKENS } from './generation';
import { syntheticImage, validateImage } from './media';
import { pick, requireText } from './text';
import type { BadInput, Call, HarnessContext, LoadedPipeline, ModelLoadRequest, TaskHarness } from './types';

/**
 * image-text-to-text through transformers.js's model classes (4.3.1 has no pipeline for it):
 * `AutoProcessor` + `AutoModelForImageTextToText` (the family's ForConditionalGeneration class),
 * `generate`, then the family's decoding. A family adapter says how its processor is called and how
 * its answer is read; the harness checks what holds for every VLM: greedy generation of exactly
 * max_new_tokens tokens, an answer that depends on the image and on the prompt, and a cached
 * continuation equal to an uncached forward pass over the whole sequence.
 */

/** One call's input: an image and the user's prompt (a Florence-2 task token, or a chat message). */
export interface VlmInput {
  image: VlmImage;
  prompt: string;
}

export interface VlmImage {
  width: number;
  height: number;
  data: ArrayLike<number>;
  channels: number;
}

/** What a family's processor and model need (`any`: transformers.js's loosely typed objects). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export interface VlmAdapter {
  /** Processor outputs (input_ids, attention_mask, pixel_values, ...) for one image and prompt. */
  inputs(processor: Loose, input: VlmInput): Promise<Record<string, unknown>>;
  /** Decoder-only families return prompt + new ids from generate; encoder-decoders the start token + new ids. */
  decoderOnly: boolean;
  /** The call's result from the generated ids (the new ones: after the prompt, or after the start token). */
  answer(processor: Loose, newIds: Loose, input: VlmInput): unknown;
  /** Throws when `output` is not a well-formed answer for `input`. */
  check(output: unknown, input: VlmInput): void;
  /** Default prompts when the legacy file states none (the first differ from one another). */
  prompts: string[];
}

/** Greedy, exactly `max_new_tokens` (default NEW_TOKENS) new tokens: min = max, so no early end-of-text. */
function generation(callOptions?: Record<string, unknown>): Record<string, unknown> {
  const count = (callOptions?.max_new_tokens as number | undefined) ?? NEW_TOKENS;
  return { do_sample: false, min_new_tokens: count, ...callOptions, max_new_tokens: count };
}

/** Loads processor + ForConditionalGeneration model and wraps them in the pipeline's shape. */
async function loadVlm(request: ModelLoadRequest, task: string, adapter: VlmAdapter): Promise<LoadedPipeline> {
  const { transformers, modelId, options } = request;
  const processor = await transformers.AutoProcessor.from_pretrained(modelId, options as never);
  const model = await transformers.AutoModelForImageTextToText.from_pretrained(modelId, options as never);
  const run = async (input: VlmInput, callOptions?: Record<string, unknown>) => {
    const inputs = await adapter.inputs(processor, input);
    const output = (await model.generate({ ...inputs, ...generation(callOptions) } as never)) as Loose;
    return adapter.answer(processor, newIds(adapter, output, inputs), input);
  };
  return Object.assign(run, { task, model, processor, tokenizer: (processor as Loose).tokenizer, dispose: () => model.dispose() }) as unknown as LoadedPipeline;
}

/** The generated ids after the prompt (decoder-only) or after the decoder start token. */
function newIds(adapter: VlmAdapter, output: Loose, inputs: Record<string, unknown>): Loose {
  const skip = adapter.decoderOnly ? (inputs.input_ids as Loose).dims[1] : 1;
  return output.slice(null, [skip, null]);
}

function idsOf(tensor: Loose): number[] {
  return Array.from(tensor.data as ArrayLike<bigint>, Number);
}

/** Greedy new token ids for one input, through the model's own generate (prompt ids checked kept). */
async function generateIds(ctx: HarnessContext, adapter: VlmAdapter, input: VlmInput, maxNewTokens = NEW_TOKENS): Promise<{ inputs: Record<string, Loose>; ids: number[]; fresh: number[] }> {
  const { model, processor } = ctx.pipe;
  const inputs = (await adapter.inputs(processor, input)) as Record<string, Loose>;
  const output = await model.generate({ ...inputs, ...generation({ max_new_tokens: maxNewTokens }) });
  const ids = idsOf(output);
  const fresh = idsOf(newIds(adapter, output, inputs));
  if (adapter.decoderOnly) {
    const prompt = idsOf(inputs.input_ids);
    if (ids.slice(0, prompt.length).join() !== prompt.join()) fail(`generate changed the prompt ids: ${preview(prompt)} → ${preview(ids.slice(0, prompt.length))}`);
  }
  if (fresh.length !== maxNewTokens) fail(`generate returned ${fresh.length} new ids with max_new_tokens = min_new_tokens = ${maxNewTokens}: ${preview(ids)}`);
  return { inputs, ids, fresh };
}

/**
 * The cached greedy continuation must be what one uncached forward pass over the whole sequence
 * predicts at every step: a loader or graph that drops the cache (or the image's positions) disagrees.
 */
async function checkCacheMatchesFullPass(ctx: HarnessContext, adapter: VlmAdapter, input: VlmInput): Promise<void> {
  const { model } = ctx.pipe;
  const { Tensor } = loadTransformers();
  const { inputs, ids, fresh } = await generateIds(ctx, adapter, input);
  const ones = (n: number) => new Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]);
  let logits: Loose;
  let firstPredicting: number;
  if (adapter.decoderOnly) {
    // All but the last generated token in; position p's logits predict token p + 1.
    const sequence = ids.slice(0, -1);
    const full = new Tensor('int64', BigInt64Array.from(sequence.map(BigInt)), [1, sequence.length]);
    ({ logits } = await model({ ...inputs, input_ids: full, attention_mask: ones(sequence.length) }));
    firstPredicting = sequence.length - fresh.length;
  } else {
    const decoderIds = ids.slice(0, -1);
    const decoder = new Tensor('int64', BigInt64Array.from(decoderIds.map(BigInt)), [1, decoderIds.length]);
    ({ logits } = await model({ ...inputs, decoder_input_ids: decoder, decoder_attention_mask: ones(decoderIds.length) }));
    firstPredicting = 0;
  }
  const vocab = logits.dims[2] as number;
  const data = logits.data as Float32Array;
  const predicted = fresh.map((_, k) => {
    const row = data.subarray((firstPredicting + k) * vocab, (firstPredicting + k + 1) * vocab);
    let best = 0;
    for (let v = 1; v < vocab; v++) if (row[v]! > row[best]!) best = v;
    return best;
  });
  if (predicted.join() !== fresh.join()) {
    fail(`cached generation gave ${preview(fresh)} but a full forward pass over the same sequence predicts ${preview(predicted)}: the cache does not carry the context`);
  }
}

function images(ctx: HarnessContext): string[] {
  return pick(ctx.spec.inputs.images, ['synthetic gradient A', 'synthetic gradient B']);
}

function vlmCalls(ctx: HarnessContext, adapter: VlmAdapter): Call[] {
  const prompts = pick(ctx.spec.inputs.texts.filter((t) => t.trim()), adapter.prompts);
  return images(ctx).map((name, i) => {
    const prompt = prompts[i % prompts.length]!;
    return {
      label: `image (in memory, standing for ${preview(name, 60)}) + prompt ${preview(prompt, 60)}`,
      input: { image: syntheticImage(64, 64, i) as VlmImage, prompt } satisfies VlmInput,
      options: { max_new_tokens: NEW_TOKENS },
    };
  });
}

function first(ctx: HarnessContext, adapter: VlmAdapter): VlmInput {
  return vlmCalls(ctx, adapter)[0]!.input as VlmInput;
}

/**
 * Inputs that differ in one thing only (three images, or every default prompt, the rest kept):
 * their continuations must not all agree. A model that ignores that input gives one answer for all.
 */
async function checkDependsOn(ctx: HarnessContext, adapter: VlmAdapter, what: 'image' | 'prompt'): Promise<void> {
  const a = first(ctx, adapter);
  const variants: VlmInput[] = what === 'image'
    ? [5, 6, 7].map((seed) => ({ ...a, image: syntheticImage(64, 64, seed) as VlmImage }))
    : adapter.prompts.filter((p) => p !== a.prompt).map((prompt) => ({ ...a, prompt }));
  const answers = new Set<string>();
  for (const input of [a, ...variants]) answers.add((await generateIds(ctx, adapter, input)).fresh.join());
  if (answers.size === 1) fail(`${variants.length + 1} inputs differing only in the ${what} all produced the same ${NEW_TOKENS} new tokens (${[...answers][0]}): the model ignores the ${what}`);
}

/** A harness for image-text-to-text on the families `adapter` describes. */
export function vlmHarness(adapter: VlmAdapter): TaskHarness {
  const task = 'image-text-to-text';
  const badInputs = (ctx: HarnessContext): BadInput[] => {
    const { RawImage } = loadTransformers();
    const good = first(ctx, adapter);
    return [
      { name: 'wrong-sized image', call: { label: 'wrong-sized image', input: { ...good, image: new RawImage(new Uint8ClampedArray(10), 64, 64, 3) } }, error: /wrong-sized image/ },
      { name: 'empty prompt', call: { label: 'empty prompt', input: { ...good, prompt: '' } }, error: /empty text/ },
    ];
  };
  return {
    task,
    calls: (ctx) => vlmCalls(ctx, adapter),
    validate(call) {
      const input = call.input as Partial<VlmInput> | null;
      if (!input || typeof input !== 'object') throw new InvalidInputError(`${call.label}: expected { image, prompt }, got ${preview(input)}`);
      validateImage({ ...call, input: input.image });
      requireText(call, input.prompt);
    },
    check(output, call) {
      adapter.check(output, call.input as VlmInput);
    },
    badInputs,
    load: (request) => loadVlm(request, task, adapter),
    extraTests: [
      {
        name: 'yields exactly max_new_tokens new tokens (2, then NEW_TOKENS)',
        run: async (ctx) => {
          for (const count of [2, NEW_TOKENS]) await generateIds(ctx, adapter, first(ctx, adapter), count);
        },
      },
      { name: 'the answer depends on the image', run: (ctx) => checkDependsOn(ctx, adapter, 'image') },
      { name: 'the answer depends on the prompt', run: (ctx) => checkDependsOn(ctx, adapter, 'prompt') },
      { name: 'cached generation equals a full forward pass (the cache carries image and prompt)', run: (ctx) => checkCacheMatchesFullPass(ctx, adapter, first(ctx, adapter)) },
    ],
  };
}

export interface ChatVlmOptions {
  /** The processor's call order: `processor(images, text)` (LLaVA-style) or `processor(text, images)`. */
  imagesFirst: boolean;
  /** The prompt comes from the processor's chat template (else `imagePrefix` + the prompt). */
  chatTemplate: boolean;
  imagePrefix?: string;
  /** Gemma3nProcessor / Gemma4Processor: `(text, images, audio, options)`; the harness passes no audio. */
  audioSlot?: boolean;
  /** The processor call's options (Gemma's `{ add_special_tokens: false }`: the chat template already starts with `<bos>`). */
  options?: Record<string, unknown>;
}

/**
 * A decoder-only chat VLM: the prompt is one user turn holding the image and the text, rendered by
 * the processor's chat template (or, for processors that build the prompt themselves, such as
 * PaliGemma's, the text after `imagePrefix`, the image token it expands); the processor then expands the image token to the family's count and
 * returns the vision inputs beside the ids. `imagesFirst`: the processor's call order
 * (`processor(images, text)` for LLaVA-style processors, `processor(text, images)` for Qwen-VL,
 * Idefics3, Gemma 3). The answer is the decoded new tokens.
 */
export function chatVlmAdapter({ imagesFirst, chatTemplate, imagePrefix = '', audioSlot = false, options }: ChatVlmOptions): VlmAdapter {
  return {
    decoderOnly: true,
    prompts: ['Describe this image.', 'What colour is the top left corner?', 'How many cats are there?'],
    async inputs(processor, { image, prompt }) {
      const text = chatTemplate
        ? processor.apply_chat_template([{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: prompt }] }], { add_generation_prompt: true })
        : `${imagePrefix}${prompt}`;
      if (imagesFirst) return options ? processor(image, text, options) : processor(image, text);
      if (audioSlot) return processor(text, image, null, ...(options ? [options] : []));
      return options ? processor(text, image, options) : processor(text, image);
    },
    answer(processor, newIds) {
      return [{ generated_text: processor.batch_decode(newIds, { skip_special_tokens: true })[0] }];
    },
    check: checkGeneratedText,
  };
}

/** `[{ generated_text }]` with a string: what a chat VLM's answer looks like. */
export function checkGeneratedText(output: unknown): void {
  assertArray(output, 'image-text-to-text output', 1);
  assertObject(output[0], 'answer');
  if (typeof output[0].generated_text !== 'string') fail(`generated_text must be a string, got ${preview(output[0].generated_text)}`);
}
