/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { harnessFor } from '../../src/runtime/harness';
import { checkContinuation, docvqaPrompt, generateAfterPrompt } from '../../src/runtime/harness/document-question-answering';
import { syntheticImage } from '../../src/runtime/harness/media';
import { runCall } from '../../src/runtime/describe-model';
import { loadTransformers } from '../../src/runtime/host';
import { passesHarness, tinyContext } from './tiny-context';
import { tinyWorkspace } from './tiny-workspace';
import { buildTinyModel, tinyArchitectureFor, tinyCoverage } from '../../src/runtime/tiny';

jest.setTimeout(60_000);

const workspace = tinyWorkspace('tiny vision documents', loadTransformers());
const context = (modelType: string, task: string) => tinyContext(modelType, task, workspace.cacheDir, 'vision');
const readJson = (dir: string, file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));

describe('vision-encoder-decoder / document-question-answering (Donut)', () => {
  it('is VisionEncoderDecoderModel with a donut-swin encoder, an MBart decoder and the DocVQA tags in its tokenizer', async () => {
    expect(tinyArchitectureFor('vision-encoder-decoder', 'document-question-answering')).toEqual({
      supported: true, kind: 'seq2seq', modelType: 'vision-encoder-decoder', task: 'document-question-answering', architecture: 'VisionEncoderDecoderModel',
    });
    expect(tinyCoverage()).toContainEqual({ modelType: 'vision-encoder-decoder', task: 'document-question-answering', kind: 'seq2seq' });
    const model = await buildTinyModel({ modelType: 'vision-encoder-decoder', task: 'document-question-answering', cacheDir: workspace.cacheDir });
    expect(model.files).toEqual(expect.arrayContaining(['onnx/encoder_model.onnx', 'onnx/decoder_model_merged.onnx', 'preprocessor_config.json', 'tokenizer.json']));
    const config = readJson(model.dir, 'config.json');
    expect(config).toMatchObject({ architectures: ['VisionEncoderDecoderModel'], encoder: { model_type: 'donut-swin' }, decoder: { model_type: 'mbart', max_position_embeddings: 64 } });
    expect(readJson(model.dir, 'preprocessor_config.json')).toMatchObject({ image_processor_type: 'DonutImageProcessor', do_thumbnail: true, do_pad: true });
    // The image-to-text model keeps its ViT + GPT-2 pairing.
    const captioner = await buildTinyModel({ modelType: 'vision-encoder-decoder', task: 'image-to-text', cacheDir: workspace.cacheDir });
    expect(readJson(captioner.dir, 'config.json').decoder.model_type).toBe('gpt2');

    const { pipe } = await workspace.buildAndLoad('vision-encoder-decoder', 'document-question-answering');
    // MBart decoder: the cache has encoder and decoder keys (getCacheNames of the normalized decoder config).
    expect(pipe.model.sessions.decoder_model_merged.inputNames).toEqual(expect.arrayContaining(['past_key_values.0.decoder.key', 'past_key_values.0.encoder.value']));
    const tags = pipe.tokenizer(docvqaPrompt('Who?'), { add_special_tokens: false }).input_ids;
    const ids = Array.from(tags.data as BigInt64Array, Number);
    for (const tag of ['<s_docvqa>', '<s_question>', '</s_question>', '<s_answer>']) expect(ids).toContain(pipe.tokenizer.convert_tokens_to_ids(tag));
    await pipe.dispose();
  });

  it('runs its pipeline and passes the document-question-answering harness (and its extra test)', async () => {
    const ctx = await context('vision-encoder-decoder', 'document-question-answering');
    const harness = harnessFor('document-question-answering')!;
    const outputs = (await passesHarness(ctx, harness)) as Array<Array<{ answer: string }>>;
    for (const extra of harness.extraTests ?? []) await extra.run(ctx);
    // The question is context too: the same page asked two things is answered from two different prompts.
    const page = syntheticImage(64, 48, 0);
    const [a, b] = [await generateAfterPrompt(ctx, page, 'What is the date?'), await generateAfterPrompt(ctx, page, 'Who signed it?')];
    expect(a).toContain(docvqaPrompt('What is the date?'));
    expect(b).toContain(docvqaPrompt('Who signed it?'));
    expect(outputs.every((o) => o[0]!.answer.length > 0)).toBe(true);
    await ctx.pipe.dispose();
  });

  it('the harness fails on altered outputs', async () => {
    const ctx = await context('vision-encoder-decoder', 'document-question-answering');
    const harness = harnessFor('document-question-answering')!;
    const [call] = harness.calls(ctx);
    const output = (await runCall(harness, ctx, call!)) as Array<{ answer: string }>;
    harness.check(output, call!, ctx);
    const answer = output[0]!.answer;
    const rejects = (o: unknown, message: RegExp) => expect(() => harness.check(o, call!, ctx)).toThrow(message);
    rejects([{ answer: null }], /never closed its answer/);
    rejects([], /expected at least 1 item/);
    rejects([...output, ...output], /expected one answer for one document, got 2/);
    rejects([{ answer: ` ${answer}` }], /is not trimmed/);
    rejects([{ answer: `${answer} </s_answer>` }], /contains the prompt tag <\/s_answer>/);
    rejects([{ answer: 42 }], /document answer: expected a string/);
    rejects([{ answer, score: 3 }], /score: expected a score within \[0, 1\]/);
    const question = call!.options!.question as string;
    const generated = await generateAfterPrompt(ctx, call!.input, question);
    checkContinuation(generated, question, answer);
    expect(() => checkContinuation(generated, question, `${answer}x`)).toThrow(/is not the generated/);
    expect(() => checkContinuation(generated.replace('</s_answer>', ''), question, answer)).toThrow(/never closes the answer/);
    expect(() => checkContinuation(generated.replace('<s_question>', ''), question, answer)).toThrow(/does not continue the prompt/);
    await ctx.pipe.dispose();
  });
});

describe('groupvit / zero-shot-image-classification (AutoModel → GroupViTModel)', () => {
  it('runs its pipeline and passes the zero-shot-image-classification harness', async () => {
    expect(tinyArchitectureFor('groupvit', 'zero-shot-image-classification')).toMatchObject({ supported: true, kind: 'dual-encoder', architecture: 'GroupViTModel' });
    const ctx = await context('groupvit', 'zero-shot-image-classification');
    expect(ctx.pipe.model.constructor.name).toBe('GroupViTModel');
    await passesHarness(ctx, harnessFor('zero-shot-image-classification')!);
    await ctx.pipe.dispose();
  });
});
