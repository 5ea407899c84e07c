/**
 * resolve: from what a legacy file says (Extraction) to a catalog model type, task and checkpoint.
 * Pure and synchronous; the only data it reads is the vendored catalog.
 */
import type { Extraction, Found } from '../extract/types';
import { loadCatalog, type Catalog, type CatalogModelType } from '../catalog';
import type { CatalogEntry, Resolution } from './types';
import { modelTypeNamedByCheckpoint, resolveClassName, resolveModelName, type NameMatch } from './names';
import { chooseTask } from './task';
import { chooseModelId } from './model-id';

export type { Resolution, CatalogEntry } from './types';
export { resolveModelName, resolveClassName, modelTypeNamedByCheckpoint } from './names';
export { canonicaliseTask, allowedTasks } from './task';
export { judgeModelId } from './model-id';

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
    return entry ? { kind: 'model-type', entry, how: 'catalog checkpoint' } : { kind: 'none' };
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
        return { match: { entry: match.entry, where: `${label} "${item.value}" (${item.construct}, line ${item.line})`, how: match.how }, unsettled };
      }
      const note = matchNote(match);
      if (note) unsettled.push(note);
    }
  }
  return { unsettled };
}

function unknownReason(fileName: string, fileMatch: NameMatch, content: ContentReading): string {
  const fileNote = matchNote(fileMatch);
  const contentNotes = [...new Set(content.unsettled)].slice(0, 3);
  const alsoNamed = contentNotes.length > 0 ? ` (the file also names: ${contentNotes.join('; ')})` : '';
  if (!fileName) return `the file name gives no model name and nothing in the file names a catalog model type${alsoNamed}`;
  if (fileNote) return `file name ${fileNote}, and nothing in the file names a catalog model type${alsoNamed}`;
  return `no catalog model type matches "${fileName}" (file name) or any model type named in the file${alsoNamed}`;
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

export function resolve(extraction: Extraction, catalog: Catalog = loadCatalog()): Resolution {
  const fileName = (extraction.fileModelName ?? '').trim();
  const fileMatch = fileName ? resolveModelName(fileName, catalog) : ({ kind: 'none' } as NameMatch);
  const content = readContent(extraction, catalog);
  const warnings: string[] = [];
  let chosen: Evidence;
  let conflict: Resolution['conflict'];

  if (fileMatch.kind === 'model-type') {
    chosen = { entry: fileMatch.entry, where: `file name "${fileName}"`, how: fileMatch.how };
    const other = content.match;
    if (other && other.entry !== fileMatch.entry) {
      // The file name wins: the content of a mismatching file is usually a copy-pasted template.
      conflict = { fileName: fileMatch.entry.modelType, content: other.entry.modelType, winner: 'file-name' };
      warnings.push(`file name "${fileName}" names ${fileMatch.entry.modelType} but the file's ${other.where} names ${other.entry.modelType}; using ${fileMatch.entry.modelType} (the file name wins; mismatching content is usually a copied template)`);
    }
  } else if (content.match) {
    chosen = content.match;
    if (fileName) {
      const why = matchNote(fileMatch) ?? 'it matches no catalog model type';
      warnings.push(`file name "${fileName}" does not resolve (${why}); using ${chosen.entry.modelType} from the file's ${chosen.where}`);
    }
  } else {
    const reason = unknownReason(fileName, fileMatch, content);
    return { status: 'unknown', reason, because: { modelType: reason, task: 'no model type', modelId: 'no model type' }, warnings };
  }

  const entry = chosen.entry;
  const task = chooseTask({ tasks: extraction.tasks ?? [], architectures: extraction.architectures ?? [] }, entry, catalog);
  const modelId = chooseModelId(extraction.modelIds ?? [], entry, catalog);
  return {
    status: 'resolved',
    modelType: entry.modelType,
    category: entry.category,
    task: task.task,
    modelId: modelId.modelId,
    because: { modelType: `${chosen.where} (${chosen.how})`, task: task.because, modelId: modelId.because },
    taskFromFile: task.because.startsWith('legacy task'),
    modelIdFromFile: modelId.because.startsWith('file id'),
    warnings: [...warnings, ...task.warnings, ...modelId.warnings],
    ...(conflict ? { conflict } : {}),
    entry: entryOf(entry),
  };
}
