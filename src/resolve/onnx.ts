/**
 * The checkpoint a suite's runtime loads: an ONNX checkpoint transformers.js can load, from the
 * vendored ONNX catalog only (never a guessed id). The legacy id stays the suite's provenance.
 */
import type { Catalog, OnnxCheckpoint } from '../catalog';
import { normaliseName } from '../catalog';

export interface OnnxChoice {
  /** `null`: the catalog lists no ONNX checkpoint for the family. */
  onnxModelId: string | null;
  because: string;
  warnings: string[];
}

export interface OnnxRequest {
  modelType: string;
  /** The suite's legacy checkpoint (provenance), if any. */
  modelId?: string;
  task?: string;
  /** A checkpoint-family stem the file was resolved through (`pythia`): its checkpoints are preferred. */
  checkpointFamily?: string;
}

/** Approximate parameter counts (millions) of the size words checkpoint names use. */
const SIZE_WORDS: Record<string, number> = {
  nano: 5, micro: 8, tiny: 15, mini: 30, small: 60, base: 110, medium: 350, large: 700, xlarge: 1500, xl: 1500, xxlarge: 5000, xxl: 5000, huge: 5000, giant: 10000,
};
const PARAMS_RE = /^(\d+(?:\.\d+)?)([mb])$/i;

/**
 * A rough size for ranking checkpoints of one family by their names: a stated parameter count
 * (`pythia-70m`, `Qwen1.5-0.5B`) wins, else the size word (`whisper-tiny` < `whisper-base`), else "base".
 */
export function estimatedSize(id: string): number {
  const tokens = id.slice(id.lastIndexOf('/') + 1).toLowerCase().split(/[-_\s]+/);
  for (const token of tokens) {
    const m = PARAMS_RE.exec(token);
    if (m) return Number(m[1]) * (m[2] === 'b' ? 1000 : 1);
  }
  for (const token of tokens.flatMap((t) => t.split('.'))) {
    if (SIZE_WORDS[token] !== undefined) return SIZE_WORDS[token];
  }
  return SIZE_WORDS.base;
}

/**
 * Family checkpoints best first: real weights before tiny random ones (a suite's expected outputs
 * are asserted against real weights), then the smallest, then the shortest name, then by id.
 */
function byPreference(a: OnnxCheckpoint, b: OnnxCheckpoint): number {
  const random = (c: OnnxCheckpoint) => Number(c.kind === 'tiny-random' || /(?:^|[-_/])random(?:[-_]|$)/i.test(c.id));
  const name = (c: OnnxCheckpoint) => c.id.slice(c.id.lastIndexOf('/') + 1);
  return random(a) - random(b) || estimatedSize(a.id) - estimatedSize(b.id) || name(a).length - name(b).length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * transformers.js's conversion list names image embedding exports `feature-extraction` (its name for
 * them before `image-feature-extraction` existed), so those serve either task.
 */
function servesTask(checkpoint: OnnxCheckpoint, task: string): boolean {
  return checkpoint.tasks.includes(task) || (task === 'image-feature-extraction' && checkpoint.tasks.includes('feature-extraction'));
}

function nameOf(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1).toLowerCase();
}

function startsWithStem(checkpoint: OnnxCheckpoint, stem: string): boolean {
  const key = normaliseName(stem);
  return [checkpoint.id, checkpoint.convertedFrom ?? ''].some((id) => normaliseName(id.slice(id.lastIndexOf('/') + 1)).startsWith(key));
}

/**
 * The ONNX export of the legacy id when the catalog lists one (`bert-base-uncased` →
 * `Xenova/bert-base-uncased`, or the id itself when it is a listed ONNX checkpoint); else the
 * family's checkpoint for the task (of the checkpoint family first, real weights, smallest); else
 * any of the family's; else null.
 */
export function chooseOnnxModelId(request: OnnxRequest, catalog: Catalog): OnnxChoice {
  // Memoized per catalog (so per thread): suites of one family ask the same question many times.
  let memo = choices.get(catalog);
  if (!memo) choices.set(catalog, (memo = new Map()));
  const key = `${request.modelType}\0${request.modelId ?? ''}\0${request.task ?? ''}\0${request.checkpointFamily ?? ''}`;
  let choice = memo.get(key);
  if (!choice) memo.set(key, (choice = choose(request, catalog)));
  return { ...choice, warnings: [...choice.warnings] };
}

const choices = new WeakMap<Catalog, Map<string, OnnxChoice>>();

function choose(request: OnnxRequest, catalog: Catalog): OnnxChoice {
  const { modelType, modelId, task, checkpointFamily } = request;
  if (modelId) {
    const itself = catalog.findOnnxCheckpoint(modelId);
    if (itself && itself.modelType === modelType) return { onnxModelId: itself.checkpoint.id, because: `the legacy id "${modelId}" is a listed ONNX checkpoint of ${modelType}`, warnings: [] };
    const exports = catalog.onnxExportsOf(modelId).filter((listing) => listing.modelType === modelType);
    if (exports.length > 0) {
      const best = exports.find((listing) => task !== undefined && servesTask(listing.checkpoint, task)) ?? exports[0];
      return { onnxModelId: best.checkpoint.id, because: `ONNX export of the legacy id "${modelId}" (${best.checkpoint.evidence[0] ?? 'ONNX catalog'})`, warnings: [] };
    }
  }

  const listed = catalog.onnxCheckpoints(modelType);
  if (listed.length === 0) {
    return {
      onnxModelId: null,
      because: `none: the ONNX catalog lists no checkpoint transformers.js can load for ${modelType}`,
      warnings: [`no ONNX checkpoint: the catalog lists none transformers.js can load for ${modelType}; runs against the Hub or HF_MODELS_DIR are skipped`],
    };
  }
  const ofFamily = checkpointFamily ? listed.filter((c) => startsWithStem(c, checkpointFamily)) : [];
  const forTask = (list: OnnxCheckpoint[]) => (task === undefined ? [] : list.filter((c) => servesTask(c, task)));
  const legacy = modelId ? `the legacy id "${modelId}" has no listed ONNX export; ` : '';
  // An unlisted legacy id (`distilbert/distilbert-base-uncased-distilled-squad`) named like a listed original.
  const legacyName = modelId ? nameOf(modelId) : undefined;
  const sameName = legacyName ? listed.filter((c) => [c.id, c.convertedFrom ?? ''].some((id) => nameOf(id) === legacyName)) : [];
  const pools: Array<[OnnxCheckpoint[], string]> = [
    [forTask(sameName), `${modelType} checkpoint for ${task} named like the legacy id`],
    [forTask(ofFamily), `${modelType} checkpoint of the "${checkpointFamily}" family for ${task}`],
    [forTask(listed), `${modelType} checkpoint for ${task}`],
    [ofFamily, `${modelType} checkpoint of the "${checkpointFamily}" family`],
    [listed, `${modelType} checkpoint`],
  ];
  for (const [rank, [pool, what]] of pools.entries()) {
    if (pool.length === 0) continue;
    const best = [...pool].sort(byPreference)[0];
    const because = `${legacy}${pool.length > 1 ? 'the smallest ' : 'the '}listed ONNX ${what}`;
    const forOtherTask = rank >= 3 && task !== undefined;
    return {
      onnxModelId: best.id,
      because,
      warnings: forOtherTask
        ? [`ONNX checkpoint ${best.id} is not listed for ${task} (listed for: ${best.tasks.join(', ') || 'the model class only'}); no ONNX checkpoint of ${modelType} is listed for ${task}`]
        : [],
    };
  }
  /* c8 ignore next */
  return { onnxModelId: null, because: 'none', warnings: [] };
}
