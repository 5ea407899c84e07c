/**
 * `hf-convert baselines show|diff|update|merge|prune`: plain functions that take options and return
 * the text to print and the exit code, so they are testable without a process. The CLI entry wires
 * them into commander.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BaselineFileError,
  batchesFromRecords,
  listBaselineFiles,
  pruneBaselines,
  readBaselineFile,
  readBaselinesDir,
  updateBaselines,
  type BaselineEntry,
  type FileUpdate,
} from '../baselines';
import { pruneLines, readLines, updateLines } from '../reporter/baseline-lines';
import { compareRun, countVerdicts, widespreadSlowdownNote } from '../reporter/compare-run';
import { formatValue, renderMarkdown, renderTerminalTable } from '../reporter/render';
import { readRunRecords, type RunRecords } from '../reporter/run-records';
import { runIdOf, runsRoot } from '../reporter/run-dir';
import { displayPath, resolveBaselineSettings, type BaselineSettings, type BaselineSettingsOptions, type SettingsDefaults } from '../reporter/settings';

export interface CommandResult {
  /** What the command prints on stdout (on stderr when exitCode is 2). */
  text: string;
  /** Lines for stderr whatever the outcome: which files were read or written, when stdout is machine-readable. */
  log?: string;
  /** 0 ok, 1 regression found (diff), 2 bad input (usage, invalid settings or unreadable files). */
  exitCode: 0 | 1 | 2;
}

export interface BaselinesCommonOptions {
  /** Project root; baselines and run directories are resolved against it. */
  rootDir: string;
  /** Flag; over HF_BASELINES_DIR, over `<rootDir>/baselines`. */
  baselinesDir?: string;
  /** Where the HF_* settings are read from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export class UsageError extends Error {}

/** The same resolution as the reporter's: flags over environment variables over defaults. */
function settingsOf(options: BaselinesCommonOptions, flags: Omit<BaselineSettingsOptions, 'baselinesDir'> = {}, defaults?: SettingsDefaults): BaselineSettings {
  return resolveBaselineSettings(options.rootDir, { ...flags, baselinesDir: options.baselinesDir }, options.env ?? process.env, defaults);
}

const asLines = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join('');

/** Turn expected failures (bad input, unreadable files) into exit code 2 with a one-line reason. */
function guarded(run: () => CommandResult): CommandResult {
  try {
    return run();
  } catch (error) {
    if (error instanceof UsageError || error instanceof BaselineFileError || error instanceof RangeError) {
      return { text: `hf-convert baselines: ${error.message}\n`, exitCode: 2 };
    }
    throw error;
  }
}

/** The most recently modified run directory under `<rootDir>/.hf-convert/runs`. */
export function latestRunDir(rootDir: string): string | null {
  const root = runsRoot(rootDir);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return null;
  }
  const dirs = names.map((name) => path.join(root, name)).filter((dir) => fs.statSync(dir).isDirectory());
  dirs.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs || b.localeCompare(a));
  return dirs[0] ?? null;
}

/** Run folders: the ones given, else HF_RUN_DIR (where the reporter's workers wrote), else the latest under .hf-convert/runs. */
export function resolveRunDirs(rootDir: string, runDirs: readonly string[] | undefined, settings?: BaselineSettings): string[] {
  if ((!runDirs || runDirs.length === 0) && settings?.runDir) {
    if (!fs.existsSync(settings.runDir) || !fs.statSync(settings.runDir).isDirectory()) throw new UsageError(`no such run directory: ${settings.runDir} (from HF_RUN_DIR)`);
    return [settings.runDir];
  }
  if (runDirs && runDirs.length > 0) {
    const resolved = runDirs.map((dir) => path.resolve(rootDir, dir));
    const missing = resolved.filter((dir) => !fs.existsSync(dir) || !fs.statSync(dir).isDirectory());
    if (missing.length > 0) throw new UsageError(`no such run directory: ${missing.join(', ')}`);
    const byId = new Map<string, string>();
    for (const dir of resolved) {
      const other = byId.get(runIdOf(dir));
      if (other && other !== dir) {
        // Sample identities are namespaced by run id; two different runs with one id would be deduplicated wrongly.
        throw new UsageError(`${other} and ${dir} have the same run id "${runIdOf(dir)}"; rename one of them`);
      }
      byId.set(runIdOf(dir), dir);
    }
    return [...byId.values()];
  }
  const latest = latestRunDir(rootDir);
  if (!latest) throw new UsageError(`no run directories under ${runsRoot(rootDir)}; run the model suites first or pass run directories`);
  return [latest];
}

function readRuns(runDirs: readonly string[]): { runs: RunRecords[]; notes: string[]; lines: string[] } {
  const runs = runDirs.map(readRunRecords);
  const notes = runs.flatMap((run) => run.problems.map((problem) => `skipped unreadable record ${problem}`));
  const lines = runs.map((run) => `read run ${displayPath(run.runDir)} (${run.records.length} record(s))`);
  return { runs, notes, lines };
}

// ---------------------------------------------------------------------------------------------

export interface ShowOptions extends BaselinesCommonOptions {
  /** Only this device's file. */
  device?: string;
  /** Only entries whose suite contains this text. */
  suite?: string;
  /** Only this metric. */
  metric?: string;
  json?: boolean;
}

export function baselinesShow(options: ShowOptions): CommandResult {
  return guarded(() => {
    const dir = settingsOf(options).baselinesDir;
    const files = listBaselineFiles(dir).filter((file) => !options.device || path.basename(file, '.json') === options.device.toLowerCase());
    const entries: Array<[string, BaselineEntry]> = [];
    const read: Array<{ file: string; entries: number }> = [];
    for (const file of files) {
      const fileEntries = Object.entries(readBaselineFile(file).entries);
      read.push({ file, entries: fileEntries.length });
      for (const [key, entry] of fileEntries) {
        if (options.suite && !entry.suite.includes(options.suite)) continue;
        if (options.metric && entry.metric !== options.metric) continue;
        entries.push([key, entry]);
      }
    }
    entries.sort(([a], [b]) => a.localeCompare(b));
    const fileLines = asLines(readLines(read, dir));
    if (options.json) {
      const summary = entries.map(([key, { samples: _samples, sources: _sources, ...rest }]) => ({ key, ...rest }));
      return { text: `${JSON.stringify(summary, null, 2)}\n`, log: fileLines, exitCode: 0 };
    }
    if (entries.length === 0) {
      return { text: `${files.length > 0 ? fileLines : ''}no baselines in ${displayPath(dir)}${files.length > 0 ? ' match the filters' : ''}\n`, exitCode: 0 };
    }
    const header = ['suite', 'metric', 'device', 'dtype', 'median', 'iqr', 'n', 'recorded', 'machine'];
    const rows = entries.map(([, entry]) => [
      entry.suite,
      entry.metric,
      entry.device,
      entry.dtype,
      formatValue(entry.median, entry.unit),
      formatValue(entry.iqr, entry.unit),
      String(entry.count),
      entry.recordedAt.slice(0, 10),
      entry.machine,
    ]);
    const widths = header.map((_, column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
    const lines = [header, ...rows].map((row) => row.map((cell, column) => (column >= 4 && column <= 6 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd());
    return { text: `${fileLines}${lines.join('\n')}\n${entries.length} baseline(s) in ${files.length} file(s)\n`, exitCode: 0 };
  });
}

// ---------------------------------------------------------------------------------------------

export interface DiffOptions extends BaselinesCommonOptions {
  /** Run directories to compare (default: the latest under .hf-convert/runs). */
  runDirs?: string[];
  tolerance?: number;
  memoryTolerance?: number;
  alpha?: number;
  minSamples?: number;
  minBaselineRuns?: number;
  /** Output format. Default `table`. */
  format?: 'table' | 'markdown' | 'json';
  /** Exit 1 when there is a regression. Over HF_FAIL_ON_REGRESSION; default true (diff is a check). */
  failOnRegression?: boolean;
}

export function baselinesDiff(options: DiffOptions): CommandResult {
  return guarded(() => {
    const settings = settingsOf(
      options,
      { tolerance: options.tolerance, memoryTolerance: options.memoryTolerance, alpha: options.alpha, minSamples: options.minSamples, minBaselineRuns: options.minBaselineRuns, failOnRegression: options.failOnRegression },
      { failOnRegression: true },
    );
    const format = options.format ?? 'table';
    const { runs, notes, lines: runLines } = readRuns(resolveRunDirs(options.rootDir, options.runDirs, settings));
    const records = runs.flatMap((run) => run.records);
    if (records.length === 0) {
      return { text: `no measurement records in ${runs.map((run) => run.runDir).join(', ')}\n${notes.map((note) => `note: ${note}\n`).join('')}`, exitCode: 0 };
    }
    const { thresholds, baselinesDir } = settings;
    const baselines = readBaselinesDir(baselinesDir);
    const fileLines = asLines([...runLines, ...readLines(baselines.files, baselinesDir)]);
    // Shards of one CI run share a host class but not a host; the first run's environment stands for them.
    const environment = runs.find((run) => run.environment)?.environment;
    const rows = compareRun(records, baselines.entries, thresholds, { environment, baselineRuns: baselines.runs });
    const widespread = widespreadSlowdownNote(rows);
    if (widespread) notes.push(widespread);
    const summary = countVerdicts(rows);
    const exitCode = summary.regression > 0 && settings.failOnRegression ? 1 : 0;
    if (format === 'json') return { text: `${JSON.stringify({ thresholds, summary, rows, notes }, null, 2)}\n`, log: fileLines, exitCode };
    if (format === 'markdown') return { text: renderMarkdown(rows, thresholds, notes), log: fileLines, exitCode };
    const table = renderTerminalTable(rows, thresholds, { color: false, maxUnchanged: Infinity });
    return { text: fileLines + table + notes.map((note) => `note: ${note}\n`).join(''), exitCode };
  });
}

// ---------------------------------------------------------------------------------------------

export interface UpdateCommandOptions extends BaselinesCommonOptions {
  /** Also merge records from suites that reported `passed: false`. Default false. */
  includeFailed?: boolean;
}

function mergeRuns(options: UpdateCommandOptions, dir: string, runDirs: readonly string[]): CommandResult {
  const { runs, notes, lines: runLines } = readRuns(runDirs);
  const updates: FileUpdate[] = [];
  let excluded = 0;
  for (const run of runs) {
    const usable = run.records.filter((record) => options.includeFailed || record.passed !== false);
    excluded += run.records.length - usable.length;
    const environments = run.environment ? { [run.runId]: run.environment } : {};
    updates.push(...updateBaselines(dir, batchesFromRecords(usable, run.runId, options.rootDir), { runs: environments }));
  }
  // Several runs touching one file produce several updates; add them up per file.
  const perFile = new Map<string, FileUpdate>();
  for (const update of updates) {
    const total = perFile.get(update.file) ?? { file: update.file, added: 0, duplicates: 0, newKeys: [] };
    perFile.set(update.file, { file: update.file, added: total.added + update.added, duplicates: total.duplicates + update.duplicates, newKeys: [...total.newKeys, ...update.newKeys] });
  }
  if (excluded > 0) notes.push(`${excluded} record(s) from failing suites were not merged (pass includeFailed to merge them)`);
  const header = `merged ${runs.length} run(s): ${runs.map((run) => run.runId).join(', ')}\n`;
  const fileLines = asLines([...runLines, ...updateLines([...perFile.values()], dir)]);
  return { text: header + fileLines + notes.map((note) => `note: ${note}\n`).join(''), exitCode: 0 };
}

export interface UpdateFromRunOptions extends UpdateCommandOptions {
  /** Default: HF_RUN_DIR, else the latest run under .hf-convert/runs. */
  runDir?: string;
}

/** Merge one run (by default HF_RUN_DIR or the latest) into the baselines. */
export function baselinesUpdate(options: UpdateFromRunOptions): CommandResult {
  return guarded(() => {
    const settings = settingsOf(options);
    return mergeRuns(options, settings.baselinesDir, resolveRunDirs(options.rootDir, options.runDir ? [options.runDir] : undefined, settings));
  });
}

export interface MergeCommandOptions extends UpdateCommandOptions {
  /** Run directories, e.g. one per CI shard. Required. */
  runDirs: string[];
}

/** Merge several runs (e.g. CI shards) into the baselines; re-merging a run adds nothing. */
export function baselinesMerge(options: MergeCommandOptions): CommandResult {
  return guarded(() => {
    const settings = settingsOf(options);
    if (!options.runDirs || options.runDirs.length === 0) throw new UsageError('merge needs at least one run directory');
    return mergeRuns(options, settings.baselinesDir, resolveRunDirs(options.rootDir, options.runDirs));
  });
}

// ---------------------------------------------------------------------------------------------

export interface PruneCommandOptions extends BaselinesCommonOptions {
  /** Drop entries not recorded for more than this many days. */
  olderThanDays?: number;
  /** Keep only these suites. */
  keepSuites?: string[];
  dryRun?: boolean;
  now?: Date;
}

export function baselinesPrune(options: PruneCommandOptions): CommandResult {
  return guarded(() => {
    if (options.olderThanDays === undefined && options.keepSuites === undefined) {
      throw new UsageError('prune needs a criterion: olderThanDays and/or keepSuites');
    }
    const dir = settingsOf(options).baselinesDir;
    const results = pruneBaselines(dir, { olderThanDays: options.olderThanDays, keepSuites: options.keepSuites, now: options.now }, { dryRun: options.dryRun });
    const removed = results.flatMap((result) => result.removed.map((entry) => `${options.dryRun ? 'would remove' : 'removed'} ${entry.key} (${entry.reason})`));
    const total = `${removed.length} entr${removed.length === 1 ? 'y' : 'ies'} ${options.dryRun ? 'would be ' : ''}pruned\n`;
    return { text: asLines(removed) + asLines(pruneLines(results, dir, Boolean(options.dryRun))) + total, exitCode: 0 };
  });
}
