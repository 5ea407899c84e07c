/** Versioned, lock-protected baseline files: `baselines/<device>.json`. */
export { BaselineFileError, type BaselineErrorKind } from './errors';
export {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  MAX_SAMPLES,
  MAX_SOURCES,
  baselineFileSchema,
  emptyBaselineFile,
  runEnvironmentSchema,
  type BaselineEntry,
  type BaselineFile,
  type RecordedRunEnvironment,
  type SampleSource,
} from './format';
export { MACHINE_LABEL_ENV, currentRunEnvironment, hostFingerprint, type RunEnvironment } from './host';
export { findJsonSyntaxProblem, type JsonSyntaxProblem } from './json-syntax';
export { KEY_FIELDS, baselineFileName, baselineKey, machineClass, normalizeMachine } from './key';
export { withFileLock, type LockOptions } from './lock';
export {
  REPORT_FILE_NAMES,
  batchesFromRecords,
  entryRunGroups,
  entryJudgedSources,
  entryRunSamples,
  MAX_RUN_MEDIANS,
  entryWindowSources,
  listBaselineFiles,
  loadBaselines,
  mergeBatches,
  readBaselinesDir,
  referencedRuns,
  runIdOfSource,
  sampleSourceId,
  updateBaselines,
  type BaselineFileSummary,
  type BaselineSet,
  type FileUpdate,
  type MergeOptions,
  type MergeOutcome,
  type SampleBatch,
  type UpdateOptions,
} from './merge';
export { pruneBaselineFile, pruneBaselines, type PruneCriteria, type PrunedEntry } from './prune';
export { parseBaselineText, readBaselineFile } from './read';
export { removeOrphanedTempFiles, serializeBaselineFile, sortKeysDeep, writeFileAtomic, type AtomicWriteHooks } from './write';
