/**
 * Template boilerplate: a task call a corpus generator pasted into every file whatever the model
 * (`pipeline("feature-extraction", …)` in a corpus of machine-translated tests) says nothing about
 * what a file tests. See ./README.md for the rule and why its thresholds are what they are.
 */
import type { Found } from '../extract/types';
import type { Resolution } from '../resolve/types';
import { loadCatalog, type Catalog } from '../catalog';
import { chooseTask, canonicaliseTask } from '../resolve/task';
import { chooseOnnxModelId } from '../resolve/onnx';
import type { AnalysedFile } from './index';

/** Below this many model-test files a scope cannot tell a template from a folder of one kind of test. */
export const MIN_SCOPE_FILES = 8;
/** The share of a scope's model-test files that must carry the identical call. */
export const MIN_SHARE = 0.5;
/** The files carrying it must span this many model types … */
export const MIN_MODEL_TYPES = 3;
/** … of this many categories (text, vision, audio, …): unrelated families, not one family's variants. */
export const MIN_CATEGORIES = 2;

/** How a task call looks once normalised: its construct and its task spelling. */
export function signatureOf(found: Found): string {
  return `${found.construct}\u0000${found.value.trim().toLowerCase().replace(/_/g, '-')}`;
}

export interface BoilerplateSighting {
  /** The call as found in this file. */
  found: Found;
  /** The scope it is boilerplate in: `the corpus` or `folder "<dir>"`. */
  scope: string;
  files: number;
  scopeFiles: number;
  modelTypes: number;
  categories: number;
}

/** What the planner records for a file whose task evidence was boilerplate. */
export interface TaskEvidence {
  boilerplate: Array<{ construct: string; value: string; line: number; scope: string; files: number; scope_files: number }>;
  /** The test's own signs of feature-extraction intent that kept it (empty when none did). */
  intent: Array<{ construct: string; value: string; line: number }>;
  /** How the task was decided. */
  because: string;
}

interface Member {
  file: AnalysedFile;
  modelType: string;
  category: string;
}

function membersOf(files: AnalysedFile[]): Member[] {
  const members: Member[] = [];
  for (const file of files) {
    const r = file.resolution;
    if (file.failure || file.skip || !file.extraction || file.extraction.kind !== 'model-test') continue;
    if (!r || r.status !== 'resolved' || !r.modelType) continue;
    members.push({ file, modelType: r.modelType, category: r.category ?? 'unknown' });
  }
  return members;
}

function directoryOf(source: string): string {
  const cut = source.lastIndexOf('/');
  return cut < 0 ? '.' : source.slice(0, cut);
}

/**
 * Boilerplate signatures per scope. The scopes are the whole corpus and each folder's own files:
 * a generated batch dropped into a hand-written corpus is a template within its folder even when
 * it is a small share of the whole.
 */
function boilerplateIn(members: Member[], scope: string, pick: (file: AnalysedFile) => Found[]): Map<string, Omit<BoilerplateSighting, 'found'>> {
  const out = new Map<string, Omit<BoilerplateSighting, 'found'>>();
  if (members.length < MIN_SCOPE_FILES) return out;
  const carriers = new Map<string, Member[]>();
  for (const member of members) {
    for (const signature of new Set(pick(member.file).map(signatureOf))) {
      const list = carriers.get(signature) ?? [];
      list.push(member);
      carriers.set(signature, list);
    }
  }
  for (const [signature, list] of carriers) {
    const modelTypes = new Set(list.map((m) => m.modelType)).size;
    const categories = new Set(list.map((m) => m.category)).size;
    if (list.length >= MIN_SHARE * members.length && modelTypes >= MIN_MODEL_TYPES && categories >= MIN_CATEGORIES) {
      out.set(signature, { scope, files: list.length, scopeFiles: members.length, modelTypes, categories });
    }
  }
  return out;
}

type Detector = (file: AnalysedFile, found: Found) => Omit<BoilerplateSighting, 'found'> | undefined;

function detector(files: AnalysedFile[], pick: (file: AnalysedFile) => Found[]): Detector {
  const members = membersOf(files);
  const corpus = boilerplateIn(members, 'the corpus', pick);
  const folders = new Map<string, Map<string, Omit<BoilerplateSighting, 'found'>>>();
  const byFolder = new Map<string, Member[]>();
  for (const m of members) {
    const dir = directoryOf(m.file.source);
    byFolder.set(dir, [...(byFolder.get(dir) ?? []), m]);
  }
  for (const [dir, list] of byFolder) folders.set(dir, boilerplateIn(list, dir === '.' ? 'the top folder' : `folder "${dir}"`, pick));
  return (file, found) => {
    const signature = signatureOf(found);
    return corpus.get(signature) ?? folders.get(directoryOf(file.source))?.get(signature);
  };
}

const FEATURE_TASKS = new Set(['feature-extraction', 'image-feature-extraction']);

function describe(found: Found): string {
  return `"${found.value}" (${found.construct}${found.line > 0 ? `, line ${found.line}` : ''})`;
}

/**
 * Files whose only task evidence is boilerplate get their task decided again, by evidence order:
 * the test's own signs of embedding intent keep feature-extraction (image-feature-extraction for
 * a family the text pipeline cannot run); otherwise the family's primary transformers.js task.
 * Boilerplate tasks beside real ones are dropped with a warning. Returns the files in order (a
 * revised copy for each file decided again, the others as they were) and the evidence per copy.
 */
export function reviseBoilerplateTasks(files: AnalysedFile[], catalog: Catalog = loadCatalog()): { files: AnalysedFile[]; evidence: Map<AnalysedFile, TaskEvidence> } {
  const taskDetector = detector(files, (f) => f.extraction?.tasks ?? []);
  const intentDetector = detector(files, (f) => f.extraction?.featureIntent ?? []);
  const evidence = new Map<AnalysedFile, TaskEvidence>();
  const revisedFiles = new Map<AnalysedFile, AnalysedFile>();

  for (const file of membersOf(files).map((m) => m.file)) {
    const x = file.extraction!;
    const sightings: BoilerplateSighting[] = [];
    for (const found of x.tasks) {
      const seen = taskDetector(file, found);
      if (seen) sightings.push({ found, ...seen });
    }
    if (sightings.length === 0) continue;
    const r = file.resolution!;
    const entry = catalog.findByModelType(r.modelType!);
    if (!entry) continue;

    const own = x.tasks.filter((t) => !sightings.some((s) => s.found === t));
    const intent = (x.featureIntent ?? []).filter((f) => !intentDetector(file, f));
    let tasks = own;
    let kept = false;
    const featureBoilerplate = sightings.find((s) => FEATURE_TASKS.has(canonicaliseTask(s.found.value, catalog) ?? ''));
    if (own.length === 0 && featureBoilerplate && intent.length > 0) {
      // Its own evidence says the test means embeddings: keep the intent, in the form that can run the family.
      const wanted = entry.category === 'text' ? 'feature-extraction' : 'image-feature-extraction';
      tasks = [{ ...featureBoilerplate.found, value: wanted }];
      kept = true;
    }
    const choice = chooseTask({ tasks, architectures: x.architectures }, entry, catalog);
    const seen = sightings.map((s) => `${describe(s.found)} is template boilerplate: the same call is in ${s.files} of ${s.scopeFiles} model-test files of ${s.scope} (${s.modelTypes} model types, ${s.categories} categories)`);
    const decision = kept
      ? `kept as the test's own intent (${intent.map(describe).join(', ')})${choice.task !== canonicaliseTask(featureBoilerplate!.found.value, catalog) ? `, as ${choice.task}` : ''}`
      : own.length > 0
        ? `decided by the file's other task evidence: ${choice.because}`
        : `no other task evidence, so the family's primary transformers.js task (${choice.because.replace(/^no task in the file; /, '')})`;
    const because = `${seen.join('; ')}; ${decision}`;
    const warning = `${because}; using ${choice.task ?? 'no task'}`;

    const onnx = chooseOnnxModelId({ modelType: r.modelType!, modelId: r.modelId, task: choice.task, checkpointFamily: r.checkpointFamily }, catalog);
    const revised: Resolution = {
      ...r,
      task: choice.task,
      onnxModelId: onnx.onnxModelId,
      because: { ...r.because, task: because, onnxModelId: onnx.because },
      taskFromFile: kept || (own.length > 0 && choice.because.startsWith('legacy task')),
      // The first decision's task warnings (a rejected boilerplate task) are superseded by this one.
      warnings: [...r.warnings.filter((w) => !w.startsWith('legacy task ')), warning, ...choice.warnings],
    };
    const copy: AnalysedFile = { ...file, resolution: revised };
    revisedFiles.set(file, copy);
    evidence.set(copy, {
      boilerplate: sightings.map((s) => ({ construct: s.found.construct, value: s.found.value, line: s.found.line, scope: s.scope, files: s.files, scope_files: s.scopeFiles })),
      intent: kept ? intent.map((f) => ({ construct: f.construct, value: f.value, line: f.line })) : [],
      because,
    });
  }
  return { files: files.map((f) => revisedFiles.get(f) ?? f), evidence };
}
