import type { Category } from '../runtime/spec';

/** A catalog entry, vendored from ../shared/catalog (see src/catalog/README.md for provenance). */
export interface CatalogEntry {
  modelType: string;
  category: Category;
  /** transformers pipeline tasks the family supports. */
  tasks: string[];
  /** Real Hub checkpoints named by transformers, most canonical first. */
  checkpoints: string[];
  transformersJs: { supported: boolean; pipelineTasks: string[] };
}

export interface Resolution {
  /** `resolved`: a catalog model type was found. `unknown`: none could be. */
  status: 'resolved' | 'unknown';
  modelType?: string;
  category?: Category;
  task?: string;
  /** The legacy checkpoint (provenance): the file's own id when plausible, else a listed one. */
  modelId?: string;
  /**
   * The ONNX checkpoint transformers.js loads for this file: the export of `modelId` when the ONNX
   * catalog lists one, else the family's listed checkpoint for `task`; null when it lists none.
   */
  onnxModelId?: string | null;
  /** Where each decision came from, e.g. `file name "xlm_roberta" (alias)`, `catalog checkpoint`. */
  because: { modelType: string; task: string; modelId: string; onnxModelId?: string };
  /** The task is the legacy file's own (accepted), not a fallback. */
  taskFromFile?: boolean;
  /** The model id is the file's own (plausible), not the catalog's. */
  modelIdFromFile?: boolean;
  /** Some catalog lists `modelId` (false: a file id kept as provenance only, with a warning). */
  modelIdVerified?: boolean;
  /** The checkpoint-family stem (`pythia`, `nllb`) the model type was resolved through, if it was. */
  checkpointFamily?: string;
  /** Human-readable warnings: rejected task, implausible id, name/content disagreement. */
  warnings: string[];
  /** When the file name and the content named different model types: what each said and which won. */
  conflict?: { fileName: string; content: string; winner: 'file-name' | 'content' };
  /** For `unknown`: why. */
  reason?: string;
  entry?: CatalogEntry;
}
