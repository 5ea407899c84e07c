import * as path from 'node:path';
import { listFiles, writeDirectoryAtomically, type ModelFiles } from './cache';
import { DECODER_SIZES, decoderModelFiles, minDecoderLayers } from './decoder';
import { buildEncoderGraph, ENCODER_SIZES, encoderConfig } from './encoder';
import { TINY_FAMILIES, tinyArchitectureFor, type EncoderTask, type TinyKind } from './families';
import { isLayerCount } from './layers';
import { isMediaModelType, renderMediaModelFiles } from './media';
import { MEDIA_LAYERS } from './media-layers';
import { isModelClassModelType, renderModelClassFiles } from './model-class';
import { stableHash } from './random';
import { isSeq2SeqModelType, renderSeq2SeqFiles, SEQ2SEQ_BUILDER_REVISION } from './seq2seq';
import { SEQ2SEQ_SIZES } from './seq2seq-graph';
import { buildTinyVocoder as buildVocoderIn, type TinyVocoder } from './speecht5';
import { buildTokenizer } from './tokenizer';
import { renderVlmFiles } from './vlm';

export { tinyArchitectureFor, tinyCoverage, type TinyArchitecture, type TinyKind } from './families';
export { tinyLayersFromEnv } from './layers';
export { OnnxGraphBuilder, type Dim } from './onnx';
export type { TinyVocoder } from './speecht5';

/**
 * Bump whenever anything that shapes the output changes (graphs, weights, tokenizers, configs):
 * it is part of the cache key, so stale cached models are never reused.
 */
export const TINY_BUILDER_VERSION = 1;

/** Decoder graphs' own revision (2: padding no longer feeds convolution / recurrence states). */
const DECODER_BUILDER_REVISION = 2;

/**
 * onnxruntime session options for tiny models: their kernels take microseconds, so a thread pool
 * only adds scheduling jitter to their measurements, and creating one costs more than loading the graph.
 */
export const TINY_SESSION_OPTIONS = Object.freeze({ intraOpNumThreads: 1, interOpNumThreads: 1 });

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
   * Layers of every stack (encoder, decoder, each tower) instead of the family's default depth
   * (defaultTinyLayers): the same family and task, genuinely more or less work per call (used to
   * prove the regression reporter flags a slower model). A whole number ≥ 1.
   */
  layers?: number;
  /**
   * Hidden size of a text encoder (bert, roberta, …) instead of the default 32. Wider layers are
   * more work per call at little cost to load: ONNX Runtime's session set-up grows with the number
   * of nodes (a 240-layer model loads in ~0.8 s), far less with the size of the weights (60 layers
   * of 256 load in ~0.1 s and run about as slowly). A multiple of the attention heads (4).
   */
  hiddenSize?: number;
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
  const { modelType, task, cacheDir, layers, hiddenSize } = options ?? ({} as BuildTinyModelOptions);
  if (typeof cacheDir !== 'string' || cacheDir.trim() === '') {
    throw new Error('buildTinyModel: cacheDir must be a non-empty directory path');
  }
  const architecture = tinyArchitectureFor(modelType, task);
  if (!architecture.supported) {
    throw new Error(`buildTinyModel: cannot build a tiny model for (${String(modelType)}, ${String(task)}): ${architecture.reason}`);
  }

  // Encoder-decoders add their own revision (undefined, hence absent from the hash, for the others).
  const seq2seqRevision = architecture.kind === 'seq2seq' ? SEQ2SEQ_BUILDER_REVISION : undefined;
  const depth = nonDefaultLayers(modelType, architecture.kind, layers);
  const width = nonDefaultHiddenSize(modelType, architecture.kind, hiddenSize);
  const inputs = { version: TINY_BUILDER_VERSION, modelType, task: architecture.task, seq2seqRevision };
  // The default depth and width stay out of the key, so default builds keep their bytes and their path;
  // the decoder revision too is in the key only, so a graph fix keeps every weight.
  const decoderRevision = architecture.kind === 'decoder' ? DECODER_BUILDER_REVISION : undefined;
  const key = stableHash({ ...inputs, layers: depth, hiddenSize: width, decoderRevision }, 12);
  const modelId = `${TINY_MODEL_ORG}/${modelType}-${architecture.task}-${key}`;
  const dir = path.resolve(cacheDir, ...modelId.split('/'));
  // Weights are drawn per tensor name from the default model's seed: a deeper model is the default
  // one with more layers (same embeddings, first layers and head), not a different random draw.
  const weightSeed = stableHash(inputs, 12);
  const created = writeDirectoryAtomically(dir, () => renderModelFiles(modelType, architecture.task, architecture.architecture, weightSeed, architecture.kind, depth, width));
  return {
    dir,
    modelId,
    kind: architecture.kind,
    architecture: architecture.architecture,
    files: listFiles(dir),
    fromCache: !created,
  };
}

/**
 * Layers a tiny model of this kind has when no `layers` is asked for (every stack of it: both of an
 * encoder-decoder, each tower of a dual encoder).
 */
export function defaultTinyLayers(kind: TinyKind): number {
  switch (kind) {
    case 'encoder':
      return ENCODER_SIZES.layers;
    case 'decoder':
      return DECODER_SIZES.layers;
    case 'seq2seq':
      // One count for both stacks: the default is the default only while they agree.
      return SEQ2SEQ_SIZES.encoderLayers === SEQ2SEQ_SIZES.decoderLayers ? SEQ2SEQ_SIZES.encoderLayers : NaN;
    default:
      return MEDIA_LAYERS;
  }
}

/** `layers` checked, or undefined when it is the kind's default depth (or not given). */
function nonDefaultLayers(modelType: string, kind: TinyKind, layers: number | undefined): number | undefined {
  if (layers === undefined || layers === defaultTinyLayers(kind)) return undefined;
  if (!isLayerCount(layers)) throw new Error(`buildTinyModel: layers must be a whole number ≥ 1, got ${String(layers)}`);
  const family = TINY_FAMILIES[modelType];
  if (kind === 'decoder' && family?.kind === 'decoder' && layers < minDecoderLayers(family)) {
    throw new Error(
      `buildTinyModel: ${modelType} needs at least ${minDecoderLayers(family)} layers, up to the first attention layer of its layer pattern ` +
        `(transformers.js reads the past length from an attention cache); got ${layers}`,
    );
  }
  return layers;
}

/** `hiddenSize` checked, or undefined when it is the default width (or not given). */
function nonDefaultHiddenSize(modelType: string, kind: TinyKind, hiddenSize: number | undefined): number | undefined {
  if (hiddenSize === undefined || hiddenSize === ENCODER_SIZES.hidden) return undefined;
  const heads = ENCODER_SIZES.attentionHeads;
  if (!Number.isInteger(hiddenSize) || hiddenSize < heads || hiddenSize % heads !== 0) {
    throw new Error(`buildTinyModel: hiddenSize must be a whole multiple of the ${heads} attention heads, got ${String(hiddenSize)}`);
  }
  if (!rendersTextEncoder(modelType, kind)) {
    throw new Error(`buildTinyModel: hiddenSize applies to the text encoders (bert, roberta, …) only; ${modelType} is built by another builder`);
  }
  return hiddenSize;
}

/** Whether renderModelFiles builds this model with the text-encoder builder (encoder.ts). */
function rendersTextEncoder(modelType: string, kind: TinyKind): boolean {
  if (kind === 'vlm' || isMediaModelType(modelType) || isModelClassModelType(modelType)) return false;
  if (isSeq2SeqModelType(modelType) && kind !== 'encoder') return false;
  return TINY_FAMILIES[modelType]?.kind === 'encoder';
}

/**
 * Renders every file of a tiny model in memory (pure: same arguments → same bytes); `layers` and
 * `hiddenSize` undefined = default depth and width.
 */
function renderModelFiles(modelType: string, task: string, architecture: string, seed: string, kind: TinyKind, layers?: number, hiddenSize?: number): ModelFiles {
  if (kind === 'vlm') return renderVlmFiles(modelType, task, architecture, seed, layers);
  if (isMediaModelType(modelType)) return renderMediaModelFiles(modelType, task, architecture, seed, layers);
  if (isModelClassModelType(modelType)) return renderModelClassFiles(modelType, task, architecture, seed, layers);
  // bart/mbart classifiers are single-graph encoders; their generation tasks are seq2seq models.
  if (isSeq2SeqModelType(modelType) && kind !== 'encoder') return renderSeq2SeqFiles(modelType, task, architecture, seed, layers);
  const family = TINY_FAMILIES[modelType]!;
  const tokenizer = buildTokenizer(family.tokenizer, MODEL_MAX_LENGTH);
  const files: ModelFiles = new Map();
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const weightSeed = `${modelType}/${task}/${seed}`;

  if (family.kind === 'encoder') {
    files.set('config.json', json(encoderConfig(modelType, family, task as EncoderTask, architecture, tokenizer, layers, hiddenSize)));
    files.set('onnx/model.onnx', buildEncoderGraph(family, task as EncoderTask, tokenizer, weightSeed, layers, hiddenSize));
  } else {
    for (const [name, content] of decoderModelFiles(modelType, family, tokenizer, weightSeed, layers, architecture)) files.set(name, content);
  }
  files.set('tokenizer.json', json(tokenizer.tokenizerJson));
  files.set('tokenizer_config.json', json(tokenizer.tokenizerConfig));
  return files;
}

/**
 * Builds (or reuses) the tiny HiFi-GAN vocoder (model_type hifigan, SpeechT5HifiGan) that a tiny
 * SpeechT5 speaks through: its own folder beside the tiny models, as Xenova/speecht5_hifigan is a
 * checkpoint of its own beside Xenova/speecht5_tts.
 */
export function buildTinyVocoder(cacheDir: string): TinyVocoder {
  return buildVocoderIn(cacheDir, TINY_MODEL_ORG);
}
