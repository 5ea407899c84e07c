import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Where one Jest run's measurement records live. The reporter (in Jest's main process) and the
 * runtime (in the test workers) must agree on it, so BOTH call `runDirFor(rootDir)`:
 * - `HF_RUN_DIR` set → that directory (relative paths are relative to rootDir);
 * - otherwise a fresh `<rootDir>/.hf-convert/runs/<runId>` is chosen and exported as `HF_RUN_DIR`.
 * The reporter is constructed before Jest starts its workers, so the workers inherit the
 * variable and write where the reporter reads. The runtime writes `results-<workerId>.jsonl`
 * there via `resultsFileFor(runDir)`.
 */
export const RUN_DIR_ENV = 'HF_RUN_DIR';

export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
}

export function runsRoot(rootDir: string): string {
  return path.join(rootDir, '.hf-convert', 'runs');
}

export function runDirFor(rootDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env[RUN_DIR_ENV];
  if (configured && configured.trim() !== '') return path.resolve(rootDir, configured);
  const dir = path.join(runsRoot(rootDir), newRunId());
  env[RUN_DIR_ENV] = dir;
  return dir;
}

/**
 * The device probe's answer, written by the first suite of a run (see probeDevicesSync) and read by
 * the others; a confirming run on the same machine moments later reuses it.
 */
export function deviceProbeFileFor(runDir: string): string {
  return path.join(runDir, 'devices.json');
}

/** The run id is the run directory's name; it namespaces sample identities when merging. */
export function runIdOf(runDir: string): string {
  return path.basename(path.resolve(runDir));
}

/** The JSON-lines file one Jest worker appends its records to. */
export function resultsFileFor(runDir: string, workerId: string = process.env.JEST_WORKER_ID ?? '1'): string {
  if (!/^[\w.-]+$/.test(workerId)) throw new RangeError(`worker id ${JSON.stringify(workerId)} is not usable in a file name`);
  return path.join(runDir, `results-${workerId}.jsonl`);
}

/** Says where the run was measured (see src/baselines/host.ts); written by the first worker to record. */
export const RUN_ENVIRONMENT_FILE = 'environment.json';

export const RESULTS_FILE_PATTERN = /^results-[\w.-]+\.jsonl$/;

/**
 * Delete all but the newest `keep` run directories under `<rootDir>/.hf-convert/runs` (by mtime),
 * never touching `current`. Returns the removed directories.
 */
export function pruneOldRuns(rootDir: string, keep: number, current?: string): string[] {
  const root = runsRoot(rootDir);
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const dirs = names
    .map((name) => path.join(root, name))
    .filter((dir) => fs.statSync(dir).isDirectory())
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  const removed: string[] = [];
  for (const dir of dirs.slice(keep)) {
    if (current && path.resolve(dir) === path.resolve(current)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
