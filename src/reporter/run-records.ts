import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { MeasurementRecord } from '../runtime/measurements';
import { measurementSeriesShape, runEnvironmentSchema, type RecordedRunEnvironment } from '../baselines/format';
import { readRunJson } from './run-json';
import { RESULTS_FILE_PATTERN, RUN_ENVIRONMENT_FILE, runIdOf } from './run-dir';

const nonEmpty = z.string().min(1);

/** Validates what the runtime writes (see src/runtime/measurements.ts). Unknown extra fields are allowed. */
export const measurementRecordSchema = z.object({
  ...measurementSeriesShape,
  samples: z.array(z.number().refine(Number.isFinite, 'must be a finite number')),
  modelSource: z.string(),
  passed: z.boolean().optional(),
  recordedAt: z.iso.datetime({ offset: true }),
  testFile: nonEmpty,
  waitShare: z.number().min(0).max(1).optional(),
});

export interface RunRecords {
  runDir: string;
  runId: string;
  records: MeasurementRecord[];
  /** Lines that could not be used, as `file:line: why`. A worker killed mid-write leaves a torn last line. */
  problems: string[];
  /** Where the run was measured (`environment.json`); absent for runs that recorded nothing or predate it. */
  environment?: RecordedRunEnvironment;
}

/** Read every `results-*.jsonl` in a run directory. A missing directory is an empty run. */
export function readRunRecords(runDir: string): RunRecords {
  const result: RunRecords = { runDir, runId: runIdOf(runDir), records: [], problems: [] };
  let names: string[];
  try {
    names = fs.readdirSync(runDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw error;
  }
  for (const name of names.filter((candidate) => RESULTS_FILE_PATTERN.test(candidate)).sort()) {
    const file = path.join(runDir, name);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${file}:${index + 1}`;
      let data: unknown;
      try {
        data = JSON.parse(line);
      } catch (error) {
        result.problems.push(`${where}: not valid JSON (${(error as Error).message})`);
        return;
      }
      const parsed = measurementRecordSchema.safeParse(data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        result.problems.push(`${where}: ${issue.path.join('.') || '(record)'}: ${issue.message}`);
        return;
      }
      if (parsed.data.samples.length === 0) return;
      result.records.push(parsed.data as MeasurementRecord);
    });
  }
  const environment = readRunEnvironment(runDir);
  if (typeof environment === 'string') result.problems.push(environment);
  else if (environment) result.environment = environment;
  return result;
}

/** `environment.json` of a run directory: the environment, undefined when absent, or why it is unusable. */
function readRunEnvironment(runDir: string): RecordedRunEnvironment | string | undefined {
  return readRunJson(path.join(runDir, RUN_ENVIRONMENT_FILE), runEnvironmentSchema, "; the run's host is unknown");
}
