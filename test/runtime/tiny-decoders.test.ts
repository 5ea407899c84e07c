/** @jest-environment ./src/runtime/jest-environment.ts */
import * as path from 'node:path';
import { openTinySession, tinyWorkspace, type InferenceSession, type OrtTensor } from './tiny-workspace';
import { loadedOncePerFile } from './tiny-context';
import { buildTinyModel, tinyCoverage } from '../../src/runtime/tiny';
import { presentNameFor } from '../../src/runtime/tiny/decoder';
import { loadOrt, loadTransformers } from '../../src/runtime/host';

// The host realm's inference stack, as the runtime uses it: loaded and compiled once per worker, not per test file.
const { Tensor, env, pipeline } = loadTransformers();
const ort = loadOrt();

// Generous: the decoder matrix loads ~70 tiny models and generates with each.
jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny decoders', { env, pipeline });
const decoderCases = tinyCoverage().filter((c) => c.kind === 'decoder' && c.task === 'text-generation');

/** One pipeline per family, shared by the tests that use it. */
const textGenerator = loadedOncePerFile((modelType) => workspace.buildAndLoad(modelType, 'text-generation'), ({ pipe }) => pipe.dispose());

/**
 * For decoders taking Qwen-VL `position_ids` [3, batch, seq]: the positions transformers.js 4.3.1
 * feeds while generating (prompt 0..L-1, then each new token at its index + 2L; see the test
 * below), so a full forward pass sees the same positions as the cached one. Empty otherwise.
 */
function transformersJsMropePositions(session: InferenceSession, promptLength: number, length: number): { position_ids?: unknown } {
  const meta = session.inputMetadata.find((m) => m.name === 'position_ids') as { shape?: unknown[] } | undefined;
  if (meta?.shape?.length !== 3) return {};
  const row = Array.from({ length }, (_, i) => BigInt(i < promptLength ? i : i + 2 * promptLength));
  return { position_ids: new Tensor('int64', BigInt64Array.from([...row, ...row, ...row]), [3, 1, length]) };
}

/** HRM-Text's `token_type_ids` as transformers.js feeds them while generating: 1 for the prompt, 0 after. */
function hrmTokenTypeIds(session: InferenceSession, promptLength: number, length: number): { token_type_ids?: unknown } {
  if (!session.inputNames.includes('token_type_ids')) return {};
  return { token_type_ids: new Tensor('int64', BigInt64Array.from({ length }, (_, i) => (i < promptLength ? 1n : 0n)), [1, length]) };
}

describe('every tiny decoder generates with a real KV cache', () => {
  it.each(decoderCases.map((c) => [c.modelType] as const))('%s', async (modelType) => {
    const { model, pipe } = await textGenerator(modelType);
    // Multimodal families run their text through embed_tokens + decoder_model_merged.
    const multimodal = model.files.includes('onnx/decoder_model_merged.onnx');
    expect(Object.keys(pipe.model.sessions).sort()).toEqual(multimodal ? ['decoder_model_merged', 'embed_tokens'] : ['model']);
    // The onnxruntime session the pipeline opened on the decoder graph.
    const session: InferenceSession = pipe.model.sessions[multimodal ? 'decoder_model_merged' : 'model'];
    expect(session.inputNames).toEqual(expect.arrayContaining([multimodal ? 'inputs_embeds' : 'input_ids', 'attention_mask']));
    expect(session.outputNames).toContain('logits');
    // Every cache input has the present output transformers.js maps back onto it, and there is
    // an attention cache (transformers.js reads the past length from it).
    const cacheInputs = session.inputNames.filter((n) => !['input_ids', 'inputs_embeds', 'per_layer_inputs', 'token_type_ids', 'attention_mask', 'position_ids'].includes(n));
    expect(cacheInputs.some((n) => n.startsWith('past_key_values.'))).toBe(true);
    for (const past of cacheInputs) expect(session.outputNames).toContain(presentNameFor(past));
    expect(session.outputNames).toHaveLength(cacheInputs.length + 1);

    expect(pipe.model.constructor.name).toBe(model.architecture);

    const out = await pipe('Once upon a time', { max_new_tokens: 5 });
    expect(out).toEqual([{ generated_text: expect.stringMatching(/^Once upon a time./) }]);

    // Exactly the requested number of new tokens, and the cached path agrees with a full forward pass.
    const inputs = pipe.tokenizer('the cat sat on the mat');
    const promptLength = inputs.input_ids.dims[1];
    const generated = await pipe.model.generate({ ...inputs, max_new_tokens: 6, do_sample: false });
    const sequence: bigint[] = Array.from(generated.data as BigInt64Array);
    expect(sequence).toHaveLength(promptLength + 6);

    const full = new Tensor('int64', BigInt64Array.from(sequence), [1, sequence.length]);
    const fullMask = new Tensor('int64', new BigInt64Array(sequence.length).fill(1n), [1, sequence.length]);
    const { logits } = await pipe.model({ input_ids: full, attention_mask: fullMask, ...transformersJsMropePositions(session, promptLength, sequence.length), ...hrmTokenTypeIds(session, promptLength, sequence.length) });
    const vocab = logits.dims[2];
    const data = logits.data as Float32Array;
    for (let pos = promptLength - 1; pos < sequence.length - 1; pos++) {
      const row = data.subarray(pos * vocab, (pos + 1) * vocab);
      expect(BigInt(row.indexOf(Math.max(...row)))).toBe(sequence[pos + 1]);
    }
  });

  it('transformers.js 4.3.1 shifts Qwen-VL text-only mrope positions by 2 × prompt length after the prompt', async () => {
    const { model, pipe } = await textGenerator('qwen3_5');
    const session = pipe.model.sessions.decoder_model_merged;
    const seen: bigint[][] = [];
    const inputs = pipe.tokenizer('the cat sat');
    const prompt = inputs.input_ids.dims[1] as number;
    const run = session.run.bind(session);
    session.run = async (feeds: any, ...rest: unknown[]) => {
      seen.push(Array.from(feeds.position_ids.data as BigInt64Array).slice(0, feeds.position_ids.dims[2]));
      return run(feeds, ...rest);
    };
    try {
      await pipe.model.generate({ ...inputs, max_new_tokens: 3, do_sample: false });
    } finally {
      session.run = run;
    }
    expect(model.files).toContain('onnx/decoder_model_merged.onnx');
    // _get_text_only_rope_index adds the prompt length where Hugging Face subtracts it: the first
    // new token sits at 3L instead of L.
    const at = (i: number) => BigInt(i);
    expect(seen).toEqual([Array.from({ length: prompt }, (_, i) => at(i)), [at(3 * prompt)], [at(3 * prompt + 1)]]);
  });

  it('hybrid decoders: every convolution / recurrent state changes the next-token logits', async () => {
    const model = await buildTinyModel({ modelType: 'falcon_h1', task: 'text-generation', cacheDir: workspace.cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    const int64 = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
    const shapeOf = (name: string) => (session.inputMetadata.find((m) => m.name === name) as any).shape.map((d: number | string) => (typeof d === 'number' ? d : d === 'batch_size' ? 1 : 0));
    const states = session.inputNames.filter((n) => n.startsWith('past_') && !n.startsWith('past_key_values.'));
    expect(states).toEqual(['past_conv.0', 'past_ssm.0', 'past_conv.1', 'past_ssm.1']);
    const step = async (filled?: string) => {
      const feeds: Record<string, OrtTensor> = { input_ids: int64([42]), attention_mask: int64([1]), position_ids: int64([0]) };
      for (const name of session.inputNames.filter((n) => n.startsWith('past'))) {
        const dims: number[] = shapeOf(name);
        feeds[name] = new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(name === filled ? 1 : 0), dims);
      }
      return Array.from((await session.run(feeds)).logits!.data as Float32Array);
    };
    const empty = await step();
    for (const state of states) expect(await step(state)).not.toEqual(empty);
  });

  it('continuations depend on the whole prompt, not just its last token', async () => {
    const { pipe } = await textGenerator('gpt2');
    const continuation = async (prompt: string) =>
      ((await pipe(prompt, { max_new_tokens: 6, return_full_text: false })) as Array<{ generated_text: string }>)[0]!.generated_text;
    const a = await continuation('I love this movie and the');
    const b = await continuation('Paris is the capital of the');
    expect(a).not.toBe(b);
    expect(await continuation('I love this movie and the')).toBe(a);
  });
});
