/**
 * Choosing a real Hub checkpoint for a resolved family: the file's own id when it is plausibly a
 * checkpoint of that family, else the catalog's. Never invents an id.
 */
import type { Found } from '../extract/types';
import { normaliseName, type Catalog, type CatalogModelType } from '../catalog';
import { modelTypeNamedByCheckpoint, resolveCheckpointFamily } from './names';
import { estimatedSize } from './onnx';

/** `verified`: some catalog lists the id (transformers' checkpoints or the ONNX catalog). */
export type IdVerdict = { ok: true; modelId: string; why: string; verified: boolean } | { ok: false; why: string };

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

/**
 * The shapes legacy test generators fabricated ids in from a template: `<org>/<model_type>-base-patch16-224`
 * for a family none of whose listed checkpoints is named `…-patch16-224` (`google/convnext-base-patch16-224`,
 * `google/resnet-base-patch16-224`), and `<model_type>-base` for one with no listed `<model_type>-base`.
 * Only asked about ids no catalog lists.
 */
function fabricatedShape(name: string, entry: CatalogModelType, catalog: Catalog): string | undefined {
  const lower = name.toLowerCase();
  const spellings = new Set([entry.modelType, ...entry.aliases].map(normaliseName));
  const listedNames = (catalog.listedIdsByModelType().get(entry.modelType) ?? []).map((id) => nameOf(id).toLowerCase());
  const patch = /^(.+)-base-patch16-224$/.exec(lower);
  if (patch && spellings.has(normaliseName(patch[1])) && !listedNames.some((n) => n.endsWith('-patch16-224'))) {
    return `"<model_type>-base-patch16-224" is a legacy test generator's template shape, and no listed ${entry.modelType} checkpoint is named so`;
  }
  const base = /^(.+)-base$/.exec(lower);
  if (base && spellings.has(normaliseName(base[1])) && !listedNames.some((n) => normaliseName(n) === normaliseName(lower))) {
    return `"<model_type>-base" is a legacy test generator's template shape, and no listed ${entry.modelType} checkpoint is named so`;
  }
  return undefined;
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
    return { ok: true, modelId: listed, why: `catalog checkpoint of ${family}`, verified: true };
  }
  const onnx = catalog.findOnnxCheckpoint(trimmed);
  if (onnx?.modelType === family) return { ok: true, modelId: onnx.checkpoint.id, why: `ONNX catalog checkpoint of ${family}`, verified: true };
  const parts = trimmed.split('/');
  const bare = parts.length === 1 && HUB_PART.test(trimmed);
  // Legacy ids from before the Hub had orgs (`bert-base-uncased`) map to the catalog's full id.
  const full = bare ? entry.checkpoints.find((cp) => cp.includes('/') && nameOf(cp).toLowerCase() === lower && !borrowedFrom(cp, entry, catalog)) : undefined;
  if (full) return { ok: true, modelId: full, why: `legacy id without org, mapped to catalog checkpoint "${full}"`, verified: true };
  const exported = catalog.onnxExportsOf(trimmed).find((listing) => listing.modelType === family);
  if (exported?.checkpoint.convertedFrom) {
    return { ok: true, modelId: bare ? exported.checkpoint.convertedFrom : trimmed, why: `the original of ONNX catalog checkpoint ${exported.checkpoint.id} (${family})`, verified: true };
  }

  if (bare) {
    const shape = fabricatedShape(trimmed, entry, catalog);
    if (shape) return { ok: false, why: `fabricated id: ${shape}` };
    return { ok: false, why: `no org and not the name of a catalog checkpoint of ${family}` };
  }
  if (parts.length !== 2 || !HUB_PART.test(parts[0]) || !HUB_PART.test(parts[1])) {
    return { ok: false, why: 'not a Hub id of the form org/name' };
  }
  const verified = catalog.isListed(trimmed);
  if (!verified) {
    const shape = fabricatedShape(parts[1], entry, catalog);
    if (shape) return { ok: false, why: `fabricated id: ${shape}` };
  }

  const named = modelTypeNamedByCheckpoint(parts[1], catalog);
  if (named.kind === 'model-type') {
    if (named.entry.modelType === family) return { ok: true, modelId: trimmed, why: `its name names ${family}`, verified };
    return { ok: false, why: `its name names ${named.entry.modelType}, not ${family}` };
  }
  if (named.kind === 'collision') return { ok: false, why: `its name "${named.spelling}" is ambiguous between ${named.candidates.join(', ')}` };
  const checkpointFamily = resolveCheckpointFamily(parts[1], catalog, { anyPrefix: true });
  if (checkpointFamily.kind === 'family' && checkpointFamily.entry.modelType === family) {
    return { ok: true, modelId: trimmed, why: `its name is of the "${checkpointFamily.stem}" checkpoint family of ${family}`, verified };
  }
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
  /** The id is the file's own. */
  fromFile: boolean;
  /** Some catalog lists the id; false for a file id kept as provenance only. */
  verified: boolean;
}

const MAX_LISTED_REJECTIONS = 3;

function describe(found: Found): string {
  return `"${found.value}" (${found.construct}, line ${found.line})`;
}

/**
 * The suite's legacy checkpoint: the first plausible file id (kept even when no catalog lists it,
 * as provenance, with an `unverified checkpoint` warning), else a listed checkpoint of the
 * checkpoint family the file was resolved through (`familyIds`, smallest first), else the catalog's.
 */
export function chooseModelId(fileIds: Found[], entry: CatalogModelType, catalog: Catalog, familyIds: string[] = []): ModelIdChoice {
  const rejected: string[] = [];
  const seen = new Set<string>();
  for (const found of fileIds) {
    if (seen.has(found.value)) continue;
    seen.add(found.value);
    const verdict = judgeModelId(found.value, entry, catalog);
    if (verdict.ok) {
      const warnings = rejectionWarnings(rejected, entry);
      if (!verdict.verified) {
        warnings.push(`unverified checkpoint ${describe(found)}: no catalog lists it (neither transformers' checkpoints nor transformers.js's ONNX checkpoints); kept as the legacy id for provenance only (the runtime loads onnx_model_id, a listed ONNX checkpoint, or nothing)`);
      }
      return { modelId: verdict.modelId, because: `file id ${describe(found)}: ${verdict.why}${verdict.verified ? '' : ' (unverified)'}`, warnings, fromFile: true, verified: verdict.verified };
    }
    rejected.push(`${describe(found)}: ${verdict.why}`);
  }

  const warnings = rejectionWarnings(rejected, entry);
  const why = rejected.length > 0 ? 'no file id is plausible' : 'the file names no model id';
  // Originals, not ONNX ids: the legacy id names the checkpoint the test was written for.
  const originals = familyIds.filter((id) => !catalog.findOnnxCheckpoint(id));
  const ofFamily = [...(originals.length > 0 ? originals : familyIds)].sort((a, b) => estimatedSize(a) - estimatedSize(b) || a.length - b.length || (a < b ? -1 : 1))[0];
  if (ofFamily) return { modelId: ofFamily, because: `listed checkpoint of the file's checkpoint family (${why})`, warnings, fromFile: false, verified: true };
  const fallback = catalogCheckpoint(entry, catalog);
  if (fallback) {
    return { modelId: fallback, because: `catalog checkpoint of ${entry.modelType} (${why})`, warnings, fromFile: false, verified: true };
  }
  warnings.push(`no model id: the catalog lists no checkpoint for ${entry.modelType} and the file names no plausible one`);
  return { because: `none: no catalog checkpoint for ${entry.modelType} and no plausible file id`, warnings, fromFile: false, verified: false };
}

function rejectionWarnings(rejected: string[], entry: CatalogModelType): string[] {
  if (rejected.length === 0) return [];
  const listed = rejected.slice(0, MAX_LISTED_REJECTIONS).join('; ');
  const more = rejected.length > MAX_LISTED_REJECTIONS ? `; and ${rejected.length - MAX_LISTED_REJECTIONS} more` : '';
  return [`ignored model id(s) not plausible for ${entry.modelType}: ${listed}${more}`];
}
