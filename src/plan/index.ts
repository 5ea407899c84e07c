import type { Extraction, Language, Variant } from '../extract/types';
import type { Resolution } from '../resolve/types';
import type { ExpectedOutput, ModelSpec, SourceRef, SpecInputs } from '../runtime/spec';
import { loadCatalog } from '../catalog';
import { chooseOnnxModelId } from '../resolve/onnx';
import { reviseBoilerplateTasks, type TaskEvidence } from './boilerplate';

export type { TaskEvidence } from './boilerplate';

export type FileStatus = 'converted' | 'duplicate' | 'skipped' | 'failed';

/** What the earlier stages know about one legacy file. */
export interface AnalysedFile {
  /** Path relative to its scanned root, `/`-separated. */
  source: string;
  language: Language | null;
  /** Set when the file could not be read or extracted. */
  failure?: string;
  /** Set when the file is deliberately not converted (e.g. empty). */
  skip?: string;
  extraction?: Extraction;
  resolution?: Resolution;
  /** Read-stage warnings (e.g. not UTF-8). */
  warnings: string[];
}

/** The one record every legacy file gets. */
export interface FileRecord {
  source: string;
  model_type: string | null;
  /** The legacy checkpoint (provenance). */
  model_id: string | null;
  /** The ONNX checkpoint the suite's runtime loads from a hub or HF_MODELS_DIR; null when the catalog lists none. */
  onnx_model_id: string | null;
  task: string | null;
  category: string | null;
  variant: Variant | null;
  language: Language | null;
  /** Output path relative to the output dir, for converted and duplicate files. */
  output: string | null;
  status: FileStatus;
  reason: string | null;
  warnings: string[];
  /** Set when the file's task evidence was corpus template boilerplate: what was seen and how the task was decided. */
  task_evidence?: TaskEvidence;
}

export interface SuitePlan {
  /** `<category>/<model_type>.test.ts`, relative to the output dir. */
  output: string;
  spec: ModelSpec;
  /** The emitter's hash of the spec, when already known (a reused plan). */
  specHash?: string;
}

export interface Plan {
  suites: SuitePlan[];
  records: FileRecord[];
}

/** Inputs beyond this many per kind add run time without adding coverage. */
const MAX_INPUTS_PER_KIND = 8;
const VARIANT_RANK: Record<Variant, number> = { base: 0, standardized: 1, minimal: 2, web: 3 };

/**
 * One suite per canonical model type: every file that resolves to the same type (hyphen twins,
 * copies in other folders, variants) folds into it, and its distinct inputs are merged.
 */
export function plan(analysed: AnalysedFile[]): Plan {
  // Corpus-level: a task call pasted into most files by a template is not a file's own evidence.
  const { files, evidence } = reviseBoilerplateTasks(analysed);
  const records = new Map<AnalysedFile, FileRecord>();
  const groups = new Map<string, AnalysedFile[]>();

  for (const file of files) {
    const skipOrFail = classify(file);
    if (skipOrFail) {
      records.set(file, skipOrFail);
      continue;
    }
    const type = file.resolution!.modelType!;
    const group = groups.get(type) ?? [];
    group.push(file);
    groups.set(type, group);
  }

  const suites: SuitePlan[] = [];
  for (const [modelType, group] of groups) {
    group.sort(byPrimaryFirst);
    const spec = mergeSpec(modelType, group);
    const output = `${spec.category}/${modelType}.test.ts`;
    suites.push({ output, spec });
    group.forEach((file, index) => {
      const own = file.resolution!;
      records.set(file, {
        ...baseRecord(file),
        model_type: modelType,
        model_id: spec.modelId,
        onnx_model_id: spec.onnxModelId,
        task: spec.task,
        category: spec.category,
        output,
        status: index === 0 ? 'converted' : 'duplicate',
        reason: index === 0 ? null : `folded into ${output} (converted from ${group[0].source})`,
        warnings: [...file.warnings, ...own.warnings],
        ...(evidence.has(file) ? { task_evidence: evidence.get(file)! } : {}),
      });
    });
  }

  suites.sort((a, b) => compare(a.output, b.output));
  return { suites, records: files.map((file) => records.get(file)!) };
}

function classify(file: AnalysedFile): FileRecord | undefined {
  const record = baseRecord(file);
  if (file.failure) return { ...record, status: 'failed', reason: file.failure };
  if (file.skip) return { ...record, status: 'skipped', reason: file.skip };
  const extraction = file.extraction;
  if (!extraction) return { ...record, status: 'failed', reason: 'nothing was extracted' };
  const unresolved = !file.resolution || file.resolution.status !== 'resolved' || !file.resolution.modelType;
  // A file in which nothing names a model is a model test only through a name that resolves.
  if (extraction.kind === 'not-a-model-test' || (extraction.noModelConstruct && unresolved)) {
    const also = extraction.kind === 'not-a-model-test' ? '' : ', and its file name names no catalog model type or checkpoint family';
    return { ...record, status: 'skipped', reason: `not a model test${extraction.kindReason ? `: ${extraction.kindReason}${also}` : ''}` };
  }
  if (extraction.kind === 'api-service') {
    return { ...record, status: 'skipped', reason: `API-service test${extraction.kindReason ? `: ${extraction.kindReason}` : ''}` };
  }
  const resolution = file.resolution;
  if (!resolution || resolution.status !== 'resolved' || !resolution.modelType) {
    return { ...record, status: 'skipped', reason: `unknown model type: ${resolution?.reason ?? 'not resolved'}` };
  }
  if (!resolution.category || !resolution.task || !resolution.modelId) {
    const missing = [!resolution.task && 'task', !resolution.modelId && 'checkpoint'].filter(Boolean).join(' and ');
    return { ...record, model_type: resolution.modelType, status: 'skipped', reason: `model type ${resolution.modelType} has no ${missing} in the catalog` };
  }
  return undefined;
}

function baseRecord(file: AnalysedFile): FileRecord {
  return {
    source: file.source,
    model_type: file.resolution?.modelType ?? null,
    model_id: file.resolution?.modelId ?? null,
    onnx_model_id: file.resolution?.onnxModelId ?? null,
    task: file.resolution?.task ?? null,
    category: file.resolution?.category ?? null,
    variant: file.extraction?.variant ?? null,
    language: file.language,
    output: null,
    status: 'skipped',
    reason: null,
    warnings: [...file.warnings, ...(file.resolution?.warnings ?? [])],
  };
}

/**
 * The file that names the suite: one whose file name names the model type over one resolved
 * through its content or a checkpoint family (`test_hf_vit.py` over `test_hf_dino.py`), then base
 * variant over others, clean parse over broken, shallow over deep.
 */
function byPrimaryFirst(a: AnalysedFile, b: AnalysedFile): number {
  const ea = a.extraction!;
  const eb = b.extraction!;
  return (
    Number(!namedByFileName(a)) - Number(!namedByFileName(b)) ||
    VARIANT_RANK[ea.variant] - VARIANT_RANK[eb.variant] ||
    Number(!ea.parse.clean) - Number(!eb.parse.clean) ||
    depth(a.source) - depth(b.source) ||
    compare(a.source, b.source)
  );
}

function namedByFileName(file: AnalysedFile): boolean {
  const r = file.resolution!;
  return r.because.modelType.startsWith('file name') && r.checkpointFamily === undefined;
}

function mergeSpec(modelType: string, group: AnalysedFile[]): ModelSpec {
  const primary = group[0].resolution!;
  const entry = primary.entry;
  // An id or task stated by some file beats the catalog's default, in primary-first order.
  const fromFile = (pick: (r: Resolution) => boolean) => group.map((f) => f.resolution!).find(pick);
  // A file id some catalog lists beats one kept as provenance only (`unverified checkpoint`).
  const idOwner =
    fromFile((r) => !!r.modelId && r.modelIdFromFile === true && r.modelIdVerified === true) ??
    fromFile((r) => !!r.modelId && r.modelIdFromFile === true) ??
    primary;
  const taskOwner = fromFile((r) => !!r.task && r.taskFromFile === true) ?? primary;
  // The suite's id and task may come from different files: the ONNX checkpoint is chosen for the pair.
  const onnx = chooseOnnxModelId(
    { modelType, modelId: idOwner.modelId, task: taskOwner.task, checkpointFamily: idOwner.checkpointFamily ?? primary.checkpointFamily },
    loadCatalog(),
  );

  const inputs: SpecInputs = { texts: [], maskedTexts: [], candidateLabels: [], questions: [], images: [], audio: [] };
  const expected: ExpectedOutput[] = [];
  const sources: SourceRef[] = [];
  const warnings: string[] = [];
  for (const file of group) {
    const x = file.extraction!;
    sources.push({ file: file.source });
    mergeStrings(inputs.texts, x.inputs.texts.map((f) => f.value));
    mergeStrings(inputs.maskedTexts, x.inputs.maskedTexts.map((f) => f.value));
    mergeStrings(inputs.candidateLabels, x.inputs.candidateLabels.map((f) => f.value));
    mergeStrings(inputs.images, x.inputs.images.map((f) => f.value));
    mergeStrings(inputs.audio, x.inputs.audio.map((f) => f.value));
    // The first file (primary first) that states a language decides it.
    const source = inputs.languages?.source ?? x.inputs.sourceLanguages[0]?.value;
    const target = inputs.languages?.target ?? x.inputs.targetLanguages[0]?.value;
    if (source !== undefined || target !== undefined) inputs.languages = { ...(source && { source }), ...(target && { target }) };
    for (const c of x.inputs.translationCases) {
      inputs.translations ??= [];
      if (inputs.translations.length >= MAX_INPUTS_PER_KIND) break;
      const same = (o: { text: string; source?: string; target?: string }) => o.text === c.value.text && o.source === c.value.source && o.target === c.value.target;
      if (!inputs.translations.some(same)) inputs.translations.push({ ...c.value });
    }
    for (const q of x.inputs.questions) {
      if (inputs.questions.length >= MAX_INPUTS_PER_KIND) break;
      if (!inputs.questions.some((o) => o.question === q.value.question && o.context === q.value.context)) inputs.questions.push({ ...q.value });
    }
    for (const e of x.expected) {
      if (!expected.some((o) => o.kind === e.value.kind && o.value === e.value.value && o.input === e.value.input)) {
        expected.push({ ...e.value, source: { file: file.source, line: e.line, construct: e.construct } });
      }
    }
    for (const w of [...file.warnings, ...file.resolution!.warnings]) {
      const line = `${file.source}: ${w}`;
      if (!warnings.includes(line)) warnings.push(line);
    }
  }
  return {
    modelType,
    modelId: idOwner.modelId!,
    onnxModelId: onnx.onnxModelId,
    task: taskOwner.task!,
    category: primary.category!,
    transformersJs: {
      supported: entry?.transformersJs.supported ?? false,
      pipelineTasks: [...(entry?.transformersJs.pipelineTasks ?? [])],
    },
    inputs,
    expected,
    sources,
    warnings,
  };
}

function mergeStrings(into: string[], values: string[]): void {
  for (const value of values) {
    if (into.length >= MAX_INPUTS_PER_KIND) return;
    if (!into.includes(value)) into.push(value);
  }
}

function depth(p: string): number {
  return p.split('/').length;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
