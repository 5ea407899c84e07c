import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MeasurementRecord } from '../runtime/measurements';
import { iqr, median } from '../reporter/stats';
import { BaselineFileError } from './errors';
import { MAX_SAMPLES, MAX_SOURCES, type BaselineEntry, type BaselineFile, type RecordedRunEnvironment } from './format';
import { baselineFileName, baselineKey, normalizeMachine } from './key';
import { withFileLock, type LockOptions } from './lock';
import { readBaselineFile } from './read';
import { removeOrphanedTempFiles, serializeBaselineFile, writeFileAtomic, type AtomicWriteHooks } from './write';

/**
 * All samples one source (one test file in one run) produced for one key, in the order they were
 * recorded. A sample's identity is (sourceId, key, index), which is what makes merging idempotent.
 */
export interface SampleBatch {
  key: string;
  sourceId: string;
  record: Omit<MeasurementRecord, 'samples' | 'passed' | 'testFile' | 'waitShare'>;
  samples: number[];
  /** The largest wait share among the batch's records (wall-time metrics only). */
  waitShare?: number;
}

/** `<runId>|<testFile relative to rootDir, with forward slashes>`. */
export function sampleSourceId(runId: string, testFile: string, rootDir: string): string {
  const relative = path.isAbsolute(testFile) ? path.relative(rootDir, testFile) : testFile;
  return `${runId}|${relative.split(path.sep).join('/')}`;
}

/** Group records of one run into batches, concatenating repeated (test file, key) records in order. */
export function batchesFromRecords(records: readonly MeasurementRecord[], runId: string, rootDir: string): SampleBatch[] {
  const batches = new Map<string, SampleBatch>();
  for (const record of records) {
    const key = baselineKey(record);
    const sourceId = sampleSourceId(runId, record.testFile, rootDir);
    const id = `${sourceId}\u0000${key}`;
    const existing = batches.get(id);
    if (existing) {
      existing.samples.push(...record.samples);
      if (record.recordedAt > existing.record.recordedAt) existing.record = stripRecord(record);
      if (record.waitShare !== undefined) existing.waitShare = Math.max(existing.waitShare ?? 0, record.waitShare);
    } else {
      batches.set(id, { key, sourceId, record: stripRecord(record), samples: [...record.samples], ...(record.waitShare !== undefined ? { waitShare: record.waitShare } : {}) });
    }
  }
  return [...batches.values()];
}

function stripRecord(record: MeasurementRecord): SampleBatch['record'] {
  const { samples: _samples, passed: _passed, testFile: _testFile, waitShare: _waitShare, ...rest } = record;
  return rest;
}

/** The run a sample source belongs to (`<runId>|<testFile>`). */
export function runIdOfSource(sourceId: string): string {
  const bar = sourceId.indexOf('|');
  return bar < 0 ? sourceId : sourceId.slice(0, bar);
}

export interface MergeOutcome {
  /** Samples appended. */
  added: number;
  /** Samples skipped because their (source, index) was already merged. */
  duplicates: number;
  /** Keys that had no entry before. */
  newKeys: string[];
}

export interface MergeOptions {
  maxSamples?: number;
  /** Where the merged runs were measured, by run id (kept for every run the file still has samples of). */
  runs?: Readonly<Record<string, RecordedRunEnvironment>>;
}

/** Merge batches into a baseline file (returns a new object; the input is not modified). */
export function mergeBatches(file: BaselineFile, batches: readonly SampleBatch[], options: MergeOptions = {}): { file: BaselineFile; outcome: MergeOutcome } {
  const maxSamples = options.maxSamples ?? MAX_SAMPLES;
  const entries: Record<string, BaselineEntry> = structuredClone(file.entries);
  const outcome: MergeOutcome = { added: 0, duplicates: 0, newKeys: [] };
  for (const batch of batches) {
    const previous = entries[batch.key];
    if (previous && (previous.better !== batch.record.better || previous.unit !== batch.record.unit)) {
      throw new RangeError(
        `records for "${batch.key}" say better=${batch.record.better}, unit=${batch.record.unit}, but the baseline says better=${previous.better}, unit=${previous.unit}; ` +
          'delete that entry (hf-convert baselines prune) if the metric definition really changed',
      );
    }
    if (previous?.modelSource && batch.record.modelSource && previous.modelSource !== batch.record.modelSource) {
      throw new RangeError(
        `records for "${batch.key}" were measured on model source "${batch.record.modelSource}", but the baseline on "${previous.modelSource}"; ` +
          'record other model sources (e.g. HF_TINY_LAYERS depths) into another HF_BASELINES_DIR',
      );
    }
    const sources = previous ? previous.sources.map((source) => ({ ...source })) : [];
    const known = sources.find((source) => source.id === batch.sourceId);
    const alreadyMerged = known?.count ?? 0;
    const fresh = batch.samples.slice(alreadyMerged);
    outcome.duplicates += Math.min(alreadyMerged, batch.samples.length);
    if (fresh.length === 0) continue;

    const waitShare = batch.waitShare !== undefined ? { waitShare: batch.waitShare } : {};
    const sourceMedian = { median: median(batch.samples) };
    if (known) Object.assign(known, { count: batch.samples.length }, waitShare, sourceMedian);
    else sources.push({ id: batch.sourceId, count: batch.samples.length, ...waitShare, ...sourceMedian });
    const samples = [...(previous?.samples ?? []), ...fresh].slice(-maxSamples);
    const newer = !previous || batch.record.recordedAt >= previous.recordedAt;
    entries[batch.key] = {
      suite: batch.record.suite,
      metric: batch.record.metric,
      device: batch.record.device,
      dtype: batch.record.dtype,
      runtime: batch.record.runtime,
      machine: normalizeMachine(batch.record.machine),
      better: batch.record.better,
      unit: batch.record.unit,
      samples,
      median: median(samples),
      iqr: iqr(samples),
      count: samples.length,
      totalSamples: (previous?.totalSamples ?? 0) + fresh.length,
      recordedAt: newer ? batch.record.recordedAt : previous.recordedAt,
      recordedOn: newer ? batch.record.machine : previous.recordedOn,
      ...((newer ? batch.record.modelSource : previous?.modelSource) !== undefined
        ? { modelSource: newer ? batch.record.modelSource : previous?.modelSource }
        : {}),
      sources: sources.slice(-MAX_SOURCES),
    };
    outcome.added += fresh.length;
    if (!previous) outcome.newKeys.push(batch.key);
  }
  return { file: { ...file, runs: referencedRuns(entries, { ...file.runs, ...options.runs }), entries }, outcome };
}

/** The run environments some entry's sources still name (they age out with their sources). */
export function referencedRuns(
  entries: Readonly<Record<string, BaselineEntry>>,
  known: Readonly<Record<string, RecordedRunEnvironment>>,
): Record<string, RecordedRunEnvironment> {
  const runs: Record<string, RecordedRunEnvironment> = {};
  for (const entry of Object.values(entries)) {
    for (const source of entry.sources) {
      const runId = runIdOfSource(source.id);
      if (known[runId]) runs[runId] = known[runId];
    }
  }
  return runs;
}

export interface UpdateOptions extends MergeOptions {
  lock?: LockOptions;
  /** Test hook passed to the atomic writer. */
  writeHooks?: AtomicWriteHooks;
}

export interface FileUpdate extends MergeOutcome {
  file: string;
}

/**
 * Merge batches into `<dir>/<device>.json` files. Each file is read, merged and written while its
 * lock is held, so concurrent updaters (CI shards, parallel processes) never lose each other's samples.
 */
export function updateBaselines(dir: string, batches: readonly SampleBatch[], options: UpdateOptions = {}): FileUpdate[] {
  const byFile = new Map<string, SampleBatch[]>();
  for (const batch of batches) {
    const file = path.join(dir, baselineFileName(batch.record.device));
    byFile.set(file, [...(byFile.get(file) ?? []), batch]);
  }
  fs.mkdirSync(dir, { recursive: true });
  const updates: FileUpdate[] = [];
  for (const [file, fileBatches] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    updates.push(
      withFileLock(
        file,
        () => {
          removeOrphanedTempFiles(file);
          const current = readBaselineFile(file);
          const { file: merged, outcome } = mergeBatches(current, fileBatches, options);
          if (outcome.added > 0) writeFileAtomic(file, serializeBaselineFile(merged), options.writeHooks);
          return { file, ...outcome };
        },
        options.lock,
      ),
    );
  }
  return updates;
}

/** The sources that still have samples in the entry's window (the newest ones), oldest first. */
export function entryWindowSources(entry: Pick<BaselineEntry, 'samples' | 'sources'>): BaselineEntry['sources'] {
  const inWindow: BaselineEntry['sources'] = [];
  let end = entry.samples.length;
  for (let i = entry.sources.length - 1; i >= 0 && end > 0; i--) {
    inWindow.unshift(entry.sources[i]);
    end = Math.max(0, end - entry.sources[i].count);
  }
  return inWindow;
}

/** Most recorded runs the run-level test compares a run with (their medians outlive the sample window). */
export const MAX_RUN_MEDIANS = 30;

/**
 * The baseline's runs for the run-level test, newest MAX_RUN_MEDIANS, as groups of samples: each
 * source's recorded median where it has one (a group of one value), else its samples in the window.
 */
export function entryRunSamples(entry: Pick<BaselineEntry, 'samples' | 'sources'>): number[][] {
  if (hasRunMedians(entry)) return entryJudgedSources(entry).map((source) => [source.median!]);
  return entryRunGroups(entry);
}

function hasRunMedians(entry: Pick<BaselineEntry, 'sources'>): boolean {
  return entry.sources.length > 0 && entry.sources.every((source) => source.median !== undefined);
}

/** The sources a verdict rests on: those the run-level test uses (see entryRunSamples). */
export function entryJudgedSources(entry: Pick<BaselineEntry, 'samples' | 'sources'>): BaselineEntry['sources'] {
  return hasRunMedians(entry) ? entry.sources.slice(-MAX_RUN_MEDIANS) : entryWindowSources(entry);
}

/**
 * The window's samples split back into per-source groups (one group per test file per run), oldest
 * first. Sources append contiguously, so walking them from the newest end recovers the groups; the
 * oldest group may be cut short by the window. (A source merged in two parts at different times is
 * attributed to its latest position; that only blurs the run-level noise estimate slightly.)
 */
export function entryRunGroups(entry: Pick<BaselineEntry, 'samples' | 'sources'>): number[][] {
  const groups: number[][] = [];
  let end = entry.samples.length;
  for (let i = entry.sources.length - 1; i >= 0 && end > 0; i--) {
    const start = Math.max(0, end - entry.sources[i].count);
    groups.unshift(entry.samples.slice(start, end));
    end = start;
  }
  if (end > 0) groups.unshift(entry.samples.slice(0, end));
  return groups;
}

/** Files that report generation writes next to the baselines; never read as baselines. */
export const REPORT_FILE_NAMES = new Set(['report.json', 'report.md']);

/** The device baseline files in `dir` (sorted). */
export function listBaselineFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new BaselineFileError('io', dir, `cannot list ${dir}: ${(error as Error).message}`, { cause: error });
  }
  return names
    .filter((name) => name.endsWith('.json') && !name.startsWith('.') && !REPORT_FILE_NAMES.has(name))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Every entry in every baseline file in `dir`, by key. */
export function loadBaselines(dir: string): Map<string, BaselineEntry> {
  return readBaselinesDir(dir).entries;
}

/** One baseline file that was read, for "read baselines/cpu.json (346 entries)". */
export interface BaselineFileSummary {
  file: string;
  entries: number;
}

export interface BaselineSet {
  entries: Map<string, BaselineEntry>;
  /** Where each recorded run was measured, by run id. */
  runs: Map<string, RecordedRunEnvironment>;
  /** The files read, with their entry counts. */
  files: BaselineFileSummary[];
}

/** Every entry and recorded run in every baseline file in `dir`, and which files held how many entries. */
export function readBaselinesDir(dir: string): BaselineSet {
  const set: BaselineSet = { entries: new Map(), runs: new Map(), files: [] };
  for (const file of listBaselineFiles(dir)) {
    const content = readBaselineFile(file);
    for (const [key, entry] of Object.entries(content.entries)) set.entries.set(key, entry);
    for (const [runId, environment] of Object.entries(content.runs)) set.runs.set(runId, environment);
    set.files.push({ file, entries: Object.keys(content.entries).length });
  }
  return set;
}
