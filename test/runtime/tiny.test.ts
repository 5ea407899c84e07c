/** @jest-environment ./src/runtime/jest-environment.ts */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { openTinySession, tinyWorkspace } from './tiny-workspace';
import { buildTinyModel, OnnxGraphBuilder, tinyArchitectureFor, tinyCoverage, TINY_BUILDER_VERSION } from '../../src/runtime/tiny';
import { ModelProto } from '../../src/runtime/tiny/proto';
import { loadOrt, loadTransformers } from '../../src/runtime/host';
import { scratchRoot } from '../helpers/tmp';

// The host realm's inference stack, as the runtime uses it: loaded and compiled once per worker, not per test file.
const { AutoTokenizer, env, pipeline } = loadTransformers();
const ort = loadOrt();

const execFileAsync = promisify(execFile);

// Generous: the encoder matrix loads ~110 tiny models; each takes tens of milliseconds.
jest.setTimeout(120_000);

const workspace = tinyWorkspace('tiny encoders', { env, pipeline });

const MASK_TOKEN_BY_TYPE = (tokenizer: any) => tokenizer.mask_token as string;

describe('ONNX writer', () => {
  it('writes a protobuf ModelProto that onnxruntime runs, with symbolic dims', async () => {
    const g = new OnnxGraphBuilder('sum_embeddings', 'seed');
    const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
    const table = g.floatTensor('table', [3, 2], [1, 2, 3, 4, 5, 6]);
    const summed = g.node('ReduceSum', [g.node('Gather', [table, ids], { axis: 0 }), g.ints([1])], { keepdims: 0 });
    g.output('sum', 'float32', ['batch_size', 2], summed);
    const bytes = g.toBytes();

    const decoded = ModelProto.toObject(ModelProto.decode(bytes), { longs: Number }) as any;
    expect(decoded.opset_import).toEqual([{ domain: '', version: 17 }]);
    expect(decoded.graph.input[0].type.tensor_type.shape.dim).toEqual([{ dim_param: 'batch_size' }, { dim_param: 'sequence_length' }]);

    const session = await openTinySession(bytes);
    const result = await session.run({ input_ids: new ort.Tensor('int64', BigInt64Array.from([0n, 2n, 1n, 1n]), [2, 2]) });
    expect(result.sum!.dims).toEqual([2, 2]);
    expect(Array.from(result.sum!.data as Float32Array)).toEqual([6, 8, 6, 8]);
  });

  it('draws the same weights for the same seed and different weights for another seed', () => {
    const weights = (seed: string) => {
      const g = new OnnxGraphBuilder('w', seed);
      g.output('w_out', 'float32', [4], g.randomWeight('w', [4], 1));
      return Buffer.from(g.toBytes());
    };
    expect(weights('a').equals(weights('a'))).toBe(true);
    expect(weights('a').equals(weights('b'))).toBe(false);
  });

  it('rejects a value name defined twice and a tensor whose data does not fit its shape', () => {
    const g = new OnnxGraphBuilder('bad', 'seed');
    g.input('x', 'float32', [1]);
    expect(() => g.input('x', 'float32', [1])).toThrow(/"x" is defined twice/);
    expect(() => g.floatTensor('t', [2, 2], [1, 2, 3])).toThrow(/needs 4 values, got 3/);
  });
});

describe('tinyArchitectureFor', () => {
  it('maps encoder tasks to the family class transformers.js loads', () => {
    expect(tinyArchitectureFor('bert', 'fill-mask')).toEqual({
      supported: true,
      kind: 'encoder',
      modelType: 'bert',
      task: 'fill-mask',
      architecture: 'BertForMaskedLM',
    });
    expect(tinyArchitectureFor('distilbert', 'sentiment-analysis')).toMatchObject({ task: 'text-classification', architecture: 'DistilBertForSequenceClassification' });
    expect(tinyArchitectureFor('gpt2', 'text-generation')).toMatchObject({ kind: 'decoder', architecture: 'GPT2LMHeadModel' });
  });

  it('explains every unsupported combination', () => {
    expect(tinyArchitectureFor('pegasus', 'summarization')).toEqual({ supported: false, reason: expect.stringMatching(/no Pegasus model class/) });
    expect(tinyArchitectureFor('mbart', 'text-generation')).toEqual({ supported: false, reason: expect.stringMatching(/names no cache/) });
    expect(tinyArchitectureFor('albert', 'token-classification')).toEqual({
      supported: false,
      reason: expect.stringMatching(/no albert class for task "token-classification"/),
    });
    expect(tinyArchitectureFor('gpt2', 'fill-mask')).toEqual({ supported: false, reason: expect.stringMatching(/built for text-generation and feature-extraction only, not "fill-mask"/) });
    expect(tinyArchitectureFor('not-a-model', 'fill-mask')).toEqual({ supported: false, reason: 'no tiny builder for model_type "not-a-model"' });
    expect(tinyArchitectureFor('', 'fill-mask')).toEqual({ supported: false, reason: 'model_type must be a non-empty string' });
  });

  it('buildTinyModel refuses unsupported inputs with the reason', async () => {
    await expect(buildTinyModel({ modelType: 't5', task: 'fill-mask', cacheDir: workspace.cacheDir })).rejects.toThrow(/\(t5, fill-mask\).*no t5 class/);
    // An encoder-decoder's base model: transformers.js's pipeline gives its decoder no input_ids.
    await expect(buildTinyModel({ modelType: 't5', task: 'feature-extraction', cacheDir: workspace.cacheDir })).rejects.toThrow(/MODEL_MAPPING_NAMES_ENCODER_DECODER.*Missing the following inputs: input_ids/);
    await expect(buildTinyModel({ modelType: 'hrm_text', task: 'feature-extraction', cacheDir: workspace.cacheDir })).rejects.toThrow(/Missing the following inputs: token_type_ids/);
    await expect(buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir: '' })).rejects.toThrow(/cacheDir must be/);
  });
});

describe('determinism and cache', () => {
  it('builds byte-identical files for the same inputs in different cache roots', async () => {
    const otherRoot = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-models-b-'));
    try {
      for (const [modelType, task] of [
        ['bert', 'fill-mask'],
        ['llama', 'text-generation'],
      ] as const) {
        const a = await buildTinyModel({ modelType, task, cacheDir: workspace.cacheDir });
        const b = await buildTinyModel({ modelType, task, cacheDir: otherRoot });
        expect(b.modelId).toBe(a.modelId);
        expect(b.files).toEqual(a.files);
        for (const file of a.files) {
          expect(fs.readFileSync(path.join(b.dir, file)).equals(fs.readFileSync(path.join(a.dir, file)))).toBe(true);
        }
      }
    } finally {
      fs.rmSync(otherRoot, { recursive: true, force: true });
    }
  });

  it('reuses a cached build without rewriting it, and keys the cache on the inputs', async () => {
    const first = await buildTinyModel({ modelType: 'electra', task: 'question-answering', cacheDir: workspace.cacheDir });
    const modelFile = path.join(first.dir, 'onnx/model.onnx');
    const before = fs.statSync(modelFile).mtimeMs;
    const second = await buildTinyModel({ modelType: 'electra', task: 'question-answering', cacheDir: workspace.cacheDir });
    expect(second).toEqual({ ...first, fromCache: true });
    expect(fs.statSync(modelFile).mtimeMs).toBe(before);
    expect(first.modelId).toMatch(/^tiny-random\/electra-question-answering-[0-9a-f]{12}$/);
    expect(first.files).toEqual(['config.json', 'onnx/model.onnx', 'tokenizer.json', 'tokenizer_config.json']);

    const other = await buildTinyModel({ modelType: 'electra', task: 'fill-mask', cacheDir: workspace.cacheDir });
    expect(other.dir).not.toBe(first.dir);
    expect(TINY_BUILDER_VERSION).toBeGreaterThan(0);
  });

  it('survives concurrent builds of the same model from separate processes (like Jest workers)', async () => {
    const sharedRoot = fs.mkdtempSync(path.join(scratchRoot(), 'tiny-models-race-'));
    try {
      const script = `require('./src/runtime/tiny').buildTinyModel({ modelType: 'roberta', task: 'feature-extraction', cacheDir: ${JSON.stringify(sharedRoot)} })
        .then((m) => process.stdout.write(JSON.stringify(m)), (e) => { console.error(e); process.exit(1); })`;
      const runs = await Promise.all(
        Array.from({ length: 4 }, () => execFileAsync(process.execPath, ['-r', require.resolve('../../bin/register-ts.cjs'), '-e', script], { cwd: path.resolve(__dirname, '../..') })),
      );
      const models = runs.map((r) => JSON.parse(r.stdout) as { dir: string; files: string[] });
      expect(new Set(models.map((m) => m.dir)).size).toBe(1);
      expect(fs.readdirSync(path.dirname(models[0]!.dir)).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
      const reference = await buildTinyModel({ modelType: 'roberta', task: 'feature-extraction', cacheDir: workspace.cacheDir });
      for (const file of reference.files) {
        expect(fs.readFileSync(path.join(models[0]!.dir, file)).equals(fs.readFileSync(path.join(reference.dir, file)))).toBe(true);
      }
    } finally {
      fs.rmSync(sharedRoot, { recursive: true, force: true });
    }
  });
});

describe('tokenizers load in transformers.js', () => {
  it('BERT WordPiece: lower-cases, adds [CLS]/[SEP], returns token_type_ids, never loses text', async () => {
    const model = await buildTinyModel({ modelType: 'bert', task: 'fill-mask', cacheDir: workspace.cacheDir });
    const tokenizer: any = await AutoTokenizer.from_pretrained(model.modelId);
    expect(tokenizer.constructor.name).toBe('BertTokenizer');
    const encoded = tokenizer('Hello World', { text_pair: 'the cat' });
    const ids: number[] = Array.from(encoded.input_ids.data as BigInt64Array, Number);
    expect(tokenizer.decode(ids)).toBe('[CLS] hello world [SEP] the cat [SEP]');
    expect(Array.from(encoded.token_type_ids.data as BigInt64Array, Number)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    // Out-of-vocabulary words fall back to characters, not [UNK].
    expect(tokenizer.decode(tokenizer.encode('zygote 42!', { add_special_tokens: false }))).toBe('zygote 42!');
    expect(tokenizer.mask_token).toBe('[MASK]');
  });

  it('RoBERTa byte-level BPE: round-trips any text and keeps <mask> whole', async () => {
    const model = await buildTinyModel({ modelType: 'roberta', task: 'fill-mask', cacheDir: workspace.cacheDir });
    const tokenizer: any = await AutoTokenizer.from_pretrained(model.modelId);
    expect(tokenizer.constructor.name).toBe('RobertaTokenizer');
    const text = 'Héllo wörld — the movie was great! 東京 🚀';
    expect(tokenizer.decode(tokenizer.encode(text), { skip_special_tokens: true })).toBe(text);
    const ids: number[] = tokenizer.encode('The capital of France is <mask>.');
    expect(ids[0]).toBe(tokenizer.convert_tokens_to_ids('<s>'));
    expect(ids.at(-1)).toBe(tokenizer.convert_tokens_to_ids('</s>'));
    expect(ids.filter((id) => id === tokenizer.mask_token_id)).toHaveLength(1);
    // Common words are single tokens, so sequences stay short.
    expect(tokenizer.encode('the movie', { add_special_tokens: false })).toHaveLength(2);
  });

  it('Llama-style tokenizer prepends <s> and pads on the left', async () => {
    const model = await buildTinyModel({ modelType: 'llama', task: 'text-generation', cacheDir: workspace.cacheDir });
    const tokenizer: any = await AutoTokenizer.from_pretrained(model.modelId);
    expect(tokenizer.constructor.name).toBe('LlamaTokenizer');
    expect(tokenizer.encode('hello')[0]).toBe(tokenizer.bos_token_id);
    expect(tokenizer.padding_side).toBe('left');
  });
});

const encoderCases = tinyCoverage().filter((c) => c.kind === 'encoder');

describe('every tiny encoder loads in onnxruntime and runs its transformers.js pipeline', () => {
  it.each(encoderCases.map((c) => [c.modelType, c.task] as const))('%s / %s', async (modelType, task) => {
    const { model, pipe } = await workspace.buildAndLoad(modelType, task);
    // The onnxruntime session the pipeline opened on onnx/model.onnx.
    const session = pipe.model.sessions.model;
    expect(session.inputNames.slice(0, 2)).toEqual(['input_ids', 'attention_mask']);
    expect(pipe.model.constructor.name).toBe(model.architecture);

    const tokenizer = pipe.tokenizer;
    switch (task) {
      case 'fill-mask': {
        const out = await pipe(`The capital of France is ${MASK_TOKEN_BY_TYPE(tokenizer)}.`, { top_k: 3 });
        expect(out).toHaveLength(3);
        expect(out[0]).toEqual(expect.objectContaining({ score: expect.any(Number), token: expect.any(Number), token_str: expect.any(String) }));
        const { logits } = await pipe.model(tokenizer('the cat sat'));
        expect(logits.dims).toEqual([1, tokenizer("the cat sat").input_ids.dims[1], pipe.model.config.vocab_size]);
        break;
      }
      case 'text-classification': {
        const out = await pipe('I love this movie');
        expect(out).toEqual([{ label: expect.stringMatching(/^(NEGATIVE|POSITIVE)$/), score: expect.any(Number) }]);
        break;
      }
      case 'token-classification': {
        const out = await pipe('My name is Sarah and I live in London', { ignore_labels: [] });
        expect(out.length).toBeGreaterThan(3);
        expect(out[0]).toEqual(expect.objectContaining({ entity: expect.stringMatching(/^(O|[BI]-(PER|ORG|LOC|MISC))$/), word: expect.any(String) }));
        break;
      }
      case 'question-answering': {
        const out = await pipe('Who lives in Paris?', 'My name is Sarah and I live in Paris.');
        expect(out).toEqual({ answer: expect.any(String), score: expect.any(Number) });
        expect(out.answer.length).toBeGreaterThan(0);
        break;
      }
      case 'feature-extraction': {
        const out = await pipe('hello world', { pooling: 'mean', normalize: true });
        expect(out.dims).toEqual([1, 32]);
        break;
      }
      case 'zero-shot-classification': {
        const out = await pipe('I love this movie', ['positive', 'negative', 'neutral']);
        expect(out.labels.sort()).toEqual(['negative', 'neutral', 'positive']);
        expect(out.scores.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
        expect(pipe.model.config.label2id).toEqual({ contradiction: 0, neutral: 1, entailment: 2 });
        break;
      }
      default:
        throw new Error(`untested encoder task ${task}`);
    }
  });

  it('encoder outputs depend on the token and on the rest of the sequence', async () => {
    const model = await buildTinyModel({ modelType: 'bert', task: 'feature-extraction', cacheDir: workspace.cacheDir });
    const session = await openTinySession(path.join(model.dir, 'onnx/model.onnx'));
    const run = async (ids: number[]) => {
      const t = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
      const out = await session.run({ input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) });
      const hidden = out.last_hidden_state!;
      expect(hidden.dims).toEqual([1, ids.length, 32]);
      return Array.from((hidden.data as Float32Array).slice(0, 32)); // state of the first token
    };
    const base = await run([2, 10, 11, 3]);
    expect(await run([2, 10, 11, 3])).toEqual(base);
    expect(await run([2, 10, 12, 3])).not.toEqual(base); // context changed
  });
});
