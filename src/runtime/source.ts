import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelSpec } from './spec';
import { buildTinyModel, tinyArchitectureFor, tinyLayersFromEnv } from './tiny';
import { hubSourceFor, prepareHubSource, type HubSource } from './hub';

export type ModelSourceKind = 'local' | 'hub' | 'tiny';

export interface ModelSource {
  kind: ModelSourceKind;
  /** The id handed to `pipeline()`. */
  modelId: string;
  /** `env.localModelPath` for local and tiny models. */
  localModelPath?: string;
  /** The model folder on disk (local and tiny), for model-size measurements. */
  dir?: string;
  /** One line for the suite's title and logs. */
  description: string;
  /** Endpoint, cache and settings of a `hub` source. */
  hub?: HubSource;
  /** A tiny model's depth when HF_TINY_LAYERS chose one (undefined: the default depth). */
  layers?: number;
}

/**
 * What a measurement says it was made on: `local`, `hub`, `tiny`, or `tiny:<n>-layers` for a tiny
 * model of a chosen depth (baselines never mix depths: see mergeBatches).
 */
export function modelSourceLabel(source: Pick<ModelSource, 'kind' | 'layers'>): string {
  return source.kind === 'tiny' && source.layers !== undefined ? `tiny:${source.layers}-layers` : source.kind;
}

export type SourceDecision = { ok: true; source: ModelSource } | { ok: false; reason: string };

/** Where tiny models are cached: git-ignored, shared by every suite and worker. */
export function tinyModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HF_TINY_MODELS_DIR) return path.resolve(env.HF_TINY_MODELS_DIR);
  return path.resolve('node_modules', '.cache', 'hf-convert', 'tiny-models');
}

/**
 * The model a suite runs, in order: the user's local copy of the suite's ONNX checkpoint
 * (`HF_MODELS_DIR/<onnxModelId>/`, else their own export under `HF_MODELS_DIR/<modelId>/`), the
 * Hub when the user allows it (`HF_ALLOW_REMOTE=1`: `spec.onnxModelId` through HF_ENDPOINT and
 * HF_CACHE_DIR), else a tiny random model of the spec's real model_type built here.
 */
export function chooseModelSourceSync(spec: ModelSpec, env: NodeJS.ProcessEnv = process.env): SourceDecision {
  const modelsDir = env.HF_MODELS_DIR;
  if (modelsDir) {
    for (const id of new Set([spec.onnxModelId, spec.modelId].filter((i): i is string => typeof i === 'string' && i !== ''))) {
      const dir = path.resolve(modelsDir, ...id.split('/'));
      if (fs.existsSync(path.join(dir, 'config.json'))) {
        return { ok: true, source: { kind: 'local', modelId: id, localModelPath: path.resolve(modelsDir), dir, description: `local checkpoint ${id} from ${modelsDir}` } };
      }
    }
  }
  if (env.HF_ALLOW_REMOTE === '1') {
    if (!spec.onnxModelId) {
      return {
        ok: false,
        reason:
          `HF_ALLOW_REMOTE=1, but the suite names no ONNX checkpoint for ${spec.modelId} (onnxModelId is ${spec.onnxModelId === null ? 'null' : 'absent'}); ` +
          `transformers.js reads ONNX weights (onnx/*.onnx), so there is nothing to download`,
      };
    }
    const { hub, description } = hubSourceFor(spec.onnxModelId, spec.task, env);
    return { ok: true, source: { kind: 'hub', modelId: spec.onnxModelId, description, hub } };
  }
  if (!spec.transformersJs.supported) {
    return { ok: false, reason: `transformers.js has no model class for model_type "${spec.modelType}"` };
  }
  const architecture = tinyArchitectureFor(spec.modelType, spec.task);
  if (!architecture.supported) {
    return { ok: false, reason: `no local checkpoint of ${spec.onnxModelId ?? spec.modelId}${modelsDir ? ` in ${modelsDir}` : ' (set HF_MODELS_DIR)'}, remote models not allowed (HF_ALLOW_REMOTE=1), and ${architecture.reason}` };
  }
  // Registration is synchronous; the tiny model itself is built (or reused) in beforeAll, where an
  // invalid HF_TINY_LAYERS fails the suite with its message (here it only leaves the title plain).
  const layers = validTinyLayers(env);
  const description = `tiny random ${spec.modelType} (${architecture.architecture}${layers === undefined ? '' : `, ${layers} layers`})`;
  return { ok: true, source: { kind: 'tiny', modelId: '', localModelPath: tinyModelsDir(env), description } };
}

function validTinyLayers(env: NodeJS.ProcessEnv): number | undefined {
  try {
    return tinyLayersFromEnv(env);
  } catch {
    return undefined;
  }
}

/**
 * Builds the tiny model a `tiny` source stands for, `HF_TINY_LAYERS` layers deep when set (an
 * invalid value throws, naming it), and checks a `hub` source's settings and cache (a cached
 * pipeline loads from the cache folder); local sources are ready as they are.
 */
export async function materialise(spec: ModelSpec, source: ModelSource, env: NodeJS.ProcessEnv = process.env): Promise<ModelSource> {
  if (source.kind === 'hub' && source.hub) {
    const { hub, dir, settings } = prepareHubSource(source.hub, spec.task);
    return { ...source, hub, dir, ...(hub.cached ? { localModelPath: settings.cacheDir } : {}) };
  }
  if (source.kind !== 'tiny') return source;
  const layers = tinyLayersFromEnv(env);
  const tiny = await buildTinyModel({ modelType: spec.modelType, task: spec.task, cacheDir: source.localModelPath!, layers });
  return { ...source, modelId: tiny.modelId, dir: tiny.dir, ...(layers !== undefined ? { layers } : {}) };
}

/** Total bytes of the ONNX files a model folder holds. */
export function modelBytes(dir: string | undefined): number | undefined {
  if (!dir) return undefined;
  let total = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.onnx(_data)?$/.test(entry.name)) total += fs.statSync(p).size;
    }
  };
  walk(dir);
  return total;
}
