import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveThresholds, type ComparisonThresholds } from './compare';
import { RUN_DIR_ENV } from './run-dir';

/**
 * The one place the baseline settings are resolved, for the Jest reporter, every `hf-convert
 * baselines` command and `hf-convert test`: explicit options (reporter options, CLI flags) over
 * environment variables over defaults. Relative paths resolve against the project root.
 */
export const SETTINGS_ENV = {
  baselinesDir: 'HF_BASELINES_DIR',
  runDir: RUN_DIR_ENV,
  update: 'HF_UPDATE_BASELINES',
  failOnRegression: 'HF_FAIL_ON_REGRESSION',
  tolerance: 'HF_BASELINE_TOLERANCE',
  memoryTolerance: 'HF_BASELINE_MEMORY_TOLERANCE',
  alpha: 'HF_BASELINE_ALPHA',
  minSamples: 'HF_BASELINE_MIN_SAMPLES',
  minBaselineRuns: 'HF_BASELINE_MIN_RUNS',
  machineLabel: 'HF_MACHINE_LABEL',
  confirm: 'HF_BASELINE_CONFIRM',
} as const;

type ThresholdName = 'tolerance' | 'memoryTolerance' | 'alpha' | 'minSamples' | 'minBaselineRuns';

export interface BaselineSettingsOptions {
  /** Default `<rootDir>/baselines`. Env: HF_BASELINES_DIR. */
  baselinesDir?: string;
  /** Where report.json / report.md go. Default: the baselines folder. */
  reportDir?: string;
  /** The run folder to read (and, for the reporter, to have the workers write). Env: HF_RUN_DIR. */
  runDir?: string;
  /** Env: HF_UPDATE_BASELINES. */
  update?: boolean;
  /** Env: HF_FAIL_ON_REGRESSION. */
  failOnRegression?: boolean;
  /** Re-measure flagged suites once before calling them regressions (reporter only). Env: HF_BASELINE_CONFIRM. Default on. */
  confirm?: boolean;
  /** Env: HF_BASELINE_TOLERANCE. */
  tolerance?: number;
  /** Env: HF_BASELINE_MEMORY_TOLERANCE. */
  memoryTolerance?: number;
  /** Env: HF_BASELINE_ALPHA. */
  alpha?: number;
  /** Env: HF_BASELINE_MIN_SAMPLES. */
  minSamples?: number;
  /** Env: HF_BASELINE_MIN_RUNS. */
  minBaselineRuns?: number;
  /** A name for this machine (e.g. a CI runner class). Env: HF_MACHINE_LABEL. */
  machineLabel?: string;
}

/** Defaults that differ by entry point (`baselines diff` is a check: it fails on a regression unless told otherwise). */
export interface SettingsDefaults {
  update?: boolean;
  failOnRegression?: boolean;
}

/** Where a resolved value came from: an explicit option or flag, an environment variable, or the default. */
export type SettingSource = 'option' | 'env' | 'default';

export interface BaselineSettings {
  rootDir: string;
  /** Absolute. */
  baselinesDir: string;
  /** Absolute. */
  reportDir: string;
  /** Absolute; undefined when neither an option nor HF_RUN_DIR names one (the caller picks: a fresh run, or the latest). */
  runDir: string | undefined;
  thresholds: ComparisonThresholds;
  update: boolean;
  failOnRegression: boolean;
  confirm: boolean;
  /** Undefined when not set. */
  machineLabel: string | undefined;
  sources: {
    baselinesDir: SettingSource;
    runDir: SettingSource;
    update: SettingSource;
    failOnRegression: SettingSource;
    confirm: SettingSource;
    machineLabel: SettingSource;
  } & Record<ThresholdName, SettingSource>;
}

/** An environment variable (or option) with a value that cannot be used; names the variable and the value. */
export class BaselineSettingsError extends RangeError {
  constructor(
    readonly variable: string,
    readonly value: string,
    expected: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${expected}`);
    this.name = 'BaselineSettingsError';
  }
}

const TRUE = /^(1|true|yes|on)$/i;
const FALSE = /^(0|false|no|off)$/i;

/** The raw value of a variable, or undefined when unset or blank (blank means "not set", as in CI templates). */
function rawEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? undefined : raw;
}

function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const raw = rawEnv(env, name);
  if (raw === undefined) return undefined;
  if (TRUE.test(raw.trim())) return true;
  if (FALSE.test(raw.trim())) return false;
  throw new BaselineSettingsError(name, raw, '1 or 0 (also true/false, yes/no, on/off)');
}

const NUMBER_RULES: Record<ThresholdName, { test: (n: number) => boolean; expected: string }> = {
  tolerance: { test: (n) => n >= 0, expected: 'a non-negative number such as 0.2' },
  memoryTolerance: { test: (n) => n >= 0, expected: 'a non-negative number such as 0.1' },
  alpha: { test: (n) => n > 0 && n < 1, expected: 'a number between 0 and 1 (exclusive) such as 0.01' },
  minSamples: { test: (n) => Number.isInteger(n) && n >= 1, expected: 'a whole number of at least 1' },
  minBaselineRuns: { test: (n) => Number.isInteger(n) && n >= 0, expected: 'a whole number such as 3' },
};

function checkNumber(name: ThresholdName, label: string, value: number, raw: string): number {
  const rule = NUMBER_RULES[name];
  if (!Number.isFinite(value) || !rule.test(value)) throw new BaselineSettingsError(label, raw, rule.expected);
  return value;
}

function envNumber(env: NodeJS.ProcessEnv, name: ThresholdName): number | undefined {
  const variable = SETTINGS_ENV[name];
  const raw = rawEnv(env, variable);
  return raw === undefined ? undefined : checkNumber(name, variable, Number(raw), raw);
}

/** A folder setting: must not name an existing file. */
function resolveFolder(rootDir: string, value: string, label: string): string {
  const resolved = path.resolve(rootDir, value);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) throw new BaselineSettingsError(label, value, `a folder, but ${resolved} is a file`);
  return resolved;
}

function checkMachineLabel(value: string, label: string): string {
  const trimmed = value.trim();
  // " | " separates the fields of a baseline key; control characters would garble the tables.
  if (trimmed.length > 64 || /[|\p{Cc}]/u.test(trimmed)) throw new BaselineSettingsError(label, value, 'at most 64 printable characters without "|"');
  return trimmed;
}

function pick<T>(option: T | undefined, fromEnv: () => T | undefined, fallback: T): [T, SettingSource] {
  if (option !== undefined) return [option, 'option'];
  const value = fromEnv();
  if (value !== undefined) return [value, 'env'];
  return [fallback, 'default'];
}

/**
 * Resolve the baseline settings: `options` (reporter options or CLI flags; undefined means "not
 * given") over `env` over the defaults. Throws BaselineSettingsError naming the variable and value
 * when an environment variable (or option) cannot be used. Pure apart from checking that folder
 * settings are not files; it never sets environment variables.
 */
export function resolveBaselineSettings(
  rootDir: string,
  options: BaselineSettingsOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  defaults: SettingsDefaults = {},
): BaselineSettings {
  const root = path.resolve(rootDir);
  const o = options ?? {};
  const sources = {} as BaselineSettings['sources'];

  let baselinesDir: string;
  if (o.baselinesDir !== undefined && o.baselinesDir.trim() !== '') {
    baselinesDir = resolveFolder(root, o.baselinesDir, 'baselinesDir');
    sources.baselinesDir = 'option';
  } else if (rawEnv(env, SETTINGS_ENV.baselinesDir) !== undefined) {
    baselinesDir = resolveFolder(root, env[SETTINGS_ENV.baselinesDir]!.trim(), SETTINGS_ENV.baselinesDir);
    sources.baselinesDir = 'env';
  } else {
    baselinesDir = resolveFolder(root, 'baselines', 'baselinesDir');
    sources.baselinesDir = 'default';
  }
  const reportDir = o.reportDir !== undefined && o.reportDir.trim() !== '' ? resolveFolder(root, o.reportDir, 'reportDir') : baselinesDir;

  let runDir: string | undefined;
  if (o.runDir !== undefined && o.runDir.trim() !== '') {
    runDir = resolveFolder(root, o.runDir, 'runDir');
    sources.runDir = 'option';
  } else if (rawEnv(env, SETTINGS_ENV.runDir) !== undefined) {
    runDir = resolveFolder(root, env[SETTINGS_ENV.runDir]!.trim(), SETTINGS_ENV.runDir);
    sources.runDir = 'env';
  } else sources.runDir = 'default';

  const thresholdOptions: Partial<Record<ThresholdName, number>> = {};
  for (const name of Object.keys(NUMBER_RULES) as ThresholdName[]) {
    const option = o[name];
    if (option !== undefined) {
      thresholdOptions[name] = checkNumber(name, name, option, String(option));
      sources[name] = 'option';
    } else {
      const value = envNumber(env, name);
      if (value !== undefined) thresholdOptions[name] = value;
      sources[name] = value === undefined ? 'default' : 'env';
    }
  }
  // The comparison's own resolver supplies the defaults (and anything it learns to read later).
  const thresholds = resolveThresholds(thresholdOptions, env);

  const [update, updateSource] = pick(o.update, () => envBoolean(env, SETTINGS_ENV.update), defaults.update ?? false);
  const [failOnRegression, failSource] = pick(o.failOnRegression, () => envBoolean(env, SETTINGS_ENV.failOnRegression), defaults.failOnRegression ?? false);
  const [confirm, confirmSource] = pick(o.confirm, () => envBoolean(env, SETTINGS_ENV.confirm), true);
  sources.update = updateSource;
  sources.failOnRegression = failSource;
  sources.confirm = confirmSource;

  let machineLabel: string | undefined;
  if (o.machineLabel !== undefined && o.machineLabel.trim() !== '') {
    machineLabel = checkMachineLabel(o.machineLabel, 'machineLabel');
    sources.machineLabel = 'option';
  } else if (rawEnv(env, SETTINGS_ENV.machineLabel) !== undefined) {
    machineLabel = checkMachineLabel(env[SETTINGS_ENV.machineLabel]!, SETTINGS_ENV.machineLabel);
    sources.machineLabel = 'env';
  } else sources.machineLabel = 'default';

  return { rootDir: root, baselinesDir, reportDir, runDir, thresholds, update, failOnRegression, confirm, machineLabel, sources };
}

/**
 * The settings as environment variables, for a child process (Jest started by `hf-convert test`)
 * that resolves them again: paths absolute, every value explicit. HF_RUN_DIR and HF_MACHINE_LABEL
 * only when set.
 */
export function settingsToEnv(settings: BaselineSettings): Record<string, string> {
  const out: Record<string, string> = {
    [SETTINGS_ENV.baselinesDir]: settings.baselinesDir,
    [SETTINGS_ENV.update]: settings.update ? '1' : '0',
    [SETTINGS_ENV.failOnRegression]: settings.failOnRegression ? '1' : '0',
    [SETTINGS_ENV.confirm]: settings.confirm ? '1' : '0',
    [SETTINGS_ENV.tolerance]: String(settings.thresholds.tolerance),
    [SETTINGS_ENV.memoryTolerance]: String(settings.thresholds.memoryTolerance),
    [SETTINGS_ENV.alpha]: String(settings.thresholds.alpha),
    [SETTINGS_ENV.minSamples]: String(settings.thresholds.minSamples),
    [SETTINGS_ENV.minBaselineRuns]: String(settings.thresholds.minBaselineRuns),
  };
  if (settings.runDir !== undefined) out[SETTINGS_ENV.runDir] = settings.runDir;
  if (settings.machineLabel !== undefined) out[SETTINGS_ENV.machineLabel] = settings.machineLabel;
  return out;
}

/** A path for messages: relative to the working folder when inside it, else absolute. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** "HF_BASELINES_DIR" / "--baselines-dir" / "default": for a line saying where a folder came from. */
export function describeSource(source: SettingSource, envName: string, optionName: string): string {
  return source === 'env' ? envName : source === 'option' ? optionName : 'default';
}
