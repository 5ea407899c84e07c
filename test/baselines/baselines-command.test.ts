import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baselineKey, readBaselineFile } from '../../src/baselines';
import { baselinesDiff, baselinesMerge, baselinesPrune, baselinesShow, baselinesUpdate, latestRunDir } from '../../src/cli/baselines-command';
import { resultsFileFor } from '../../src/reporter/run-dir';
import type { MeasurementRecord } from '../../src/runtime/measurements';
import { makeRecord } from './fixtures/records';

let rootDir: string;
beforeEach(() => {
  rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-cli-'));
});
afterEach(() => fs.rmSync(rootDir, { recursive: true, force: true }));

const steady = (center: number) => Array.from({ length: 10 }, (_, i) => center * (1 + (i - 4.5) / 100));

function writeRun(name: string, records: MeasurementRecord[], mtime?: Date): string {
  const runDir = path.join(rootDir, '.hf-convert', 'runs', name);
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(resultsFileFor(runDir, '1'), records.map((record) => `${JSON.stringify(record)}\n`).join(''));
  if (mtime) fs.utimesSync(runDir, mtime, mtime);
  return runDir;
}

/** No HF_* settings: the Jest worker itself runs with HF_RUN_DIR set (the reporter exports it). */
const env = {};

test('show on an empty project', () => {
  expect(baselinesShow({ rootDir, env })).toEqual({ text: `no baselines in ${path.join(rootDir, 'baselines')}\n`, exitCode: 0 });
});

test('update merges the latest run; show lists it; update again adds nothing', () => {
  writeRun('old', [makeRecord({ samples: [1000] })], new Date('2020-01-01'));
  writeRun('new', [makeRecord({ samples: steady(10) }), makeRecord({ suite: 'text/gpt2 text-generation', samples: [5, 6, 7], passed: false })]);
  expect(latestRunDir(rootDir)).toBe(path.join(rootDir, '.hf-convert', 'runs', 'new'));

  const first = baselinesUpdate({ rootDir, env });
  expect(first.exitCode).toBe(0);
  expect(first.text).toContain('merged 1 run(s): new');
  expect(first.text).toContain(`wrote ${path.join(rootDir, 'baselines', 'cpu.json')} (+10 sample(s), 1 new key(s))`);
  expect(first.text).toContain('1 record(s) from failing suites were not merged');
  expect(baselinesUpdate({ rootDir, env }).text).toContain(`left ${path.join(rootDir, 'baselines', 'cpu.json')} unchanged (10 already-merged sample(s) skipped)`);

  const shown = baselinesShow({ rootDir, env });
  expect(shown.text).toMatch(/text\/bert fill-mask\s+latency_ms\s+cpu\s+fp32\s+10\.00 ms\s+0\.\d+ ms\s+10\s+2025-01-02/);
  expect(shown.text).toContain('1 baseline(s) in 1 file(s)');
  expect(baselinesShow({ rootDir, env, suite: 'gpt2' }).text).toContain('match the filters');
  expect(JSON.parse(baselinesShow({ rootDir, env, json: true }).text)[0]).toMatchObject({ key: baselineKey(makeRecord()), median: 10, count: 10 });
});

test('merge combines shards without duplicates and refuses colliding run ids', () => {
  const shardA = writeRun('run-a', [makeRecord({ samples: [1, 2, 3] })]);
  const shardB = writeRun('run-b', [makeRecord({ samples: [4, 5, 6], testFile: 'generated/text/other.test.ts' })]);
  const result = baselinesMerge({ rootDir, env, runDirs: [shardA, shardB, shardA] });
  expect(result.exitCode).toBe(0);
  expect(result.text).toContain('+6 sample(s)');
  const entry = readBaselineFile(path.join(rootDir, 'baselines', 'cpu.json')).entries[baselineKey(makeRecord())];
  expect(entry.samples).toEqual([1, 2, 3, 4, 5, 6]);

  const copy = path.join(rootDir, 'artifacts', 'run-a');
  fs.mkdirSync(copy, { recursive: true });
  expect(baselinesMerge({ rootDir, env, runDirs: [shardA, copy] })).toEqual({ text: expect.stringMatching(/have the same run id "run-a"; rename one/), exitCode: 2 });
  expect(baselinesMerge({ rootDir, env, runDirs: ['nope'] })).toEqual({ text: expect.stringMatching(/no such run directory: .*nope/), exitCode: 2 });
  expect(baselinesMerge({ rootDir, env, runDirs: [] }).exitCode).toBe(2);
});

test('diff exits 1 on a regression and renders table, markdown or json', () => {
  baselinesMerge({ rootDir, env, runDirs: [writeRun('base', [makeRecord({ samples: steady(10) })])] });
  const slow = writeRun('slow', [makeRecord({ samples: steady(13) })]);
  const table = baselinesDiff({ rootDir, runDirs: [slow], env });
  expect(table.exitCode).toBe(1);
  expect(table.text).toMatch(/latency_ms\s+cpu\s+1\.30x\s+\S+\s+10\.00 ms\s+13\.00 ms\s+regression/);
  expect(baselinesDiff({ rootDir, runDirs: [slow], env, failOnRegression: false }).exitCode).toBe(0);
  expect(baselinesDiff({ rootDir, runDirs: [slow], env, tolerance: 0.5 }).exitCode).toBe(0);
  expect(baselinesDiff({ rootDir, runDirs: [slow], env, format: 'markdown' }).text).toContain('🔴 regression');
  expect(JSON.parse(baselinesDiff({ rootDir, runDirs: [slow], env, format: 'json' }).text).summary.regression).toBe(1);
});

test('diff reports unreadable baselines as exit 2 with the reason', () => {
  const run = writeRun('r', [makeRecord()]);
  fs.mkdirSync(path.join(rootDir, 'baselines'));
  fs.writeFileSync(path.join(rootDir, 'baselines', 'cpu.json'), '{"format": "other"}');
  const result = baselinesDiff({ rootDir, runDirs: [run], env });
  expect(result.exitCode).toBe(2);
  expect(result.text).toMatch(/cpu\.json is not an hf-convert baseline file/);
});

test('update without any run is a usage error', () => {
  expect(baselinesUpdate({ rootDir, env })).toEqual({ text: expect.stringMatching(/no run directories under/), exitCode: 2 });
});

test('prune by age and by suite, with dry run', () => {
  baselinesMerge({
    rootDir,
    env,
    runDirs: [writeRun('r', [makeRecord({ recordedAt: '2025-01-01T00:00:00.000Z' }), makeRecord({ suite: 'vision/vit image-classification', recordedAt: '2025-02-25T00:00:00.000Z' })])],
  });
  const now = new Date('2025-03-01T00:00:00.000Z');
  expect(baselinesPrune({ rootDir, env })).toEqual({ text: expect.stringMatching(/needs a criterion/), exitCode: 2 });
  const dry = baselinesPrune({ rootDir, env, olderThanDays: 30, now, dryRun: true });
  expect(dry.text).toMatch(/would remove text\/bert fill-mask .* \(not seen for 59 days\)\nwould write .*cpu\.json \(-1 entry, 1 left\)\n1 entry would be pruned/);
  expect(Object.keys(readBaselineFile(path.join(rootDir, 'baselines', 'cpu.json')).entries)).toHaveLength(2);
  expect(baselinesPrune({ rootDir, env, keepSuites: ['text/bert fill-mask'], now }).text).toContain('removed vision/vit image-classification');
  expect(Object.values(readBaselineFile(path.join(rootDir, 'baselines', 'cpu.json')).entries).map((entry) => entry.suite)).toEqual(['text/bert fill-mask']);
});
