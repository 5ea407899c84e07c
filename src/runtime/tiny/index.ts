import * as path from 'node:path';
import { listFiles, writeDirectoryAtomically, type ModelFiles } from './cache';
import { decoderModelFiles } from './decoder';
import { buildEncoderGraph, encoderConfig } from './encoder';
import { TINY_FAMILIES, tinyArchitectureFor, type EncoderTask, type TinyKind } from './families';
import { isMediaModelType, renderMediaModelFiles } from './media';
import { stableHash } from './random';
import { isSeq2SeqModelType, renderSeq2SeqFiles, SEQ2SEQ_BUILDER_REVISION } from './seq2seq';
import { buildTokenizer } from './tokenizer';

export { tinyArchitectureFor, tinyCoverage, type TinyArchitecture, type TinyKind } from './families';
export { OnnxGraphBuilder, type Dim } from './onnx';

/**
 * Bump whenever anything that shapes the output changes (graphs, weights, tokenizers, configs):
 * it is part of the cache key, so stale cached models are never reused.
 */
export const TINY_BUILDER_VERSION = 1;

/** The org under which tiny models live: `<cacheDir>/tiny-random/<name>`. */
export const TINY_MODEL_ORG = 'tiny-random';

/** Longest sequence a tiny model accepts (tokenizer `model_max_length`; position tables are larger). */
const MODEL_MAX_LENGTH = 512;

export interface BuildTinyModelOptions {
  /** Hugging Face `model_type`, exact spelling (`bert`, `xlm-roberta`, `gpt2`). */
  modelType: string;
  /** transformers.js pipeline task (`fill-mask`, `text-generation`, ...). */
  task: string;
  /** Root handed to transformers.js as `env.localModelPath`. */
  cacheDir: string;
  /**
   * A deeper encoder than the default 2 layers: the same family and task, genuinely more work per
   * call (used to prove the regression reporter flags a slower model). Encoder families only.
   */
  encoderLayers?: number;
}

export interface TinyModel {
  /** Absolute model directory (`<cacheDir>/<modelId>`). */
  dir: string;
  /** Id to pass to `pipeline(task, modelId)` with `env.localModelPath = cacheDir`. */
  modelId: string;
  kind: TinyKind;
  /** The transformers class written to `config.architectures`. */
  architecture: string;
  /** Relative paths of every file in `dir`, sorted. */
  files: string[];
  /** True when an identical build was already cached and nothing was written. */
  fromCache: boolean;
}

/**
 * Builds (or reuses) a deterministic tiny random-weight model in Hugging Face layout:
 * `config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx` (the fp32 file
 * transformers.js picks on CPU) and, for decoders, `generation_config.json`.
 * The directory name carries a hash of the inputs and TINY_BUILDER_VERSION, so the same inputs
 * always map to the same byte-identical files.
 */
export async function buildTinyModel(options: BuildTinyModelOptions): Promise<TinyModel> {
  const { modelType, task, cacheDir, encoderLayers } = options ?? ({} as BuildTinyModelOptions);
  if (typeof cacheDir !== 'string' || cacheDir.trim() === '') {
    throw new Error('buildTinyModel: cacheDir must be a non-empty directory path');
  }
  const architecture = tinyArchitectureFor(modelType, task);
  if (!architecture.supported) {
    throw new Error(`buildTinyModel: cannot build a tiny model for (${String(modelType)}, ${String(task)}): ${architecture.reason}`);
  }

  // Encoder-decoders add their own revision (undefined, hence absent from the hash, for the others).
  const seq2seqRevision = architecture.kind === 'seq2seq' ? SEQ2SEQ_BUILDER_REVISION : undefined;
  if (encoderLayers !== undefined && (architecture.kind !== 'encoder' || !Number.isInteger(encoderLayers) || encoderLayers < 1)) {
    throw new Error(`buildTinyModel: encoderLayers (${encoderLayers}) needs an encoder family and a whole number ≥ 1; ${modelType} is ${architecture.kind}`);
  }
  const key = stableHash({ version: TINY_BUILDER_VERSION, modelType, task: architecture.task, seq2seqRevision, encoderLayers }, 12);
  const modelId = `${TINY_MODEL_ORG}/${modelType}-${architecture.task}-${key}`;
  const dir = path.resolve(cacheDir, ...modelId.split('/'));
  const created = writeDirectoryAtomically(dir, renderModelFiles(modelType, architecture.task, architecture.architecture, key, encoderLayers, architecture.kind));
  return {
    dir,
    modelId,
    kind: architecture.kind,
    architecture: architecture.architecture,
    files: listFiles(dir),
    fromCache: !created,
  };
}

/** Renders every file of a tiny model in memory (pure: same arguments → same bytes). */
function renderModelFiles(modelType: string, task: string, architecture: string, seed: string, encoderLayers?: number, kind?: TinyKind): ModelFiles {
  if (isMediaModelType(modelType)) return renderMediaModelFiles(modelType, task, architecture, seed);
  // bart/mbart classifiers are single-graph encoders; their generation tasks are seq2seq models.
  if (isSeq2SeqModelType(modelType) && kind !== 'encoder') return renderSeq2SeqFiles(modelType, task, architecture, seed);
  const family = TINY_FAMILIES[modelType]!;
  const tokenizer = buildTokenizer(family.tokenizer, MODEL_MAX_LENGTH);
  const files: ModelFiles = new Map();
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const weightSeed = `${modelType}/${task}/${seed}`;

  if (family.kind === 'encoder') {
    files.set('config.json', json(encoderConfig(modelType, family, task as EncoderTask, architecture, tokenizer, encoderLayers)));
    files.set('onnx/model.onnx', buildEncoderGraph(family, task as EncoderTask, tokenizer, weightSeed, encoderLayers));
  } else {
    for (const [name, content] of decoderModelFiles(modelType, family, tokenizer, weightSeed)) files.set(name, content);
  }
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
  return files;
}
