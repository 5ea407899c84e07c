/** @jest-environment ./src/runtime/jest-environment.ts */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { harnessFor, HarnessAssertionError, InvalidInputError, type HarnessContext, type LoadedPipeline } from '../../src/runtime/harness';
import type { ModelSpec } from '../../src/runtime/spec';
import { tinyContext } from './tiny-context';

jest.setTimeout(60_000);

let cacheDir: string;
beforeAll(() => {
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-models-'));
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

const context = (modelType: string, task: string, category: ModelSpec['category'] = 'text') => tinyContext(modelType, task, cacheDir, category);

/** Runs the harness on the real output, then on each mutation of it: the real one passes, every mutation fails. */
async function provesWrongOutputsFail(ctx: HarnessContext, mutations: Record<string, (output: any) => unknown>): Promise<void> {
  const harness = harnessFor(ctx.spec.task)!;
  const call = harness.calls(ctx)[0];
  const output = await (harness.invoke ? harness.invoke(ctx.pipe, call) : ctx.pipe(call.input, call.options));
  await harness.check(output, call, ctx);
  for (const [name, mutate] of Object.entries(mutations)) {
    const wrong = mutate(structuredClone(output));
    await expect(Promise.resolve().then(() => harness.check(wrong, call, ctx))).rejects.toThrow(HarnessAssertionError);
    expect(name).toBeTruthy();
  }
}

describe('task harness assertions fail on wrong outputs', () => {
  test('fill-mask', async () => {
    const ctx = await context('bert', 'fill-mask');
    await provesWrongOutputsFail(ctx, {
      'unsorted scores': (o) => [o[1], o[0], ...o.slice(2)],
      'score above 1': (o) => [{ ...o[0], score: 1.5 }, ...o.slice(1)],
      'mask left in sequence': (o) => [{ ...o[0], sequence: `${o[0].sequence} [MASK]` }, ...o.slice(1)],
      'not an array': (o) => o[0],
      'more than top_k': (o) => [...o, ...o],
      'repeated candidate': (o) => [o[0], { ...o[0], score: o[0].score }],
    });
    await ctx.pipe.dispose();
  });

  test('text-classification: labels must come from the config', async () => {
    const ctx = await context('bert', 'text-classification');
    await provesWrongOutputsFail(ctx, {
      'invented label': (o) => [{ ...o[0], label: 'NOT_A_CONFIG_LABEL' }],
      'negative score': (o) => [{ ...o[0], score: -0.1 }],
    });
    await ctx.pipe.dispose();
  });

  test('a deliberately wrong model: config labels that the head does not produce are caught', async () => {
    const ctx = await context('bert', 'text-classification');
    const harness = harnessFor('text-classification')!;
    const call = harness.calls(ctx)[0];
    const output = await ctx.pipe(call.input, call.options);
    expect(() => harness.check(output, call, { ...ctx, labels: ['only-this-label-exists'] })).toThrow(HarnessAssertionError);
    await ctx.pipe.dispose();
  });

  test('zero-shot-classification: candidates and softmax', async () => {
    const ctx = await context('bert', 'zero-shot-classification');
    await provesWrongOutputsFail(ctx, {
      'label not a candidate': (o) => ({ ...o, labels: ['zzz', ...o.labels.slice(1)] }),
      'scores do not sum to 1': (o) => ({ ...o, scores: o.scores.map((s: number) => s / 2) }),
      'unsorted': (o) => ({ ...o, scores: [...o.scores].reverse().map((s: number, i: number) => (i === 0 ? s / 10 : s)) }),
    });
    await ctx.pipe.dispose();
  });

  test('question-answering: the answer must be a span of the context', async () => {
    const ctx = await context('bert', 'question-answering');
    await provesWrongOutputsFail(ctx, {
      'answer from nowhere': (o) => ({ ...o, answer: 'an answer that is not in the passage' }),
      'score NaN': (o) => ({ ...o, score: Number.NaN }),
    });
    await ctx.pipe.dispose();
  });

  test('feature-extraction: normalized finite embeddings', async () => {
    const ctx = await context('bert', 'feature-extraction');
    const harness = harnessFor('feature-extraction')!;
    const call = harness.calls(ctx)[0];
    const output = await ctx.pipe(call.input, call.options);
    harness.check(output, call, ctx);
    const scaled = { dims: output.dims, type: output.type, data: Float32Array.from(output.data as Float32Array, (v) => v * 2) };
    expect(() => harness.check(scaled, call, ctx)).toThrow(/normalized/);
    const nan = { dims: output.dims, type: output.type, data: Float32Array.from(output.data as Float32Array, (v, i) => (i === 0 ? Number.NaN : v)) };
    expect(() => harness.check(nan, call, ctx)).toThrow(/non-finite/);
    await ctx.pipe.dispose();
  });

  test('text-generation: the prompt must be kept, and a model that ignores its context is caught', async () => {
    const ctx = await context('gpt2', 'text-generation');
    await provesWrongOutputsFail(ctx, {
      'prompt dropped': (o) => [{ generated_text: o[0].generated_text.slice(3) }],
      'no text': () => [{}],
    });
    const harness = harnessFor('text-generation')!;
    const contextTest = harness.extraTests!.find((t) => /depends on the prompt/.test(t.name))!;
    await contextTest.run(ctx);
    // The same real model, but generate() answers every prompt with the same continuation.
    const realGenerate = ctx.pipe.model.generate.bind(ctx.pipe.model);
    const fixed = await ctx.pipe.tokenizer('same prompt');
    const deaf = Object.assign(Object.create(ctx.pipe.model), {
      generate: (options: Record<string, unknown>) => realGenerate({ ...options, ...fixed }),
    });
    const deafPipe = Object.assign(Object.create(Object.getPrototypeOf(ctx.pipe)), ctx.pipe, { model: deaf }) as LoadedPipeline;
    await expect(contextTest.run({ ...ctx, pipe: deafPipe })).rejects.toThrow(/ignores its context/);
    await ctx.pipe.dispose();
  });

  test('image-classification', async () => {
    const ctx = await context('vit', 'image-classification', 'vision');
    await provesWrongOutputsFail(ctx, {
      'invented label': (o) => [{ ...o[0], label: 'unicorn' }, ...o.slice(1)],
      'unsorted': (o) => [...o].reverse(),
    });
    await ctx.pipe.dispose();
  });

  test('zero-shot-image-classification (CLIP softmax over the candidates)', async () => {
    const ctx = await context('clip', 'zero-shot-image-classification', 'multimodal');
    await provesWrongOutputsFail(ctx, {
      'a candidate missing': (o) => o.slice(1),
      'scores do not sum to 1': (o) => o.map((c: { score: number }) => ({ ...c, score: c.score / 3 })),
    });
    await ctx.pipe.dispose();
  });

  test('automatic-speech-recognition', async () => {
    const ctx = await context('wav2vec2', 'automatic-speech-recognition', 'audio');
    await provesWrongOutputsFail(ctx, { 'no text': () => ({ chunks: [] }), 'text not a string': () => ({ text: 42 }) });
    await ctx.pipe.dispose();
  });

  test('zero-shot-audio-classification (CLAP softmax over the candidates)', async () => {
    const ctx = await context('clap', 'zero-shot-audio-classification', 'audio');
    await provesWrongOutputsFail(ctx, {
      'a candidate missing': (o) => o.slice(1),
      'an invented label': (o) => [{ ...o[0], label: 'not a candidate' }, ...o.slice(1)],
      'scores do not sum to 1': (o) => o.map((c: { score: number }) => ({ ...c, score: c.score / 3 })),
      'score above 1': (o) => [{ ...o[0], score: 1.5 }, ...o.slice(1)],
    });
    const harness = harnessFor('zero-shot-audio-classification')!;
    for (const bad of harness.badInputs(ctx)) expect(() => harness.validate(bad.call, ctx)).toThrow(bad.error);
    await ctx.pipe.dispose();
  });

  test('text-to-audio (VITS waveform)', async () => {
    const ctx = await context('vits', 'text-to-audio', 'audio');
    await provesWrongOutputsFail(ctx, {
      'no samples': (o) => ({ ...o, audio: new Float32Array(0) }),
      'a NaN sample': (o) => ({ ...o, audio: Float32Array.from(o.audio, (s: number, i: number) => (i === 3 ? NaN : s)) }),
      'silence': (o) => ({ ...o, audio: new Float32Array(o.audio.length) }),
      'samples as a plain array': (o) => ({ ...o, audio: Array.from(o.audio) }),
      'no sampling rate': (o) => ({ audio: o.audio }),
      'fractional sampling rate': (o) => ({ ...o, sampling_rate: 16000.5 }),
    });
    const harness = harnessFor('text-to-speech')!;
    expect(harness.task).toBe('text-to-audio');
    for (const bad of harness.badInputs(ctx)) expect(() => harness.validate(bad.call, ctx)).toThrow(bad.error);
    await ctx.pipe.dispose();
  });

  test('bad inputs are refused with clear errors before they reach the model', async () => {
    const ctx = await context('bert', 'fill-mask');
    const harness = harnessFor('fill-mask')!;
    for (const bad of harness.badInputs(ctx)) {
      expect(() => harness.validate(bad.call, ctx)).toThrow(InvalidInputError);
      expect(() => harness.validate(bad.call, ctx)).toThrow(bad.error);
    }
    await ctx.pipe.dispose();
  });
});

describe('translation languages', () => {
  test("the legacy file's own language pair when the tokenizer knows it, else the tokenizer's configured pair", async () => {
    const ctx = await context('m2m_100', 'translation');
    const harness = harnessFor('translation')!;
    const languagesOf = (languages: ModelSpec['inputs']['languages']) => {
      const options = harness.calls({ ...ctx, spec: { ...ctx.spec, inputs: { ...ctx.spec.inputs, languages } } })[0].options!;
      return [options.src_lang, options.tgt_lang];
    };
    try {
      // The tiny M2M-100 tokenizer is configured en -> fr, like the real checkpoint's defaults.
      expect(languagesOf(undefined)).toEqual(['en', 'fr']);
      expect(languagesOf({ source: 'hi', target: 'de' })).toEqual(['hi', 'de']);
      expect(languagesOf({ target: 'ja' })).toEqual(['en', 'ja']);
      // A code the tokenizer does not have (an mBART code on M2M-100) is not passed on.
      expect(languagesOf({ source: 'en_XX', target: 'ro_RO' })).toEqual(['en', 'fr']);
      // Texts stated with their own pair keep it; a pair the tokenizer does not know falls back as above.
      const cases = harness.calls({
        ...ctx,
        spec: { ...ctx.spec, inputs: { ...ctx.spec.inputs, languages: { target: 'ja' }, translations: [{ text: 'Bonjour', source: 'fr' }, { text: 'Hallo', source: 'de', target: 'ro' }, { text: 'x', source: 'en_XX', target: 'ro_RO' }] } },
      });
      expect(cases.map((c) => [c.input, c.options!.src_lang, c.options!.tgt_lang])).toEqual([['Bonjour', 'fr', 'ja'], ['Hallo', 'de', 'ro'], ['x', 'en', 'fr']]);
      expect(cases[0].label).toContain('[fr->ja]');
      // The stated pair really drives the pipeline: the output is a translation, decoded without language tokens.
      const call = harness.calls({ ...ctx, spec: { ...ctx.spec, inputs: { ...ctx.spec.inputs, languages: { source: 'hi', target: 'de' } } } })[0];
      const output = await ctx.pipe(call.input, call.options);
      await harness.check(output, call, ctx);
      expect((output as Array<{ translation_text: string }>)[0].translation_text).not.toMatch(/__de__|__hi__/);
    } finally {
      await ctx.pipe.dispose();
    }
  });
});
