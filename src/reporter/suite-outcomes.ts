import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../baselines/write';
import { readRunJson } from './run-json';

/**
 * `<runDir>/suites.json`: what became of each model suite on each device in a Jest run (passed,
 * failed, skipped and why), read from Jest's test titles, which src/runtime/describe-model.ts writes as
 * `[text] [cpu] bert fill-mask: answers …`, `[text] [cpu] bert fill-mask — skipped: <reason>`, or
 * `[text] bert fill-mask — skipped: <reason>` when no device could run it.
 */
export const SUITES_FILE = 'suites.json';
export const SUITES_FORMAT = 'hf-convert-suites';

export const suiteOutcomeSchema = z.object({
  /** `text/bert fill-mask`: the suite field of the run's records and of the baseline keys. */
  suite: z.string().min(1),
  /** `[text] [cpu] bert fill-mask` (`[text] bert fill-mask` for a suite no device ran). */
  title: z.string().min(1),
  category: z.string(),
  modelType: z.string(),
  task: z.string(),
  /** Null: the whole suite, on every device (the model family cannot run, or the file did not load). */
  device: z.string().nullable(),
  status: z.enum(['passed', 'failed', 'skipped']),
  testFile: z.string(),
  tests: z.object({ passed: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  /** Why it was skipped (distinct reasons from the skipped tests' titles). */
  reasons: z.array(z.string()),
  /** The first failure message, trimmed. */
  failure: z.string().optional(),
});
export type SuiteOutcome = z.infer<typeof suiteOutcomeSchema>;

export const suitesFileSchema = z.object({
  format: z.literal(SUITES_FORMAT),
  version: z.literal(1),
  suites: z.array(suiteOutcomeSchema),
});

/** The parts of Jest's per-file result read here. */
export interface AssertionLike {
  title: string;
  ancestorTitles?: string[];
  status: string;
  failureMessages?: string[];
}
export interface FileResultLike {
  testFilePath: string;
  testResults?: AssertionLike[];
  testExecError?: { message?: string } | unknown;
  failureMessage?: string | null;
}

const TITLE = /^\[([^\]]+)\](?: \[([^\]]+)\])? (\S+) (\S+)(?: — skipped: ([\s\S]*)|: [\s\S]*| \([\s\S]*\))?$/;
const FAILURE_CHARS = 600;

interface ParsedTitle {
  category: string;
  device: string | null;
  modelType: string;
  task: string;
  reason?: string;
}

export function parseSuiteTitle(title: string): ParsedTitle | undefined {
  const match = TITLE.exec(title);
  if (!match) return undefined;
  return { category: match[1], device: match[2] ?? null, modelType: match[3], task: match[4], ...(match[5] !== undefined ? { reason: match[5].trim() } : {}) };
}

/** ANSI colour codes out, whitespace folded, cut to a readable length. */
export function shortMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/\u001b\[[0-9;]*m/g, '').split('\n').map((line) => line.trimEnd()).filter((line) => !/^\s+at /.test(line)).join('\n').trim();
  return plain.length > FAILURE_CHARS ? `${plain.slice(0, FAILURE_CHARS - 1)}…` : plain;
}

/** One test file's suites and their outcomes; empty when the file holds no model suite. */
export function suiteOutcomesOf(result: FileResultLike, rootDir: string): SuiteOutcome[] {
  const testFile = path.relative(rootDir, result.testFilePath).split(path.sep).join('/');
  const bySuite = new Map<string, SuiteOutcome>();
  for (const assertion of result.testResults ?? []) {
    // The innermost title that names a suite: the test's own, else its describe blocks'.
    const parsed = [assertion.title, ...[...(assertion.ancestorTitles ?? [])].reverse()].map(parseSuiteTitle).find((p) => p !== undefined);
    if (!parsed) continue;
    const title = `[${parsed.category}]${parsed.device ? ` [${parsed.device}]` : ''} ${parsed.modelType} ${parsed.task}`;
    const key = `${title}\u0000${testFile}`;
    let outcome = bySuite.get(key);
    if (!outcome) {
      outcome = {
        suite: `${parsed.category}/${parsed.modelType} ${parsed.task}`,
        title,
        category: parsed.category,
        modelType: parsed.modelType,
        task: parsed.task,
        device: parsed.device,
        status: 'skipped',
        testFile,
        tests: { passed: 0, failed: 0, skipped: 0 },
        reasons: [],
      };
      bySuite.set(key, outcome);
    }
    if (assertion.status === 'passed') outcome.tests.passed++;
    else if (assertion.status === 'failed') {
      outcome.tests.failed++;
      const message = assertion.failureMessages?.find((m) => m.trim() !== '');
      if (message && outcome.failure === undefined) outcome.failure = shortMessage(message);
    } else {
      outcome.tests.skipped++;
      const reason = parsed.reason ?? 'not run (filtered out or skipped)';
      if (reason && !outcome.reasons.includes(reason)) outcome.reasons.push(reason);
    }
  }
  for (const outcome of bySuite.values()) {
    outcome.status = outcome.tests.failed > 0 ? 'failed' : outcome.tests.passed > 0 ? 'passed' : 'skipped';
    // A suite that ran keeps no "not run" reasons from a -t filter.
    if (outcome.status !== 'skipped') outcome.reasons = [];
  }
  const outcomes = [...bySuite.values()];
  if (result.testExecError && outcomes.length === 0) {
    // The file did not load: no titles, so the suite is named after the file (`generated/<category>/<model type>.test.ts`).
    const parts = testFile.split('/');
    const file = parts[parts.length - 1] ?? testFile;
    if (!/\.test\.[cm]?[jt]s$/.test(file) || parts.length < 2) return [];
    const category = parts[parts.length - 2];
    const modelType = file.replace(/\.test\.[cm]?[jt]s$/, '');
    const error = result.testExecError as { message?: string };
    const message = typeof error?.message === 'string' ? error.message : (result.failureMessage ?? 'the test file failed to run');
    outcomes.push({
      suite: `${category}/${modelType}`,
      title: `[${category}] ${modelType}`,
      category,
      modelType,
      task: '',
      device: null,
      status: 'failed',
      testFile,
      tests: { passed: 0, failed: 0, skipped: 0 },
      reasons: [],
      failure: shortMessage(message),
    });
  }
  return outcomes;
}

/** Writes `<runDir>/suites.json` (atomically); suites sorted by title. */
export function writeSuiteOutcomes(runDir: string, outcomes: readonly SuiteOutcome[]): string {
  const file = path.join(runDir, SUITES_FILE);
  fs.mkdirSync(runDir, { recursive: true });
  const suites = [...outcomes].sort((a, b) => a.suite.localeCompare(b.suite) || (a.device ?? '').localeCompare(b.device ?? '') || a.testFile.localeCompare(b.testFile));
  writeFileAtomic(file, `${JSON.stringify({ format: SUITES_FORMAT, version: 1, suites }, null, 2)}\n`);
  return file;
}

/** `<runDir>/suites.json`: the outcomes, undefined when the run has none (older runs), or why it is unusable. */
export function readSuiteOutcomes(runDir: string): SuiteOutcome[] | string | undefined {
  const file = readRunJson(path.join(runDir, SUITES_FILE), suitesFileSchema);
  return typeof file === 'object' ? (file.suites as SuiteOutcome[]) : file;
}
