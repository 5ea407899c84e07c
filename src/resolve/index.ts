/**
 * resolve: from what a legacy file says (Extraction) to a catalog model type, task and checkpoint.
 * Pure and synchronous; the only data it reads is the vendored catalog.
 */
import type { Extraction, Found } from '../extract/types';
import { loadCatalog, type Catalog, type CatalogModelType } from '../catalog';
import type { CatalogEntry, Resolution } from './types';
import { modelTypeNamedByCheckpoint, resolveCheckpointFamily, resolveClassName, resolveModelName, type FamilyMatch, type NameMatch } from './names';
import { chooseTask } from './task';
import { chooseModelId } from './model-id';
import { chooseOnnxModelId } from './onnx';

export type { Resolution, CatalogEntry } from './types';
export { resolveModelName, resolveClassName, modelTypeNamedByCheckpoint, resolveCheckpointFamily, checkpointFamilyIndex } from './names';
export { canonicaliseTask, allowedTasks } from './task';
export { judgeModelId } from './model-id';
export { chooseOnnxModelId, estimatedSize, type OnnxChoice, type OnnxRequest } from './onnx';

interface Evidence {
  entry: CatalogModelType;
  /** Where it was found, e.g. `architecture "XLMRobertaForMaskedLM" (from_pretrained, line 4)`. */
  where: string;
  /** How the name matched: `model_type`, `alias`, `stem "t5"`, ... */
  how: string;
}

interface ContentReading {
  /** First content evidence that names a catalog model type, in order of strength. */
  match?: Evidence;
  /** The match came from a checkpoint the catalogs list (the strongest evidence). */
  fromListedCheckpoint?: boolean;
  /** Names the content gave that did not settle on one model type (for the `unknown` reason). */
  unsettled: string[];
}

function matchNote(match: NameMatch): string | undefined {
  if (match.kind === 'collision') return `"${match.spelling}" is ambiguous between ${match.candidates.join(', ')}`;
  if (match.kind === 'transformers-js-only') return `"${match.modelType}" is a transformers.js-only model type, not a transformers model_type`;
  return undefined;
}

/**
 * Content evidence in order of strength: ids that are catalog checkpoints, `model_type` strings
 * and registry types, architecture classes, test classes, then the names of other model ids.
 */
function readContent(extraction: Extraction, catalog: Catalog): ContentReading {
  const asCheckpoint = (id: string): NameMatch => {
    const entry = catalog.findByCheckpoint(id);
    if (entry) return { kind: 'model-type', entry, how: 'catalog checkpoint' };
    // The ONNX catalog's ids and their originals (`facebook/dino-vitb16`), when listed for one type only.
    const types = catalog.modelTypesListing(id);
    const only = types.length === 1 ? catalog.findByModelType(types[0]) : undefined;
    if (!only) return { kind: 'none' };
    const onnx = catalog.findOnnxCheckpoint(id) ?? catalog.onnxExportsOf(id)[0];
    return { kind: 'model-type', entry: only, how: onnx ? `listed for ${only.modelType} only: ONNX catalog ${onnx.checkpoint.id}${onnx.checkpoint.convertedFrom ? ` converted from ${onnx.checkpoint.convertedFrom}` : ''}` : `listed for ${only.modelType} only` };
  };
  const sources: Array<[Found[], string, (value: string) => NameMatch]> = [
    [extraction.modelIds, 'checkpoint', asCheckpoint],
    [extraction.modelTypes, 'model type', (v) => resolveModelName(v, catalog)],
    [extraction.architectures, 'architecture', (v) => resolveClassName(v, catalog)],
    [extraction.classNames, 'test class', (v) => resolveClassName(v, catalog)],
    [extraction.modelIds, 'model id', (v) => modelTypeNamedByCheckpoint(v.slice(v.lastIndexOf('/') + 1), catalog)],
  ];
  const unsettled: string[] = [];
  for (const [found, label, read] of sources) {
    for (const item of found ?? []) {
      const match = read(item.value);
      if (match.kind === 'model-type') {
        return { match: { entry: match.entry, where: `${label} "${item.value}" (${item.construct}, line ${item.line})`, how: match.how }, fromListedCheckpoint: label === 'checkpoint', unsettled };
      }
      const note = matchNote(match);
      if (note) unsettled.push(note);
    }
  }
  return { unsettled };
}

function unknownReason(fileName: string, fileMatch: NameMatch, content: ContentReading, family: FamilyMatch): string {
  const fileNote = matchNote(fileMatch) ?? (family.kind === 'ambiguous' ? `checkpoint family "${family.stem}" is shared by ${family.candidates.join(', ')}` : undefined);
  const contentNotes = [...new Set(content.unsettled)].slice(0, 3);
  const alsoNamed = contentNotes.length > 0 ? ` (the file also names: ${contentNotes.join('; ')})` : '';
  if (!fileName) return `the file name gives no model name and nothing in the file names a catalog model type${alsoNamed}`;
  if (fileNote) return `file name ${fileNote}, and nothing in the file names a catalog model type${alsoNamed}`;
  return `no catalog model type or checkpoint family matches "${fileName}" (file name), nor any model type or checkpoint named in the file${alsoNamed}`;
}

function entryOf(entry: CatalogModelType): CatalogEntry {
  return {
    modelType: entry.modelType,
    category: entry.category,
    tasks: [...entry.tasks],
    checkpoints: [...entry.checkpoints],
    transformersJs: { supported: entry.transformersJs.supported, pipelineTasks: [...entry.transformersJs.pipelineTasks] },
  };
}

const MAX_LISTED_FAMILY_IDS = 3;

function familyEvidence(family: Extract<FamilyMatch, { kind: 'family' }>): string {
  const shown = family.ids.slice(0, MAX_LISTED_FAMILY_IDS).join(', ');
  const more = family.ids.length > MAX_LISTED_FAMILY_IDS ? ` and ${family.ids.length - MAX_LISTED_FAMILY_IDS} more` : '';
  return `checkpoint family "${family.stem}": the catalogs list ${shown}${more}, all ${family.entry.modelType}`;
}

export function resolve(extraction: Extraction, catalog: Catalog = loadCatalog()): Resolution {
  const fileName = (extraction.fileModelName ?? '').trim();
  const fileMatch = fileName ? resolveModelName(fileName, catalog) : ({ kind: 'none' } as NameMatch);
  const content = readContent(extraction, catalog);
  const warnings: string[] = [];
  let chosen: Evidence;
  let conflict: Resolution['conflict'];
  let family: FamilyMatch = { kind: 'none' };

  if (fileMatch.kind === 'model-type') {
    chosen = { entry: fileMatch.entry, where: `file name "${fileName}"`, how: fileMatch.how };
  } else if (content.match && content.fromListedCheckpoint) {
    // A checkpoint the catalogs list names the family, whatever the file is called.
    chosen = content.match;
  } else if (fileName && fileMatch.kind === 'none' && (family = resolveCheckpointFamily(fileName, catalog)).kind === 'family') {
    // A checkpoint family rather than a model type (`pythia`, `nllb`, `dino`).
    chosen = { entry: family.entry, where: `file name "${fileName}"`, how: familyEvidence(family) };
  } else if (content.match) {
    chosen = content.match;
  } else {
    const reason = unknownReason(fileName, fileMatch, content, family);
    return { status: 'unknown', reason, because: { modelType: reason, task: 'no model type', modelId: 'no model type' }, warnings };
  }

  const byFileName = chosen.where.startsWith('file name');
  const other = content.match;
  if (byFileName && other && other.entry !== chosen.entry) {
    // The file name wins: the content of a mismatching file is usually a copy-pasted template.
    conflict = { fileName: chosen.entry.modelType, content: other.entry.modelType, winner: 'file-name' };
    warnings.push(`file name "${fileName}" names ${chosen.entry.modelType}${family.kind === 'family' ? ` (${familyEvidence(family)})` : ''} but the file's ${other.where} names ${other.entry.modelType}; using ${chosen.entry.modelType} (the file name wins; mismatching content is usually a copied template)`);
  } else if (family.kind === 'family') {
    warnings.push(`file name "${fileName}" names no model type; resolved through its ${familyEvidence(family)}; using ${chosen.entry.modelType}`);
  } else if (!byFileName && fileName) {
    const why = matchNote(fileMatch) ?? 'it matches no catalog model type';
    warnings.push(`file name "${fileName}" does not resolve (${why}); using ${chosen.entry.modelType} from the file's ${chosen.where}${content.fromListedCheckpoint ? ` (${chosen.how})` : ''}`);
  }
  if (extraction.noModelConstruct) {
    warnings.push(`the file has no model construct (no model id, task, model type, architecture, test class, pipeline or from_pretrained call; broken generator output?); converted as a ${chosen.entry.modelType} test from its file name and the catalog`);
  }

  const entry = chosen.entry;
  const task = chooseTask({ tasks: extraction.tasks ?? [], architectures: extraction.architectures ?? [] }, entry, catalog);
  const modelId = chooseModelId(extraction.modelIds ?? [], entry, catalog, family.kind === 'family' ? family.ids : []);
  const checkpointFamily = family.kind === 'family' ? family.stem : undefined;
  const onnx = chooseOnnxModelId({ modelType: entry.modelType, modelId: modelId.modelId, task: task.task, checkpointFamily }, catalog);
  return {
    status: 'resolved',
    modelType: entry.modelType,
    category: entry.category,
    task: task.task,
    modelId: modelId.modelId,
    onnxModelId: onnx.onnxModelId,
    because: { modelType: `${chosen.where} (${chosen.how})`, task: task.because, modelId: modelId.because, onnxModelId: onnx.because },
    taskFromFile: task.because.startsWith('legacy task'),
    modelIdFromFile: modelId.fromFile,
    modelIdVerified: modelId.verified,
    ...(checkpointFamily ? { checkpointFamily } : {}),
    warnings: [...warnings, ...task.warnings, ...modelId.warnings, ...onnx.warnings],
    ...(conflict ? { conflict } : {}),
    entry: entryOf(entry),
  };
}
