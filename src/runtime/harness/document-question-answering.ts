import { assertArray, assertObject, assertProbability, assertString, fail, InvalidInputError, preview } from './assert';
import { badImage, syntheticImage, validateImage } from './media';
import { pick } from './text';
import type { Call, HarnessContext, TaskHarness } from './types';

const DEFAULT_QUESTIONS = ['What is the invoice number?', 'What is the total amount due?'];
/** The tags of Donut's DocVQA prompt; a parsed answer never contains one. */
const TAGS = ['<s_docvqa>', '<s_question>', '</s_question>', '<s_answer>', '</s_answer>'];

/** The prompt DocumentQuestionAnsweringPipeline decodes from (transformers.js 4.3.1). */
export const docvqaPrompt = (question: string) => `<s_docvqa><s_question>${question}</s_question><s_answer>`;

function documentCalls(ctx: HarnessContext): Call[] {
  const images = pick(ctx.spec.inputs.images, ['synthetic document A', 'synthetic document B']);
  const questions = pick(ctx.spec.inputs.questions.map((q) => q.question).filter((q) => q.trim() !== ''), DEFAULT_QUESTIONS);
  return images.map((name, i) => {
    const question = questions[i % questions.length]!;
    return { label: `document (in memory, standing for ${preview(name, 50)}), question ${preview(question, 50)}`, input: syntheticImage(64, 48, i), options: { question } };
  });
}

/**
 * document-question-answering (DocumentQuestionAnsweringPipeline, Donut-style): the decoder continues
 * `<s_docvqa><s_question>Q</s_question><s_answer>` and the pipeline returns `[{ answer }]`, the text up
 * to `</s_answer>` (null when the model never closes it). transformers.js 4.3.1 gives no score.
 */
export const documentQuestionAnswering: TaskHarness = {
  task: 'document-question-answering',
  invoke: (pipe, call) => (pipe as unknown as (image: unknown, question: unknown) => Promise<unknown>)(call.input, call.options!.question),
  calls: documentCalls,
  validate(call) {
    if (Array.isArray(call.input)) throw new InvalidInputError(`${call.label}: one document image per call (the pipeline only supports a batch size of 1)`);
    validateImage(call);
    const question = call.options?.question;
    if (typeof question !== 'string' || question.trim() === '') throw new InvalidInputError(`${call.label}: empty question; ask the document something, got ${preview(question)}`);
  },
  check(output) {
    assertArray(output, 'document-question-answering output', 1);
    if (output.length !== 1) fail(`document-question-answering output: expected one answer for one document, got ${output.length}`);
    const [result] = output;
    assertObject(result, 'document answer');
    if (result.answer === null) fail('document answer is null: the generated text has no <s_answer>…</s_answer> (the model never closed its answer)');
    assertString(result.answer, 'document answer');
    if (result.answer !== result.answer.trim()) fail(`document answer ${preview(result.answer)} is not trimmed`);
    if (result.answer === '') fail('document answer is empty');
    const tag = TAGS.find((t) => (result.answer as string).includes(t));
    if (tag) fail(`document answer ${preview(result.answer)} contains the prompt tag ${tag}`);
    if ('score' in result) assertProbability(result.score, 'document answer score');
  },
  badInputs: () => [
    badImage(),
    { name: 'empty question', call: { label: 'empty question', input: syntheticImage(32, 32), options: { question: '  ' } }, error: /empty question/ },
    { name: 'batch of two', call: { label: 'batch of two', input: [syntheticImage(32, 32, 0), syntheticImage(32, 32, 1)], options: { question: 'What?' } }, error: /batch size of 1/ },
  ],
  extraTests: [
    {
      name: 'the answer is what the decoder generates after the task prompt, which it keeps as its context',
      async run(ctx) {
        const [call] = documentCalls(ctx) as [Call];
        const question = call.options!.question as string;
        const output = (await ctx.pipe(call.input, question)) as Array<{ answer: string }>;
        const generated = await generateAfterPrompt(ctx, call.input, question);
        checkContinuation(generated, question, output[0]!.answer);
      },
    },
  ],
};

/** The decoder's whole output for one document and question, decoded with its special tokens (as the pipeline decodes it). */
export async function generateAfterPrompt(ctx: HarnessContext, image: unknown, question: string): Promise<string> {
  const { pipe } = ctx;
  const { pixel_values } = await pipe.processor(image);
  const decoderInputIds = pipe.tokenizer(docvqaPrompt(question), { add_special_tokens: false }).input_ids;
  const output = await pipe.model.generate({ inputs: pixel_values, decoder_input_ids: decoderInputIds, max_length: pipe.model.config.decoder.max_position_embeddings });
  return pipe.tokenizer.batch_decode(output)[0] as string;
}

/** The generated text starts with the prompt (context kept through the cache) and the answer is the text between it and `</s_answer>`. */
export function checkContinuation(generated: string, question: string, answer: string): void {
  const prompt = docvqaPrompt(question);
  const start = generated.indexOf(prompt);
  if (start === -1) fail(`the generated text ${preview(generated)} does not continue the prompt ${preview(prompt)}`);
  const rest = generated.slice(start + prompt.length);
  const end = rest.indexOf('</s_answer>');
  if (end === -1) fail(`the generated text after the prompt, ${preview(rest)}, never closes the answer with </s_answer>`);
  if (rest.slice(0, end).trim() !== answer) fail(`the answer ${preview(answer)} is not the generated ${preview(rest.slice(0, end).trim())}`);
}
