import * as path from 'node:path';
import { BaselineSettingsError, DEFAULT_THRESHOLDS, resolveBaselineSettings, settingsToEnv } from '../../src/reporter';
import { tempDir } from '../helpers/tmp';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('hf-settings-');
});
afterEach(() => tmp.cleanup());

test('defaults: <root>/baselines, no run folder, default thresholds, flags off, no machine label', () => {
  const settings = resolveBaselineSettings(tmp.dir, {}, {});
  expect(settings).toMatchObject({
    rootDir: tmp.dir,
    baselinesDir: path.join(tmp.dir, 'baselines'),
    reportDir: path.join(tmp.dir, 'baselines'),
    runDir: undefined,
    thresholds: DEFAULT_THRESHOLDS,
    update: false,
    failOnRegression: false,
    machineLabel: undefined,
  });
  expect(Object.values(settings.sources).every((source) => source === 'default')).toBe(true);
});

test('environment variables over defaults; relative paths against the root', () => {
  const env = {
    HF_BASELINES_DIR: 'ci-baselines',
    HF_RUN_DIR: 'runs/shard-1',
    HF_BASELINE_TOLERANCE: '0.3',
    HF_BASELINE_MEMORY_TOLERANCE: '0.05',
    HF_BASELINE_ALPHA: '0.05',
    HF_BASELINE_MIN_SAMPLES: '7',
    HF_BASELINE_MIN_RUNS: '4',
    HF_UPDATE_BASELINES: 'true',
    HF_FAIL_ON_REGRESSION: '1',
    HF_MACHINE_LABEL: ' ci-large ',
    HF_BASELINE_CONFIRM: '0',
  };
  const settings = resolveBaselineSettings(tmp.dir, {}, env);
  expect(settings).toMatchObject({
    baselinesDir: path.join(tmp.dir, 'ci-baselines'),
    reportDir: path.join(tmp.dir, 'ci-baselines'),
    runDir: path.join(tmp.dir, 'runs', 'shard-1'),
    thresholds: { tolerance: 0.3, memoryTolerance: 0.05, alpha: 0.05, minSamples: 7, minBaselineRuns: 4 },
    update: true,
    failOnRegression: true,
    confirm: false,
    machineLabel: 'ci-large',
  });
  expect(Object.values(settings.sources).every((source) => source === 'env')).toBe(true);
  // Written back for a child process, the same settings come out again.
  const again = resolveBaselineSettings(path.join(tmp.dir, 'elsewhere'), {}, settingsToEnv(settings));
  expect({ ...again, rootDir: tmp.dir, sources: settings.sources }).toEqual(settings);
});

test('explicit options (reporter options, CLI flags) over environment variables', () => {
  const env = { HF_BASELINES_DIR: 'ci-baselines', HF_RUN_DIR: 'from-env', HF_BASELINE_TOLERANCE: '0.3', HF_UPDATE_BASELINES: '1', HF_FAIL_ON_REGRESSION: '1', HF_MACHINE_LABEL: 'env-label' };
  const settings = resolveBaselineSettings(tmp.dir, { baselinesDir: '/abs/mine', runDir: 'run', reportDir: 'reports', tolerance: 0.05, update: false, failOnRegression: false, machineLabel: 'mine' }, env);
  expect(settings).toMatchObject({
    baselinesDir: '/abs/mine',
    reportDir: path.join(tmp.dir, 'reports'),
    runDir: path.join(tmp.dir, 'run'),
    update: false,
    failOnRegression: false,
    machineLabel: 'mine',
  });
  expect(settings.thresholds.tolerance).toBe(0.05);
  expect(settings.sources).toMatchObject({ baselinesDir: 'option', runDir: 'option', tolerance: 'option', update: 'option', failOnRegression: 'option', machineLabel: 'option', alpha: 'default' });
});

test('blank variables count as unset; an entry point may change the default of a flag', () => {
  const settings = resolveBaselineSettings(tmp.dir, {}, { HF_BASELINES_DIR: '  ', HF_BASELINE_TOLERANCE: '', HF_FAIL_ON_REGRESSION: '' }, { failOnRegression: true });
  expect(settings.baselinesDir).toBe(path.join(tmp.dir, 'baselines'));
  expect(settings.thresholds.tolerance).toBe(DEFAULT_THRESHOLDS.tolerance);
  expect(settings.failOnRegression).toBe(true);
  expect(resolveBaselineSettings(tmp.dir, {}, { HF_FAIL_ON_REGRESSION: 'off' }, { failOnRegression: true }).failOnRegression).toBe(false);
});

test.each([
  ['HF_BASELINE_TOLERANCE', 'lots', /HF_BASELINE_TOLERANCE="lots" is not valid: expected a non-negative number/],
  ['HF_BASELINE_TOLERANCE', '-0.1', /HF_BASELINE_TOLERANCE="-0.1" is not valid/],
  ['HF_BASELINE_MEMORY_TOLERANCE', 'NaN', /HF_BASELINE_MEMORY_TOLERANCE="NaN" is not valid/],
  ['HF_BASELINE_ALPHA', '5', /HF_BASELINE_ALPHA="5" is not valid: expected a number between 0 and 1/],
  ['HF_BASELINE_MIN_SAMPLES', '2.5', /HF_BASELINE_MIN_SAMPLES="2.5" is not valid: expected a whole number/],
  ['HF_BASELINE_MIN_RUNS', 'three', /HF_BASELINE_MIN_RUNS="three" is not valid: expected a whole number/],
  ['HF_UPDATE_BASELINES', 'maybe', /HF_UPDATE_BASELINES="maybe" is not valid: expected 1 or 0/],
  ['HF_FAIL_ON_REGRESSION', 'yes please', /HF_FAIL_ON_REGRESSION="yes please" is not valid/],
  ['HF_MACHINE_LABEL', 'a | b', /HF_MACHINE_LABEL="a \| b" is not valid: expected at most 64 printable characters without "\|"/],
])('%s=%s is rejected, naming the variable and the value', (name, value, message) => {
  expect(() => resolveBaselineSettings(tmp.dir, {}, { [name]: value })).toThrow(BaselineSettingsError);
  expect(() => resolveBaselineSettings(tmp.dir, {}, { [name]: value })).toThrow(message);
});

test('a folder setting naming a file is rejected; a flag overrides a bad variable', () => {
  const file = tmp.write('not-a-folder', 'x');
  expect(() => resolveBaselineSettings(tmp.dir, {}, { HF_BASELINES_DIR: 'not-a-folder' })).toThrow(`HF_BASELINES_DIR="not-a-folder" is not valid: expected a folder, but ${file} is a file`);
  expect(() => resolveBaselineSettings(tmp.dir, {}, { HF_RUN_DIR: file })).toThrow(/HF_RUN_DIR=.* is a file/);
  expect(resolveBaselineSettings(tmp.dir, { baselinesDir: 'b', tolerance: 0.1 }, { HF_BASELINES_DIR: 'not-a-folder', HF_BASELINE_TOLERANCE: 'lots' }).thresholds.tolerance).toBe(0.1);
  expect(() => resolveBaselineSettings(tmp.dir, { alpha: 2 }, {})).toThrow('alpha="2" is not valid');
});
