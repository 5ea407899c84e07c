import * as fs from 'node:fs';
import * as path from 'node:path';
import { baselineKey, batchesFromRecords, readBaselinesDir, updateBaselines, type BaselineSet, type FileUpdate } from '../baselines';
import type { MeasurementRecord } from '../runtime/measurements';
import { readLines, updateLines } from './baseline-lines';
import type { ComparisonThresholds } from './compare';
import { CONTENTION_WAIT_MARGIN, compareRun, contentionNote, countVerdicts, crossHostNote, machineSpeedNote, sortRows, widespreadSlowdownNote, type ReportRow, type RunContext } from './compare-run';
import { applyConfirmation, CONFIRMING_ENV, filesToConfirm, needsConfirmation, remeasure } from './confirm';
import { renderMarkdown, renderTerminalTable } from './render';
import { readRunRecords } from './run-records';
import { RUN_DIR_ENV, pruneOldRuns, runDirFor, runsRoot } from './run-dir';
import { BaselineSettingsError, displayPath, resolveBaselineSettings, type BaselineSettings } from './settings';
import { suiteOutcomesOf, writeSuiteOutcomes, type FileResultLike, type SuiteOutcome } from './suite-outcomes';
import { renderHtmlReport } from '../report-html/render';

/** Resolved by `resolveBaselineSettings` (src/reporter/settings.ts): these options over the environment variables over the defaults. */
export interface BaselineReporterOptions {
  /** Merge this run's samples (from passing test files) into the baselines. Env: HF_UPDATE_BASELINES=1. */
  update?: boolean;
  /** Fail the Jest run on any regression; otherwise regressions only warn. Env: HF_FAIL_ON_REGRESSION=1. */
  failOnRegression?: boolean;
  /** Env: HF_BASELINE_TOLERANCE. Default 0.20. */
  tolerance?: number;
  /** Env: HF_BASELINE_MEMORY_TOLERANCE. Default 0.10. */
  memoryTolerance?: number;
  /** Env: HF_BASELINE_ALPHA. Default 0.01. */
  alpha?: number;
  /** Env: HF_BASELINE_MIN_SAMPLES. Default 5. */
  minSamples?: number;
  /** Baseline runs before the run-level test applies. Env: HF_BASELINE_MIN_RUNS. Default 3. */
  minBaselineRuns?: number;
  /** Default `<rootDir>/baselines`. Env: HF_BASELINES_DIR. */
  baselinesDir?: string;
  /** Where report.json / report.md go. Default: the baselines directory. */
  reportDir?: string;
  /** Default: `runDirFor(rootDir)` (HF_RUN_DIR or a fresh `.hf-convert/runs/<runId>`). */
  runDir?: string;
  /** Env: HF_MACHINE_LABEL. */
  machineLabel?: string;
  /** Run directories to keep under `<rootDir>/.hf-convert/runs` (older ones are deleted after each run). Default 20. */
  keepRuns?: number;
  /** Fold unchanged rows in the terminal table beyond this many. Default 20. */
  maxUnchangedRows?: number;
}

/** The parts of Jest's objects the reporter reads (kept structural so Jest's types are not needed at run time). */
interface GlobalConfigLike {
  rootDir: string;
}
interface TestLike {
  context?: { config?: { displayName?: string | { name: string } } };
}
interface TestFileResultLike extends FileResultLike {
  testFilePath: string;
  numFailingTests: number;
  testExecError?: unknown;
  failureMessage?: string | null;
}

export interface BaselineReport {
  generatedAt: string;
  runId: string;
  runDir: string;
  thresholds: ComparisonThresholds;
  summary: ReturnType<typeof countVerdicts>;
  rows: ReportRow[];
  /** The baseline files compared against. */
  baselineFiles: Array<{ file: string; entries: number }>;
  /** Files updated (update mode only). */
  updates: FileUpdate[];
  notes: string[];
}

/**
 * Jest reporter: compares the performance records the runtime wrote during this run with the
 * baselines, prints a table, writes report.json/report.md, optionally updates the baselines and
 * optionally fails the run on regressions. Does nothing at all when the run produced no records.
 */
export class BaselineReporter {
  readonly rootDir: string;
  readonly runDir: string;
  readonly baselinesDir: string;
  readonly reportDir: string;
  /** Undefined when a setting was invalid (`settingsError` says which; it fails the run once there is something to report). */
  readonly settings: BaselineSettings | undefined;
  private readonly settingsError: BaselineSettingsError | undefined;
  private readonly options: BaselineReporterOptions;
  private readonly fileOutcomes = new Map<string, boolean>();
  /** Test file → its Jest project's name, so a confirming run selects the same project. */
  private readonly fileProjects = new Map<string, string>();
  /** Test file → what became of its model suites (written to `<runDir>/suites.json`). */
  private readonly suiteOutcomes = new Map<string, SuiteOutcome[]>();
  private lastError: Error | undefined;
  /** Set after onRunComplete when there was something to report. */
  report: BaselineReport | undefined;

  private readonly env: NodeJS.ProcessEnv = process.env;

  /** Jest calls `new Reporter(globalConfig, reporterOptions, reporterContext)`; the context is not needed. */
  constructor(globalConfig: GlobalConfigLike, options: BaselineReporterOptions = {}) {
    const env = this.env;
    this.options = options ?? {};
    this.rootDir = globalConfig.rootDir;
    try {
      this.settings = resolveBaselineSettings(this.rootDir, this.options, env);
    } catch (error) {
      // Not thrown here: a Jest run that measures nothing (the framework tests) must not fail over it.
      if (!(error instanceof BaselineSettingsError)) throw error;
      this.settingsError = error;
    }
    // Options, then HF_RUN_DIR, then a fresh run folder; exported so the workers inherit it and write there.
    this.runDir = this.settings?.runDir ?? (this.options.runDir ? path.resolve(this.rootDir, this.options.runDir) : runDirFor(this.rootDir, env));
    env[RUN_DIR_ENV] = this.runDir;
    this.baselinesDir = this.settings?.baselinesDir ?? path.join(this.rootDir, 'baselines');
    this.reportDir = this.settings?.reportDir ?? this.baselinesDir;
  }

  onRunStart(): void {
    this.lastError = undefined;
    this.fileOutcomes.clear();
    this.suiteOutcomes.clear();
  }

  onTestFileResult(test: TestLike | undefined, result: TestFileResultLike): void {
    const passed = result.numFailingTests === 0 && !result.testExecError;
    this.fileOutcomes.set(path.resolve(result.testFilePath), passed);
    const project = test?.context?.config?.displayName;
    const name = typeof project === 'string' ? project : project?.name;
    if (name) this.fileProjects.set(path.resolve(result.testFilePath), name);
    const outcomes = suiteOutcomesOf(result, this.rootDir);
    if (outcomes.length > 0) this.suiteOutcomes.set(path.resolve(result.testFilePath), outcomes);
  }

  private outcomes(): SuiteOutcome[] {
    return [...this.suiteOutcomes.values()].flat();
  }

  /** Jest awaits it: the confirmation re-measurement runs here, after every suite has finished. */
  async onRunComplete(): Promise<void> {
    // The confirming child run only records; the run that started it judges.
    if (this.env[CONFIRMING_ENV] === '1') return;
    try {
      // Only runs with model suites (their titles say so) get one: the framework tests leave no run folder behind.
      if (this.suiteOutcomes.size > 0) writeSuiteOutcomes(this.runDir, this.outcomes());
      await this.complete();
    } catch (error) {
      const wrapped = error instanceof Error ? error : new Error(String(error));
      this.write(`hf-convert baselines: ${wrapped.message}\n`);
      if (error instanceof BaselineSettingsError || this.shouldFail() || this.shouldUpdate()) this.lastError = wrapped;
    }
  }

  getLastError(): Error | undefined {
    return this.lastError;
  }

  private shouldUpdate(): boolean {
    return this.settings?.update ?? false;
  }

  /** Re-measure only when something was flagged, when asked to, and never while recording baselines. */
  private shouldConfirm(rows: readonly ReportRow[]): boolean {
    return (this.settings?.confirm ?? true) && !this.shouldUpdate() && rows.some(needsConfirmation);
  }

  /** Runs the flagged suites' test files again and keeps only the flags the re-measurement repeats. */
  private async confirm(
    rows: ReportRow[],
    records: readonly MeasurementRecord[],
    baselines: BaselineSet,
    context: RunContext,
    notes: string[],
  ): Promise<ReportRow[]> {
    const filesBySuite = new Map<string, Set<string>>();
    for (const record of records) filesBySuite.set(record.suite, (filesBySuite.get(record.suite) ?? new Set()).add(record.testFile));
    const testFiles = filesToConfirm(rows, filesBySuite, this.rootDir);
    const projects = [...new Set(testFiles.map((file) => this.fileProjects.get(file)).filter((name): name is string => !!name))];
    const confirmDir = path.join(this.runDir, 'confirm');
    this.write(`\nhf-convert baselines: re-measuring ${testFiles.length} flagged suite(s) before calling a regression…\n`);
    const started = performance.now();
    try {
      await remeasure({ testFiles, projects }, { rootDir: this.rootDir, runDir: confirmDir, confirmedRunDir: this.runDir, env: this.env });
    } catch (error) {
      notes.push(`flags not confirmed: the re-measurement failed (${(error as Error).message}); the verdicts stand as first measured`);
      return rows;
    }
    const again = readRunRecords(confirmDir);
    const confirmation = new Map(compareRun(again.records, baselines.entries, this.settings!.thresholds, { ...context, environment: again.environment ?? context.environment }).map((row) => [row.key, row]));
    const final = applyConfirmation(rows, confirmation);
    const flagged = rows.filter(needsConfirmation).length;
    const standing = final.filter((row) => row.verdict === 'regression').length;
    notes.push(`${flagged} flagged metric(s) re-measured in ${((performance.now() - started) / 1000).toFixed(1)} s: ${standing} confirmed as regression(s)`);
    return sortRows(final);
  }

  private shouldFail(): boolean {
    return this.settings?.failOnRegression ?? false;
  }

  private write(text: string): void {
    process.stderr.write(text);
  }

  /** Did the test file that produced this record pass in this Jest run? Unknown files count as not passed. */
  private recordPassed(record: MeasurementRecord): boolean {
    if (record.passed === false) return false;
    return this.fileOutcomes.get(path.resolve(this.rootDir, record.testFile)) === true;
  }

  private async complete(): Promise<void> {
    const run = readRunRecords(this.runDir);
    if (run.records.length === 0 && run.problems.length === 0) return;
    if (this.settingsError || !this.settings) throw this.settingsError ?? new Error('baseline settings unresolved');
    if (path.dirname(this.runDir) === runsRoot(this.rootDir)) pruneOldRuns(this.rootDir, this.options.keepRuns ?? 20, this.runDir);

    const { thresholds } = this.settings;
    const notes = [...run.problems.map((problem) => `skipped unreadable record ${problem}`)];
    const baselines = readBaselinesDir(this.baselinesDir);
    const fileLines = readLines(baselines.files, this.baselinesDir);
    const context: RunContext = { environment: run.environment, baselineRuns: baselines.runs };
    const measured = compareRun(run.records, baselines.entries, thresholds, context);
    const rows = this.shouldConfirm(measured) ? await this.confirm(measured, run.records, baselines, context, notes) : measured;
    const widespread = widespreadSlowdownNote(measured);
    if (widespread) notes.push(widespread);
    const contention = contentionNote(measured);
    if (contention) notes.push(contention);
    const machineSpeed = machineSpeedNote(measured);
    if (machineSpeed) notes.push(machineSpeed);
    const crossHost = crossHostNote(rows, run.environment);
    if (crossHost) notes.push(crossHost);

    let updates: FileUpdate[] = [];
    if (this.shouldUpdate()) {
      const passed = run.records.filter((record) => this.recordPassed(record));
      const skipped = run.records.length - passed.length;
      if (skipped > 0) notes.push(`${skipped} record(s) from failing or unknown test files were not added to the baselines`);
      // A baseline measured under contention would hide later slowdowns behind its spread: a record
      // that waited for a CPU clearly more than its baseline's runs did (the same rule as `noisy`) is
      // left out. Some suites always wait a little (their own threads share the cores), hence relative.
      const byKey = new Map(measured.map((row) => [row.key, row]));
      const contended = (record: MeasurementRecord) => {
        const row = byKey.get(baselineKey(record));
        return row?.baselineWaitShare !== undefined && (record.waitShare ?? 0) - row.baselineWaitShare > CONTENTION_WAIT_MARGIN;
      };
      const passing = passed.filter((record) => !contended(record));
      if (passed.length > passing.length) {
        notes.push(`${passed.length - passing.length} record(s) measured while the process waited for a CPU over ${Math.round(CONTENTION_WAIT_MARGIN * 100)} points more of the timed time than in the baseline were not added to it (contention)`);
      }
      const runs = run.environment ? { [run.runId]: run.environment } : {};
      updates = updateBaselines(this.baselinesDir, batchesFromRecords(passing, run.runId, this.rootDir), { runs });
      fileLines.push(...updateLines(updates, this.baselinesDir));
      const added = updates.reduce((sum, update) => sum + update.added, 0);
      notes.push(`baselines updated: ${added} sample(s) added to ${updates.filter((update) => update.added > 0).length} file(s)`);
    }

    const report: BaselineReport = {
      generatedAt: new Date().toISOString(),
      runId: run.runId,
      runDir: this.runDir,
      thresholds,
      summary: countVerdicts(rows),
      rows,
      baselineFiles: baselines.files,
      updates,
      notes,
    };
    this.report = report;
    fs.mkdirSync(this.reportDir, { recursive: true });
    const htmlPath = path.join(this.reportDir, 'report.html');
    const html = renderHtmlReport({
      runId: run.runId, runDir: this.runDir, generatedAt: report.generatedAt, environment: run.environment, thresholds, rows,
      suites: this.suiteOutcomes.size > 0 ? this.outcomes() : undefined, records: run.records, baselines: baselines.entries, notes,
    });
    fs.writeFileSync(htmlPath, html);
    const markdown = renderMarkdown(rows, thresholds, notes, { htmlReport: displayPath(htmlPath) });
    fs.writeFileSync(path.join(this.reportDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    fs.writeFileSync(path.join(this.reportDir, 'report.md'), markdown);
    const stepSummary = this.env.GITHUB_STEP_SUMMARY;
    if (stepSummary) fs.appendFileSync(stepSummary, `${markdown}\n`);

    this.write(`\n${renderTerminalTable(rows, thresholds, { maxUnchanged: this.options.maxUnchangedRows })}`);
    for (const line of fileLines) this.write(`  baselines: ${line}\n`);
    for (const note of notes) this.write(`  note: ${note}\n`);
    const reportPath = path.join(this.reportDir, 'report.md');
    const relative = path.relative(process.cwd(), reportPath);
    this.write(`  report: ${relative.startsWith('..') ? reportPath : relative}\n`);
    this.write(`  HTML report: ${displayPath(htmlPath)}\n`);

    const regressions = report.summary.regression;
    if (regressions > 0) {
      const message = `${regressions} performance regression(s) beyond tolerance (see ${path.join(this.reportDir, 'report.md')})`;
      if (this.shouldFail()) {
        // Jest turns getLastError() into the exit code without printing it, so say it here.
        this.lastError = new Error(message);
        this.write(`  error: ${message} (HF_FAIL_ON_REGRESSION)\n`);
      } else this.write(`  warning: ${message}; set HF_FAIL_ON_REGRESSION=1 to fail the run\n`);
    }
  }
}

export default BaselineReporter;
export { compareRun, countVerdicts, sortRows, widespreadSlowdownNote, type ReportRow } from './compare-run';
export { DEFAULT_THRESHOLDS, compareSamples, resolveThresholds, worseFactorOf, type Comparison, type ComparisonThresholds, type Verdict } from './compare';
export { renderMarkdown, renderTerminalTable } from './render';
export { readRunRecords, measurementRecordSchema, type RunRecords } from './run-records';
export { BaselineSettingsError, SETTINGS_ENV, resolveBaselineSettings, settingsToEnv, type BaselineSettings, type BaselineSettingsOptions } from './settings';
export { RUN_DIR_ENV, newRunId, pruneOldRuns, resultsFileFor, runDirFor, runIdOf, runsRoot } from './run-dir';
export * as stats from './stats';
