/**
 * Choosing a real Hub checkpoint for a resolved family: the file's own id when it is plausibly a
 * checkpoint of that family, else the catalog's. Never invents an id.
 */
import type { Found } from '../extract/types';
import type { Catalog, CatalogModelType } from '../catalog';
import { modelTypeNamedByCheckpoint } from './names';

export type IdVerdict = { ok: true; modelId: string; why: string } | { ok: false; why: string };

const HUB_PART = /^[A-Za-z0-9][\w.-]*$/;

function nameOf(checkpoint: string): string {
  return checkpoint.slice(checkpoint.lastIndexOf('/') + 1);
}

/**
 * A catalog checkpoint that the catalog itself names as another type's reference checkpoint and
 * whose name says so too (xlm-roberta lists `FacebookAI/roberta-base` as a docstring example).
 */
function borrowedFrom(checkpoint: string, entry: CatalogModelType, catalog: Catalog): string | undefined {
  const others = entry.checkpointsOfOtherTypes[checkpoint];
  if (!others) return undefined;
  const named = modelTypeNamedByCheckpoint(nameOf(checkpoint), catalog);
  return named.kind === 'model-type' && others.includes(named.entry.modelType) ? named.entry.modelType : undefined;
}

/** Is `id` (as written in a legacy file) a plausible checkpoint of `entry`'s family? */
export function judgeModelId(id: string, entry: CatalogModelType, catalog: Catalog): IdVerdict {
  const family = entry.modelType;
  const trimmed = id.trim();
  const lower = trimmed.toLowerCase();

  const listed = entry.checkpoints.find((cp) => cp.toLowerCase() === lower);
  if (listed) {
    const owner = borrowedFrom(listed, entry, catalog);
    if (owner) return { ok: false, why: `a catalog example for ${family} but the reference checkpoint of ${owner}` };
    return { ok: true, modelId: listed, why: `catalog checkpoint of ${family}` };
  }

  const parts = trimmed.split('/');
  if (parts.length === 1 && HUB_PART.test(trimmed)) {
    // Legacy ids from before the Hub had orgs (`bert-base-uncased`) map to the catalog's full id.
    const full = entry.checkpoints.find((cp) => cp.includes('/') && nameOf(cp).toLowerCase() === lower && !borrowedFrom(cp, entry, catalog));
    if (full) return { ok: true, modelId: full, why: `legacy id without org, mapped to catalog checkpoint "${full}"` };
    return { ok: false, why: `no org and not the name of a catalog checkpoint of ${family}` };
  }
  if (parts.length !== 2 || !HUB_PART.test(parts[0]) || !HUB_PART.test(parts[1])) {
    return { ok: false, why: 'not a Hub id of the form org/name' };
  }

  const named = modelTypeNamedByCheckpoint(parts[1], catalog);
  if (named.kind === 'model-type') {
    if (named.entry.modelType === family) return { ok: true, modelId: trimmed, why: `its name names ${family}` };
    return { ok: false, why: `its name names ${named.entry.modelType}, not ${family}` };
  }
  if (named.kind === 'collision') return { ok: false, why: `its name "${named.spelling}" is ambiguous between ${named.candidates.join(', ')}` };
  return { ok: false, why: `its name does not name ${family}` };
}

/** The catalog's own checkpoint for the family: the first that is not borrowed from another type. */
export function catalogCheckpoint(entry: CatalogModelType, catalog: Catalog): string | undefined {
  return entry.checkpoints.find((cp) => !borrowedFrom(cp, entry, catalog)) ?? entry.checkpoints[0];
}

export interface ModelIdChoice {
  modelId?: string;
  because: string;
  warnings: string[];
}

const MAX_LISTED_REJECTIONS = 3;

function describe(found: Found): string {
  return `"${found.value}" (${found.construct}, line ${found.line})`;
}

export function chooseModelId(fileIds: Found[], entry: CatalogModelType, catalog: Catalog): ModelIdChoice {
  const rejected: string[] = [];
  const seen = new Set<string>();
  for (const found of fileIds) {
    if (seen.has(found.value)) continue;
    seen.add(found.value);
    const verdict = judgeModelId(found.value, entry, catalog);
    if (verdict.ok) {
      return { modelId: verdict.modelId, because: `file id ${describe(found)}: ${verdict.why}`, warnings: rejectionWarnings(rejected, entry) };
    }
    rejected.push(`${describe(found)}: ${verdict.why}`);
  }

  const fallback = catalogCheckpoint(entry, catalog);
  const warnings = rejectionWarnings(rejected, entry);
  if (fallback) {
    const why = rejected.length > 0 ? 'no file id is plausible' : 'the file names no model id';
    return { modelId: fallback, because: `catalog checkpoint of ${entry.modelType} (${why})`, warnings };
  }
  warnings.push(`no model id: the catalog lists no checkpoint for ${entry.modelType} and the file names no plausible one`);
  return { because: `none: no catalog checkpoint for ${entry.modelType} and no plausible file id`, warnings };
}

function rejectionWarnings(rejected: string[], entry: CatalogModelType): string[] {
  if (rejected.length === 0) return [];
  const listed = rejected.slice(0, MAX_LISTED_REJECTIONS).join('; ');
  const more = rejected.length > MAX_LISTED_REJECTIONS ? `; and ${rejected.length - MAX_LISTED_REJECTIONS} more` : '';
  return [`ignored model id(s) not plausible for ${entry.modelType}: ${listed}${more}`];
}
