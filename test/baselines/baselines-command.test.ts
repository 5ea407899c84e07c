import * as fs from 'node:fs';
import * as path from 'node:path';
import { baselineKey, readBaselineFile } from '../../src/baselines';
import { main } from '../../src/cli';
import { baselinesDiff, baselinesMerge, baselinesPrune, baselinesShow, baselinesUpdate, latestRunDir } from '../../src/cli/baselines-command';
import { resultsFileFor } from '../../src/reporter/run-dir';
import type { MeasurementRecord } from '../../src/runtime/measurements';
import { makeRecord } from './fixtures/records';
import { runCli } from '../helpers/cli';
import { scratchRoot } from '../helpers/tmp';

let rootDir: string;
beforeEach(() => {
  rootDir = fs.mkdtempSync(path.join(scratchRoot(), 'hf-cli-'));
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

const cli = runCli;

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
  expect(table.text).toMatch(/latency_ms\s+cpu\s+1\.30x\s+\S+\s+10\.00 ms\s+13\.00 ms\s+\S+\s+regression/);
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

describe('settings: HF_BASELINES_DIR, HF_RUN_DIR, thresholds and flags resolve as in the reporter', () => {
  const committed = () => path.join(rootDir, 'baselines', 'cpu.json');
  const ci = (...rest: string[]) => path.join(rootDir, 'ci-baselines', ...rest);

  /** A project with committed baselines, as a new user would have it. */
  function withCommittedBaselines(): string {
    baselinesMerge({ rootDir, env, runDirs: [writeRun('committed', [makeRecord({ samples: steady(10) })])] });
    return fs.readFileSync(committed(), 'utf8');
  }

  test('HF_BASELINES_DIR=ci-baselines: merge, update, show, diff and prune use it; ./baselines is untouched', () => {
    const before = withCommittedBaselines();
    const ciEnv = { HF_BASELINES_DIR: 'ci-baselines' };
    const run1 = writeRun('run1', [makeRecord({ samples: steady(10) })]);
    const run2 = writeRun('run2', [makeRecord({ samples: steady(10.1), testFile: 'generated/text/other.test.ts' })]);

    const merged = baselinesMerge({ rootDir, env: ciEnv, runDirs: [run1, run2] });
    expect(merged).toEqual({ text: expect.stringContaining(`wrote ${ci('cpu.json')} (+20 sample(s), 1 new key(s))\n`), exitCode: 0 });
    expect(merged.text).toContain(`read run ${run1} (1 record(s))\nread run ${run2} (1 record(s))\n`);
    expect(readBaselineFile(ci('cpu.json')).entries[baselineKey(makeRecord())].count).toBe(20);

    const run3 = writeRun('run3', [makeRecord({ samples: steady(9.9) })]);
    expect(baselinesUpdate({ rootDir, env: ciEnv, runDir: run3 }).text).toContain(`wrote ${ci('cpu.json')} (+10 sample(s))\n`);

    const shown = baselinesShow({ rootDir, env: ciEnv });
    expect(shown.text).toMatch(new RegExp(`^read ${ci('cpu.json')} \\(1 entry\\)\n`));
    expect(shown.text).toMatch(/latency_ms\s+cpu\s+fp32\s+[\d.]+ ms\s+[\d.]+ ms\s+30\s/);

    const diff = baselinesDiff({ rootDir, env: ciEnv, runDirs: [run3] });
    expect(diff.text).toContain(`read ${ci('cpu.json')} (1 entry)\n`);
    expect(diff.text).not.toContain(committed());

    const pruned = baselinesPrune({ rootDir, env: ciEnv, olderThanDays: 0, now: new Date('2025-03-01T00:00:00.000Z') });
    expect(pruned.text).toContain(`deleted ${ci('cpu.json')} (-1 entry, 0 left)\n`);
    expect(fs.existsSync(ci('cpu.json'))).toBe(false);

    expect(fs.readFileSync(committed(), 'utf8')).toBe(before);
  });

  test('the same through the CLI: HF_BASELINES_DIR in the environment, which-file lines on stderr for --json and --format json/markdown', async () => {
    const before = withCommittedBaselines();
    const saved = { ...process.env };
    process.env.HF_BASELINES_DIR = 'ci-baselines';
    delete process.env.HF_RUN_DIR;
    try {
      const run1 = writeRun('run1', [makeRecord({ samples: steady(10) })]);
      const run2 = writeRun('run2', [makeRecord({ samples: steady(10), testFile: 'generated/text/other.test.ts' })]);
      const merge = await cli('baselines', 'merge', '--root', rootDir, run1, run2);
      expect(merge).toMatchObject({ code: 0, stdout: expect.stringContaining(`wrote ${ci('cpu.json')} (+20 sample(s), 1 new key(s))`) });

      const show = await cli('baselines', 'show', '--root', rootDir, '--json');
      expect(show.code).toBe(0);
      expect(JSON.parse(show.stdout)).toHaveLength(1);
      expect(show.stderr).toBe(`read ${ci('cpu.json')} (1 entry)\n`);

      const slow = writeRun('slow', [makeRecord({ samples: steady(13) })]);
      const json = await cli('baselines', 'diff', '--root', rootDir, slow, '--format', 'json');
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).summary.regression).toBe(1);
      expect(json.stderr).toBe(`read run ${slow} (1 record(s))\nread ${ci('cpu.json')} (1 entry)\n`);
      const markdown = await cli('baselines', 'diff', '--root', rootDir, slow, '--format', 'markdown');
      expect(markdown).toMatchObject({ code: 1, stdout: expect.stringMatching(/^## hf-convert performance/), stderr: expect.stringContaining(`read ${ci('cpu.json')} (1 entry)`) });

      // --dry-run and --json belong to the subcommand (the root command has options of the same names).
      const dry = await cli('baselines', 'prune', '--root', rootDir, '--older-than-days', '0', '--dry-run');
      expect(dry.stdout).toContain(`would delete ${ci('cpu.json')} (-1 entry, 0 left)`);
      expect(fs.existsSync(ci('cpu.json'))).toBe(true);
      expect(fs.readFileSync(committed(), 'utf8')).toBe(before);

      // A flag over the variable.
      const flagged = await cli('baselines', 'show', '--root', rootDir, '--baselines-dir', 'baselines');
      expect(flagged.stdout).toMatch(new RegExp(`^read ${committed()} \\(1 entry\\)\n`));
    } finally {
      process.env = saved;
    }
  });

  test('precedence: flag over environment over default', () => {
    withCommittedBaselines();
    fs.mkdirSync(ci(), { recursive: true });
    const slow = writeRun('slow', [makeRecord({ samples: steady(13) })]);
    // baselines folder: option > HF_BASELINES_DIR > <root>/baselines
    expect(baselinesShow({ rootDir, env: { HF_BASELINES_DIR: 'ci-baselines' } }).text).toBe(`no baselines in ${ci()}\n`);
    expect(baselinesShow({ rootDir, env: { HF_BASELINES_DIR: 'ci-baselines' }, baselinesDir: 'baselines' }).text).toContain(`read ${committed()}`);
    expect(baselinesShow({ rootDir, env: {} }).text).toContain(`read ${committed()}`);
    // tolerance: option > HF_BASELINE_TOLERANCE > 0.2
    expect(baselinesDiff({ rootDir, env: {}, runDirs: [slow] }).exitCode).toBe(1);
    expect(baselinesDiff({ rootDir, env: { HF_BASELINE_TOLERANCE: '0.5' }, runDirs: [slow] }).exitCode).toBe(0);
    expect(baselinesDiff({ rootDir, env: { HF_BASELINE_TOLERANCE: '0.5' }, runDirs: [slow], tolerance: 0.1 }).exitCode).toBe(1);
    // failing on a regression: option > HF_FAIL_ON_REGRESSION > on (diff is a check)
    expect(baselinesDiff({ rootDir, env: { HF_FAIL_ON_REGRESSION: '0' }, runDirs: [slow] }).exitCode).toBe(0);
    expect(baselinesDiff({ rootDir, env: { HF_FAIL_ON_REGRESSION: '0' }, runDirs: [slow], failOnRegression: true }).exitCode).toBe(1);
    // run folder: arguments > HF_RUN_DIR > the latest under .hf-convert/runs
    const other = writeRun('other', [makeRecord({ samples: steady(10) })], new Date('2020-01-01'));
    expect(baselinesDiff({ rootDir, env: {}, failOnRegression: false }).text).toContain(`read run ${slow} (1 record(s))`);
    expect(baselinesDiff({ rootDir, env: { HF_RUN_DIR: other }, failOnRegression: false }).text).toContain(`read run ${other} (1 record(s))`);
    expect(baselinesDiff({ rootDir, env: { HF_RUN_DIR: other }, failOnRegression: false, runDirs: [slow] }).text).toContain(`read run ${slow} (1 record(s))`);
    expect(baselinesUpdate({ rootDir, env: { HF_RUN_DIR: 'no-such-run' } })).toEqual({ text: expect.stringMatching(/no such run directory: .*no-such-run \(from HF_RUN_DIR\)/), exitCode: 2 });
  });

  test('an invalid variable is exit 2 naming the variable and value, in every command; a flag overrides it', () => {
    withCommittedBaselines();
    const run = writeRun('r', [makeRecord({ samples: steady(10) })]);
    const message = 'hf-convert baselines: HF_BASELINE_ALPHA="5" is not valid: expected a number between 0 and 1 (exclusive) such as 0.01\n';
    const bad = { HF_BASELINE_ALPHA: '5' };
    expect(baselinesDiff({ rootDir, env: bad, runDirs: [run] })).toEqual({ text: message, exitCode: 2 });
    expect(baselinesDiff({ rootDir, env: bad, runDirs: [run], alpha: 0.05 }).exitCode).toBe(0);
    for (const result of [
      baselinesShow({ rootDir, env: bad }),
      baselinesUpdate({ rootDir, env: bad, runDir: run }),
      baselinesMerge({ rootDir, env: bad, runDirs: [run] }),
      baselinesPrune({ rootDir, env: bad, olderThanDays: 1 }),
    ]) {
      expect(result).toEqual({ text: message, exitCode: 2 });
    }
    expect(readBaselineFile(committed()).entries[baselineKey(makeRecord())].count).toBe(10);
    expect(baselinesShow({ rootDir, env: { HF_BASELINES_DIR: 'baselines/cpu.json' } })).toEqual({ text: expect.stringMatching(/HF_BASELINES_DIR="baselines\/cpu.json" is not valid: expected a folder, but .* is a file/), exitCode: 2 });
  });
});
