/**
 * The vendored model-type catalog (see ./README.md for provenance and how to re-vendor).
 *
 * `loadCatalog()` is memoized and cheap: one `require` of catalog.json; the lookup maps are built
 * on first use. Nothing here reads ../shared at run time.
 */
import type { Category } from '../runtime/spec';
import type { CatalogEntry } from '../resolve/types';
import catalogJson from './catalog.json';

/** Shape of catalog.json as written by scripts/vendor-catalog.js. */
export interface CatalogFile {
  /** Spellings two or more model types produce and that no type owns: spelling → candidate types. */
  aliasCollisions: Record<string, string[]>;
  modelTypes: Record<string, CatalogFileModelType>;
  /** Hub checkpoints transformers.js can load (ONNX weights under `onnx/`), per model_type, conversions first. */
  onnxCheckpoints?: Record<string, OnnxCheckpoint[]>;
  provenance: CatalogProvenance;
  tasks: Record<string, CatalogFileTask>;
  /** transformers.js model types that are not transformers `model_type`s. */
  transformersJsOnly: Record<string, { pipelineTasks: string[] }>;
}

export interface CatalogFileModelType {
  aliases: string[];
  category: Category;
  checkpoints: string[];
  /** Checkpoint → other model types whose configuration names it as their reference checkpoint. */
  checkpointsOfOtherTypes?: Record<string, string[]>;
  tasks: string[];
  transformersJs: { pipelineTasks: string[]; supported: boolean };
}

/** A checkpoint transformers.js can load, from onnx-checkpoints.json (see ./README.md). */
export interface OnnxCheckpoint {
  /** Hub id to load, e.g. `Xenova/bert-base-uncased`. */
  id: string;
  /** `converted`: exported by transformers.js's conversion script; `tiny-random` / `test`: loaded by transformers.js's tests. */
  kind: 'converted' | 'tiny-random' | 'test';
  /** For `converted`: the original checkpoint (`bert-base-uncased`, `facebook/dino-vitb16`). */
  convertedFrom?: string;
  /** Pipeline tasks it was exported or tested for (empty: the tests load the model class directly). */
  tasks: string[];
  /** Where each fact was read: `repo@commit:path[:line]`. */
  evidence: string[];
}

/** A listed ONNX checkpoint with the model type that lists it. */
export interface OnnxListing {
  modelType: string;
  checkpoint: OnnxCheckpoint;
}

export interface CatalogFileTask {
  aliases: string[];
  transformersJs: boolean;
  /** transformers' `SUPPORTED_TASKS` type; null when transformers has no such pipeline. */
  type: string | null;
}

export interface CatalogProvenance {
  files: Record<string, { sha256: string; sources: unknown }>;
  from: string;
  transformersJsVersion: string | null;
  transformersVersions: string[];
  vendoredOn: string;
}

/** A catalog model type: the resolver contract's entry plus the spellings that name it. */
export interface CatalogModelType extends CatalogEntry {
  aliases: string[];
  checkpointsOfOtherTypes: Record<string, string[]>;
}

export interface CatalogTask extends CatalogFileTask {
  name: string;
}

/** What a name means once normalised (see `normaliseName`). */
export type NameLookup =
  | { kind: 'model-type'; entry: CatalogModelType; /** `model_type`: spelled exactly as the type; `alias`: any other spelling of it. */ via: 'model_type' | 'alias' }
  | { kind: 'collision'; candidates: string[] }
  | { kind: 'transformers-js-only'; modelType: string; pipelineTasks: string[] }
  | { kind: 'none' };

/** Lower-case and drop `-`, `_`, `.` and whitespace: `XLM_Roberta` → `xlmroberta`. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.\s]+/g, '');
}

export class Catalog {
  readonly provenance: CatalogProvenance;
  private readonly data: CatalogFile;
  private entries?: Map<string, CatalogModelType>;
  private names?: Map<string, NameLookup>;
  private taskNames?: Map<string, CatalogTask>;
  private checkpointOwners?: Map<string, CatalogModelType>;
  private onnxById?: Map<string, OnnxListing>;
  private onnxByOrigin?: Map<string, OnnxListing[]>;
  private listedIds?: Map<string, Set<string>>;
  private everyListedId?: Set<string>;
  private idsByModelType?: Map<string, string[]>;

  constructor(data: CatalogFile) {
    if (!data || typeof data !== 'object' || !data.modelTypes || !data.tasks) {
      throw new Error('catalog data must have `modelTypes` and `tasks` (write it with scripts/vendor-catalog.js)');
    }
    this.data = data;
    this.provenance = data.provenance;
  }

  /** Every model type, exact spelling, in catalog order. */
  modelTypes(): string[] {
    return [...this.entryMap().keys()];
  }

  /** The entry whose `model_type` is spelled exactly `modelType`. */
  findByModelType(modelType: string): CatalogModelType | undefined {
    return this.entryMap().get(modelType);
  }

  /** Separator- and case-insensitive lookup over model types, their aliases and unresolved collisions. */
  lookupName(name: string): NameLookup {
    const found = this.nameMap().get(normaliseName(name));
    if (!found) return NONE;
    if (found.kind === 'model-type') return { kind: 'model-type', entry: found.entry, via: name === found.entry.modelType ? 'model_type' : 'alias' };
    return found;
  }

  /**
   * The model type a Hub id is a catalog checkpoint of (case-insensitive): the type that ranks it
   * highest, ignoring listings where it is another type's reference checkpoint.
   */
  findByCheckpoint(id: string): CatalogModelType | undefined {
    if (!this.checkpointOwners) {
      const owners = new Map<string, { entry: CatalogModelType; rank: number }>();
      for (const entry of this.entryMap().values()) {
        entry.checkpoints.forEach((checkpoint, rank) => {
          if (entry.checkpointsOfOtherTypes[checkpoint]) return;
          const key = checkpoint.toLowerCase();
          const current = owners.get(key);
          if (!current || rank < current.rank) owners.set(key, { entry, rank });
        });
      }
      this.checkpointOwners = new Map([...owners].map(([key, { entry }]) => [key, entry]));
    }
    return this.checkpointOwners.get(id.trim().toLowerCase());
  }

  /** ONNX checkpoints transformers.js can load for `modelType` (exact spelling), conversions first; `[]` if none. */
  onnxCheckpoints(modelType: string): OnnxCheckpoint[] {
    return this.data.onnxCheckpoints?.[modelType] ?? [];
  }

  /** The ONNX catalog's entry whose `id` is `id` (case-insensitive). */
  findOnnxCheckpoint(id: string): OnnxListing | undefined {
    this.onnxIndexes();
    return this.onnxById!.get(id.trim().toLowerCase());
  }

  /**
   * The ONNX exports of a checkpoint: entries converted from `id` (case-insensitive). An original
   * listed without org (`distilbert-base-uncased-distilled-squad`) also matches it under the org the
   * Hub moved the type's org-less checkpoints to, where the transformers catalog lists such a move
   * for an original of the same type (`distilbert/distilbert-base-uncased`, so `distilbert/…-squad`).
   */
  onnxExportsOf(id: string): OnnxListing[] {
    this.onnxIndexes();
    return this.onnxByOrigin!.get(id.trim().toLowerCase()) ?? [];
  }

  /**
   * The model types whose catalogs list `id` (case-insensitive): transformers' checkpoints (not
   * where the id is another type's reference checkpoint), ONNX ids and their originals.
   */
  modelTypesListing(id: string): string[] {
    if (!this.listedIds) {
      const listed = new Map<string, Set<string>>();
      const every = new Set<string>();
      const add = (checkpoint: string, modelType: string) => {
        every.add(checkpoint.toLowerCase());
        const key = checkpoint.toLowerCase();
        const set = listed.get(key) ?? new Set<string>();
        set.add(modelType);
        listed.set(key, set);
      };
      for (const entry of this.entryMap().values()) {
        for (const checkpoint of entry.checkpoints) {
          every.add(checkpoint.toLowerCase());
          if (!entry.checkpointsOfOtherTypes[checkpoint]) add(checkpoint, entry.modelType);
        }
      }
      for (const [modelType, list] of Object.entries(this.data.onnxCheckpoints ?? {})) {
        for (const checkpoint of list) {
          add(checkpoint.id, modelType);
          if (checkpoint.convertedFrom) add(checkpoint.convertedFrom, modelType);
        }
      }
      this.listedIds = listed;
      this.everyListedId = every;
    }
    return [...(this.listedIds.get(id.trim().toLowerCase()) ?? [])];
  }

  /** Every id each model type's catalogs list: transformers' own (not borrowed), then ONNX ids and their originals. */
  listedIdsByModelType(): Map<string, string[]> {
    if (this.idsByModelType) return this.idsByModelType;
    const out = new Map<string, string[]>();
    for (const entry of this.entryMap().values()) {
      out.set(entry.modelType, entry.checkpoints.filter((checkpoint) => !entry.checkpointsOfOtherTypes[checkpoint]));
    }
    for (const [modelType, list] of Object.entries(this.data.onnxCheckpoints ?? {})) {
      const ids = out.get(modelType) ?? [];
      for (const checkpoint of list) {
        for (const id of [checkpoint.convertedFrom, checkpoint.id]) if (id && !ids.includes(id)) ids.push(id);
      }
      out.set(modelType, ids);
    }
    this.idsByModelType = out;
    return out;
  }

  /**
   * Is `id` listed by any catalog: transformers' checkpoints of any type, ONNX ids or their
   * originals (an org-less original also under the org the Hub moved it to, see `onnxExportsOf`)?
   */
  isListed(id: string): boolean {
    this.modelTypesListing('');
    return this.everyListedId!.has(id.trim().toLowerCase()) || this.onnxExportsOf(id).length > 0;
  }

  private onnxIndexes(): void {
    if (this.onnxById) return;
    const byId = new Map<string, OnnxListing>();
    const byOrigin = new Map<string, OnnxListing[]>();
    const addOrigin = (key: string, listing: OnnxListing) => {
      const list = byOrigin.get(key) ?? [];
      if (!list.includes(listing)) list.push(listing);
      byOrigin.set(key, list);
    };
    const nameOf = (id: string) => id.slice(id.lastIndexOf('/') + 1).toLowerCase();
    for (const [modelType, list] of Object.entries(this.data.onnxCheckpoints ?? {})) {
      const entry = this.entryMap().get(modelType);
      const full = (entry?.checkpoints ?? []).filter((id) => id.includes('/'));
      // Orgs the Hub moved this type's org-less checkpoints to (`bert-base-uncased` → `google-bert/…`),
      // learnt from the transformers catalog listing such a move for an original of this list.
      const movedTo = new Set<string>();
      for (const checkpoint of list) {
        const origin = checkpoint.convertedFrom;
        if (!origin || origin.includes('/')) continue;
        for (const id of full) if (nameOf(id) === origin.toLowerCase()) movedTo.add(id.slice(0, id.indexOf('/')).toLowerCase());
      }
      for (const checkpoint of list) {
        const listing = { modelType, checkpoint };
        if (!byId.has(checkpoint.id.toLowerCase())) byId.set(checkpoint.id.toLowerCase(), listing);
        const origin = checkpoint.convertedFrom;
        if (!origin) continue;
        addOrigin(origin.toLowerCase(), listing);
        if (origin.includes('/')) continue;
        for (const org of movedTo) addOrigin(`${org}/${origin.toLowerCase()}`, listing);
      }
    }
    this.onnxById = byId;
    this.onnxByOrigin = byOrigin;
  }

  /** The task spelled `name` or named by one of its aliases (`ner`, `sentiment-analysis`, `vqa`), any separators/case. */
  findTask(name: string): CatalogTask | undefined {
    return this.taskMap().get(normaliseName(name));
  }

  /** Canonical pipeline task name for a task or task alias, or undefined when the catalog knows no such task. */
  canonicalTask(name: string): string | undefined {
    return this.findTask(name)?.name;
  }

  private entryMap(): Map<string, CatalogModelType> {
    if (!this.entries) {
      this.entries = new Map();
      for (const [modelType, raw] of Object.entries(this.data.modelTypes)) {
        this.entries.set(modelType, {
          modelType,
          category: raw.category,
          tasks: raw.tasks,
          checkpoints: raw.checkpoints,
          transformersJs: { supported: raw.transformersJs.supported, pipelineTasks: raw.transformersJs.pipelineTasks },
          aliases: raw.aliases,
          checkpointsOfOtherTypes: raw.checkpointsOfOtherTypes ?? {},
        });
      }
    }
    return this.entries;
  }

  private nameMap(): Map<string, NameLookup> {
    if (this.names) return this.names;
    const names = new Map<string, NameLookup>();
    // Order matters: unresolved collisions and transformers.js-only types are written first so a
    // real model type or its catalog alias (which the catalog guarantees unambiguous) overrides them.
    for (const [spelling, candidates] of Object.entries(this.data.aliasCollisions)) {
      names.set(normaliseName(spelling), { kind: 'collision', candidates });
    }
    for (const [modelType, raw] of Object.entries(this.data.transformersJsOnly ?? {})) {
      names.set(normaliseName(modelType), { kind: 'transformers-js-only', modelType, pipelineTasks: raw.pipelineTasks });
    }
    for (const entry of this.entryMap().values()) {
      for (const alias of entry.aliases) names.set(normaliseName(alias), { kind: 'model-type', entry, via: 'alias' });
    }
    for (const entry of this.entryMap().values()) {
      names.set(normaliseName(entry.modelType), { kind: 'model-type', entry, via: 'model_type' });
    }
    this.names = names;
    return names;
  }

  private taskMap(): Map<string, CatalogTask> {
    if (this.taskNames) return this.taskNames;
    const tasks = new Map<string, CatalogTask>();
    const all = Object.entries(this.data.tasks).map(([name, raw]): CatalogTask => ({ name, ...raw }));
    for (const task of all) for (const alias of task.aliases) tasks.set(normaliseName(alias), task);
    // Canonical names last so an alias can never shadow a real task name.
    for (const task of all) tasks.set(normaliseName(task.name), task);
    this.taskNames = tasks;
    return tasks;
  }
}

const NONE: NameLookup = { kind: 'none' };
let memoized: Catalog | undefined;

/** The vendored catalog (memoized; lookup maps are built lazily on first use). */
export function loadCatalog(): Catalog {
  if (!memoized) memoized = new Catalog(catalogJson as unknown as CatalogFile);
  return memoized;
}

/** Build a catalog from data shaped like catalog.json (for tests and tools). */
export function createCatalog(data: CatalogFile): Catalog {
  return new Catalog(data);
}

export function findByModelType(modelType: string, catalog: Catalog = loadCatalog()): CatalogModelType | undefined {
  return catalog.findByModelType(modelType);
}

export function lookupName(name: string, catalog: Catalog = loadCatalog()): NameLookup {
  return catalog.lookupName(name);
}

export function canonicalTask(name: string, catalog: Catalog = loadCatalog()): string | undefined {
  return catalog.canonicalTask(name);
}
