/**
 * Confirmation before a regression is called, as Chromium's perf dashboards and Pinpoint do it:
 * the suites a run flagged are measured again in a fresh Jest process once the run is over, and a
 * flag stands only when the re-measurement flags it too. A stretch where the whole machine was
 * slower (they come in phases on shared VMs and hit consecutive suites) has usually passed by then;
 * a slower model is slower both times.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReportRow } from './compare-run';
import { deviceProbeFileFor } from './run-dir';

/** Set in the confirming Jest process: its reporter records and stays silent. */
export const CONFIRMING_ENV = 'HF_CONFIRMING';

/** Verdicts worth a second look: a regression, or a change the run could not judge for contention. */
export function needsConfirmation(row: ReportRow): boolean {
  return row.verdict === 'regression' || row.verdict === 'noisy';
}

export interface ConfirmationTarget {
  /** Absolute test file paths to run again. */
  testFiles: string[];
  /** Jest project names the files belong to (passed as --selectProjects). */
  projects: string[];
}

export interface RemeasureOptions {
  rootDir: string;
  /** Where the confirming run writes its records (a folder of its own). */
  runDir: string;
  /** The run being confirmed: its device probe answer is reused (same machine, moments later). */
  confirmedRunDir?: string;
  /** The Jest command line this run was started with (process.argv), to keep its --config. */
  argv?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Give up after this long (the flags then stand as measured). */
  timeoutMs?: number;
}

/** `--config x` / `-c x` / `--config=x` from a Jest command line. */
export function configArgs(argv: readonly string[]): string[] {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if ((arg === '--config' || arg === '-c') && argv[i + 1]) return ['--config', argv[i + 1]];
    if (arg.startsWith('--config=')) return [arg];
  }
  return [];
}

/**
 * Runs the target test files again in a child Jest process (one worker, so suites never contend),
 * resolving when it exits. Rejects with the child's last output when it cannot run at all.
 */
export function remeasure(target: ConfirmationTarget, options: RemeasureOptions): Promise<void> {
  const jest = require.resolve('jest/bin/jest', { paths: [options.rootDir] });
  const args = [
    jest,
    ...configArgs(options.argv ?? process.argv),
    ...(target.projects.length > 0 ? ['--selectProjects', ...target.projects] : []),
    '--ci',
    '--maxWorkers=1',
    '--runTestsByPath',
    ...target.testFiles,
  ];
  fs.mkdirSync(options.runDir, { recursive: true });
  if (options.confirmedRunDir) reuseDeviceProbe(options.confirmedRunDir, options.runDir);
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    HF_RUN_DIR: options.runDir,
    [CONFIRMING_ENV]: '1',
    HF_UPDATE_BASELINES: '0',
    HF_FAIL_ON_REGRESSION: '0',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.rootDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // A failing suite still measured what it could; only a run that produced nothing is an error.
      const wrote = fs.readdirSync(options.runDir).some((name) => name.startsWith('results-'));
      if (wrote) resolve();
      else reject(new Error(`the confirming Jest run exited with ${signal ?? code} and recorded nothing: ${tail.trim().split('\n').slice(-5).join(' / ')}`));
    });
  });
}

/** Saves the confirming run its own probe process (~0.4 s); without an answer it probes as usual. */
function reuseDeviceProbe(fromRunDir: string, toRunDir: string): void {
  try {
    fs.copyFileSync(deviceProbeFileFor(fromRunDir), deviceProbeFileFor(toRunDir));
  } catch {
    // no probe answer to reuse
  }
}

/**
 * The final verdicts: a flagged row stands when its re-measurement is flagged the same way
 * (a noisy row becomes a regression when the re-measurement, uncontended, is one); otherwise it is
 * `unchanged`, with both measurements in its reason.
 */
export function applyConfirmation(rows: readonly ReportRow[], confirmation: ReadonlyMap<string, ReportRow>): ReportRow[] {
  return rows.map((row) => {
    if (!needsConfirmation(row)) return row;
    const again = confirmation.get(row.key);
    const first = `${row.verdict} at ${row.worseFactor?.toFixed(2)}x`;
    if (!again) return { ...row, reason: `${row.reason ? `${row.reason}; ` : ''}not re-measured (the confirming run did not record it)` };
    if (again.verdict === 'regression') {
      return { ...row, verdict: 'regression', reason: `confirmed: ${first}, then regression at ${again.worseFactor?.toFixed(2)}x when re-measured` };
    }
    if (again.verdict === 'noisy') return { ...row, verdict: 'noisy', reason: `${first}, then noisy when re-measured (${again.reason})` };
    return {
      ...row,
      verdict: 'unchanged',
      reason: `not confirmed: ${first}${row.verdict === 'noisy' ? ' (contention)' : ''}, then ${again.verdict} at ${again.worseFactor?.toFixed(2)}x when re-measured`,
    };
  });
}

/** The test files (relative to rootDir in records) behind the rows that need confirming. */
export function filesToConfirm(rows: readonly ReportRow[], testFilesBySuite: ReadonlyMap<string, Set<string>>, rootDir: string): string[] {
  const files = new Set<string>();
  for (const row of rows) {
    if (!needsConfirmation(row)) continue;
    for (const file of testFilesBySuite.get(row.suite) ?? []) files.add(path.resolve(rootDir, file));
  }
  return [...files].sort();
}
