import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baselineKey, readBaselineFile } from '../../src/baselines';
import BaselineReporter, { pruneOldRuns, resultsFileFor, runDirFor, RUN_DIR_ENV, SETTINGS_ENV } from '../../src/reporter';
import type { MeasurementRecord } from '../../src/runtime/measurements';
import { makeRecord } from '../baselines/fixtures/records';

const ENV_NAMES = [...Object.values(SETTINGS_ENV), 'GITHUB_STEP_SUMMARY'];
let savedEnv: Record<string, string | undefined>;
let root: string;
let output: string;

beforeEach(() => {
  savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
  for (const name of ENV_NAMES) delete process.env[name];
  // Re-measuring flagged suites runs Jest again (test/reporter/e2e.test.ts covers it); not here.
  process.env.HF_BASELINE_CONFIRM = '0';
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-reporter-'));
  output = '';
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  for (const name of ENV_NAMES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  fs.rmSync(root, { recursive: true, force: true });
});

const passingFile = 'generated/text/bert.test.ts';
const failingFile = 'generated/text/gpt2.test.ts';
const steady = (center: number) => Array.from({ length: 10 }, (_, i) => center * (1 + (i - 4.5) / 100));

function writeRecords(runDir: string, workerId: string, records: MeasurementRecord[], extraLines: string[] = []): void {
  fs.mkdirSync(runDir, { recursive: true });
  const lines = [...records.map((record) => JSON.stringify(record)), ...extraLines];
  fs.writeFileSync(resultsFileFor(runDir, workerId), `${lines.join('\n')}\n`);
}

/** Drive the reporter the way Jest does. */
async function runReporter(options: ConstructorParameters<typeof BaselineReporter>[1], files: Array<[string, boolean]>): Promise<BaselineReporter> {
  const reporter = new BaselineReporter({ rootDir: root }, options);
  reporter.onRunStart();
  for (const [file, passed] of files) {
    reporter.onTestFileResult(undefined, { testFilePath: path.join(root, file), numFailingTests: passed ? 0 : 1 });
  }
  await reporter.onRunComplete();
  return reporter;
}

test('a run without records prints and writes nothing', async () => {
  const reporter = await runReporter({ runDir: 'runs/empty' }, [[passingFile, true]]);
  expect(output).toBe('');
  expect(fs.existsSync(path.join(root, 'baselines'))).toBe(false);
  expect(reporter.getLastError()).toBeUndefined();
});

test('the run directory is shared through HF_RUN_DIR', async () => {
  const chosen = runDirFor(root);
  expect(chosen.startsWith(path.join(root, '.hf-convert', 'runs'))).toBe(true);
  expect(process.env[RUN_DIR_ENV]).toBe(chosen);
  expect(runDirFor(root)).toBe(chosen); // a worker calling it later gets the same directory
  expect(new BaselineReporter({ rootDir: root }).runDir).toBe(chosen);
  const explicit = new BaselineReporter({ rootDir: root }, { runDir: 'custom' });
  expect(process.env[RUN_DIR_ENV]).toBe(path.join(root, 'custom'));
  expect(explicit.runDir).toBe(path.join(root, 'custom'));
});

test('old run directories are pruned, the current one never', async () => {
  const runs = path.join(root, '.hf-convert', 'runs');
  for (let i = 0; i < 5; i++) {
    fs.mkdirSync(path.join(runs, `r${i}`), { recursive: true });
    fs.utimesSync(path.join(runs, `r${i}`), new Date(2020, 0, i + 1), new Date(2020, 0, i + 1));
  }
  expect(pruneOldRuns(root, 2, path.join(runs, 'r0')).map((dir) => path.basename(dir)).sort()).toEqual(['r1', 'r2']);
  expect(fs.readdirSync(runs).sort()).toEqual(['r0', 'r3', 'r4']);
  expect(pruneOldRuns(path.join(root, 'nowhere'), 1)).toEqual([]);
});

test('first run: new metrics, reports written, step summary appended, baselines only from passing files', async () => {
  const runDir = path.join(root, '.hf-convert', 'runs', 'run-1');
  writeRecords(runDir, '1', [makeRecord({ samples: steady(10), testFile: passingFile })]);
  writeRecords(runDir, '2', [makeRecord({ suite: 'text/gpt2 text-generation', samples: steady(20), testFile: path.join(root, failingFile) })], ['{"suite": "torn li']);
  const summary = path.join(root, 'summary.md');
  fs.writeFileSync(summary, '# earlier step\n');
  process.env.GITHUB_STEP_SUMMARY = summary;
  process.env.HF_UPDATE_BASELINES = '1';

  const reporter = await runReporter({ runDir }, [
    [passingFile, true],
    [failingFile, false],
  ]);

  expect(reporter.getLastError()).toBeUndefined();
  expect(output).toMatch(/hf-convert performance: 2 new/);
  expect(output).toMatch(/text\/bert fill-mask\s+latency_ms\s+cpu\s+—\s+—\s+—\s+10\.00 ms\s+\S+\s+new/);
  expect(output).toContain(`skipped unreadable record ${resultsFileFor(runDir, '2')}:2: not valid JSON`);
  expect(output).toContain('1 record(s) from failing or unknown test files were not added');

  const report = JSON.parse(fs.readFileSync(path.join(root, 'baselines', 'report.json'), 'utf8'));
  expect(report.summary).toMatchObject({ new: 2, regression: 0 });
  expect(report.runId).toBe('run-1');
  expect(fs.readFileSync(path.join(root, 'baselines', 'report.md'), 'utf8')).toContain('| text/bert fill-mask | latency_ms | cpu |');
  expect(fs.readFileSync(summary, 'utf8')).toMatch(/^# earlier step\n## hf-convert performance/);

  const entries = readBaselineFile(path.join(root, 'baselines', 'cpu.json')).entries;
  expect(Object.keys(entries)).toEqual([baselineKey(makeRecord())]);
  expect(entries[baselineKey(makeRecord())].sources).toEqual([{ id: `run-1|${passingFile}`, count: 10, median: 10 }]);
});

describe('against a baseline', () => {
  async function recordBaseline(): Promise<void> {
    const runDir = path.join(root, 'runs', 'base');
    writeRecords(runDir, '1', [
      makeRecord({ samples: steady(10) }),
      makeRecord({ metric: 'throughput_batch_items_per_s', better: 'higher', unit: 'items/s', samples: steady(100) }),
      makeRecord({ metric: 'rss_peak_delta_bytes', unit: 'bytes', samples: steady(200 * 1024 * 1024) }),
    ]);
    await runReporter({ runDir, update: true }, [[passingFile, true]]);
    output = '';
  }

  test('regressions are listed first and warn by default', async () => {
    await recordBaseline();
    const runDir = path.join(root, 'runs', 'slow');
    writeRecords(runDir, '1', [
      makeRecord({ samples: steady(15) }), // 1.5x slower: regression
      makeRecord({ metric: 'throughput_batch_items_per_s', better: 'higher', unit: 'items/s', samples: steady(101) }), // unchanged
      makeRecord({ metric: 'rss_peak_delta_bytes', unit: 'bytes', samples: steady(150 * 1024 * 1024) }), // improvement
    ]);
    const reporter = await runReporter({ runDir }, [[passingFile, true]]);
    expect(reporter.getLastError()).toBeUndefined();
    const tableLines = output.split('\n').filter((line) => /\b(regression|improvement|unchanged)$/.test(line));
    expect(tableLines.map((line) => line.split(/\s{2,}/).pop())).toEqual(['regression', 'improvement', 'unchanged']);
    expect(tableLines[0]).toMatch(/latency_ms\s+cpu\s+1\.50x\s+\S+\s+10\.00 ms\s+15\.00 ms\s+\S+\s+regression/);
    expect(output).toContain('warning: 1 performance regression(s) beyond tolerance');
    expect(reporter.report!.rows[0].pValue).toBeLessThan(0.01);
    // Without update mode the baselines are untouched.
    expect(readBaselineFile(path.join(root, 'baselines', 'cpu.json')).entries[baselineKey(makeRecord())].count).toBe(10);
  });

  test('HF_FAIL_ON_REGRESSION=1 fails the run through getLastError', async () => {
    await recordBaseline();
    const runDir = path.join(root, 'runs', 'slow');
    writeRecords(runDir, '1', [makeRecord({ samples: steady(15) })]);
    process.env.HF_FAIL_ON_REGRESSION = '1';
    const reporter = await runReporter({ runDir }, [[passingFile, true]]);
    expect(reporter.getLastError()?.message).toMatch(/1 performance regression\(s\) beyond tolerance/);
  });

  test('tolerance from the environment can absorb the same change', async () => {
    await recordBaseline();
    const runDir = path.join(root, 'runs', 'slow');
    writeRecords(runDir, '1', [makeRecord({ samples: steady(15) })]);
    process.env.HF_BASELINE_TOLERANCE = '0.6';
    const reporter = await runReporter({ runDir, failOnRegression: true }, [[passingFile, true]]);
    expect(reporter.getLastError()).toBeUndefined();
    expect(reporter.report!.rows[0].verdict).toBe('unchanged');
  });

  test('update mode merges the new run; re-running the same run dir adds nothing', async () => {
    await recordBaseline();
    const runDir = path.join(root, 'runs', 'next');
    writeRecords(runDir, '1', [makeRecord({ samples: steady(10.1) })]);
    await runReporter({ runDir, update: true }, [[passingFile, true]]);
    await runReporter({ runDir, update: true }, [[passingFile, true]]);
    const entry = readBaselineFile(path.join(root, 'baselines', 'cpu.json')).entries[baselineKey(makeRecord())];
    expect(entry.count).toBe(20);
    expect(entry.sources.map((source) => source.id)).toEqual([`base|${passingFile}`, `next|${passingFile}`]);
  });

  test('a measurement that waited for a CPU far more than its baseline is not recorded into it', async () => {
    const quiet = path.join(root, 'runs', 'quiet');
    writeRecords(quiet, '1', [makeRecord({ samples: steady(10), waitShare: 0.12 })]);
    await runReporter({ runDir: quiet, update: true }, [[passingFile, true]]);
    const busy = path.join(root, 'runs', 'busy');
    writeRecords(busy, '1', [makeRecord({ samples: steady(15), waitShare: 0.5 })]);
    await runReporter({ runDir: busy, update: true }, [[passingFile, true]]);
    expect(output).toContain('1 record(s) measured while the process waited for a CPU over 10 points more of the timed time than in the baseline were not added to it (contention)');
    // A suite that always waits a little (0.12, then 0.2) is recorded as usual.
    const steadyWait = path.join(root, 'runs', 'steady-wait');
    writeRecords(steadyWait, '1', [makeRecord({ samples: steady(10), waitShare: 0.2 })]);
    await runReporter({ runDir: steadyWait, update: true }, [[passingFile, true]]);
    const entry = readBaselineFile(path.join(root, 'baselines', 'cpu.json')).entries[baselineKey(makeRecord())];
    expect(entry.sources.map((source) => [source.id.split('|')[0], source.waitShare])).toEqual([['quiet', 0.12], ['steady-wait', 0.2]]);
  });
});

test('an unreadable baseline file is reported; it fails the run only in strict or update mode', async () => {
  const runDir = path.join(root, 'runs', 'r');
  writeRecords(runDir, '1', [makeRecord()]);
  fs.mkdirSync(path.join(root, 'baselines'));
  fs.writeFileSync(path.join(root, 'baselines', 'cpu.json'), '{"format": "hf-convert-baselines", "version": 1, "entries": {');
  const lenient = await runReporter({ runDir }, [[passingFile, true]]);
  expect(output).toMatch(/hf-convert baselines: .*cpu\.json is truncated/);
  expect(lenient.getLastError()).toBeUndefined();
  const strict = await runReporter({ runDir, failOnRegression: true }, [[passingFile, true]]);
  expect(strict.getLastError()?.message).toMatch(/cpu\.json is truncated/);
});

describe('settings resolve as in the baselines commands', () => {
  test('HF_BASELINES_DIR: compared with and written to that folder, the committed baselines untouched; the files are named', async () => {
    const base = path.join(root, 'runs', 'base');
    writeRecords(base, '1', [makeRecord({ samples: steady(10) })]);
    await runReporter({ runDir: base, update: true }, [[passingFile, true]]);
    const committed = fs.readFileSync(path.join(root, 'baselines', 'cpu.json'), 'utf8');
    expect(output).toContain(`  baselines: no baseline files in ${path.join(root, 'baselines')}\n  baselines: wrote ${path.join(root, 'baselines', 'cpu.json')} (+10 sample(s), 1 new key(s))\n`);

    process.env.HF_BASELINES_DIR = 'ci-baselines';
    const ci = path.join(root, 'ci-baselines', 'cpu.json');
    for (const name of ['shard-1', 'shard-2']) {
      output = '';
      const runDir = path.join(root, 'runs', name);
      writeRecords(runDir, '1', [makeRecord({ samples: steady(10) })]);
      process.env.HF_UPDATE_BASELINES = '1';
      const reporter = await runReporter({ runDir }, [[passingFile, true]]);
      expect(reporter.baselinesDir).toBe(path.join(root, 'ci-baselines'));
      expect(reporter.report!.baselineFiles).toEqual(name === 'shard-1' ? [] : [{ file: ci, entries: 1 }]);
    }
    expect(output).toContain(`  baselines: read ${ci} (1 entry)\n  baselines: wrote ${ci} (+10 sample(s))\n`);
    expect(readBaselineFile(ci).entries[baselineKey(makeRecord())].count).toBe(20);
    expect(fs.readFileSync(path.join(root, 'ci-baselines', 'report.md'), 'utf8')).toContain('hf-convert performance');
    expect(fs.readFileSync(path.join(root, 'baselines', 'cpu.json'), 'utf8')).toBe(committed);

    // The option over the variable.
    expect(new BaselineReporter({ rootDir: root }, { baselinesDir: 'mine' }).baselinesDir).toBe(path.join(root, 'mine'));
  });

  test('HF_RUN_DIR relative to the root, the option over it; workers get the absolute folder', async () => {
    process.env[RUN_DIR_ENV] = 'runs/from-env';
    expect(new BaselineReporter({ rootDir: root }).runDir).toBe(path.join(root, 'runs', 'from-env'));
    expect(process.env[RUN_DIR_ENV]).toBe(path.join(root, 'runs', 'from-env'));
    expect(new BaselineReporter({ rootDir: root }, { runDir: 'runs/option' }).runDir).toBe(path.join(root, 'runs', 'option'));
  });

  test('an invalid variable is silent without records, and fails the run naming the variable once there are records', async () => {
    process.env.HF_BASELINE_MIN_SAMPLES = 'few';
    const empty = await runReporter({ runDir: 'runs/empty' }, [[passingFile, true]]);
    expect(output).toBe('');
    expect(empty.getLastError()).toBeUndefined();

    const runDir = path.join(root, 'runs', 'r');
    writeRecords(runDir, '1', [makeRecord({ samples: steady(10) })]);
    const reporter = await runReporter({ runDir, update: true }, [[passingFile, true]]);
    const message = 'HF_BASELINE_MIN_SAMPLES="few" is not valid: expected a whole number of at least 1';
    expect(output).toBe(`hf-convert baselines: ${message}\n`);
    expect(reporter.getLastError()?.message).toBe(message);
    expect(fs.existsSync(path.join(root, 'baselines'))).toBe(false);
    // The option over the variable.
    output = '';
    expect((await runReporter({ runDir, minSamples: 5 }, [[passingFile, true]])).getLastError()).toBeUndefined();
    expect(output).toContain('hf-convert performance: 1 new');
  });

  test('HF_UPDATE_BASELINES=0 and the update option: the option wins', async () => {
    const runDir = path.join(root, 'runs', 'r');
    writeRecords(runDir, '1', [makeRecord({ samples: steady(10) })]);
    process.env.HF_UPDATE_BASELINES = '0';
    await runReporter({ runDir }, [[passingFile, true]]);
    expect(fs.existsSync(path.join(root, 'baselines', 'cpu.json'))).toBe(false);
    await runReporter({ runDir, update: true }, [[passingFile, true]]);
    expect(fs.existsSync(path.join(root, 'baselines', 'cpu.json'))).toBe(true);
  });
});

test('the CommonJS shim loads the reporter class for Jest', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shim = require('../../bin/jest-reporter.cjs');
  expect(typeof shim).toBe('function');
  expect(shim.name).toBe('BaselineReporter');
});
