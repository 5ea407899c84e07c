import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import type { CommandResult } from './baselines-command';
import type { CliIo } from './index';
import { count, ratio } from './number-args';

/** `hf-convert baselines …` and `hf-convert test …`, added to the main program. */
/** The baseline commands pull in zod and the statistics: loaded only when one of them runs. */
const commands = () => require('./baselines-command') as typeof import('./baselines-command');

export function addBaselineCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const finish = (result: CommandResult) => {
    if (result.log) io.stderr.write(result.log);
    // A regression (exit 1) is still a result: a table or report on stdout, so `diff --format markdown >> file` gets it.
    (result.exitCode === 2 ? io.stderr : io.stdout).write(result.text.endsWith('\n') || result.text === '' ? result.text : `${result.text}\n`);
    setExit(result.exitCode);
  };
  const common = (cmd: Command) =>
    cmd
      .option('--root <dir>', 'project root that baselines/ and .hf-convert/runs/ are relative to', process.cwd())
      .option('--baselines-dir <dir>', 'baselines folder (default $HF_BASELINES_DIR, else <root>/baselines)');
  const baselines = program.command('baselines').description('show, compare, update, merge and prune performance baselines');

  common(baselines.command('show').description('print stored baselines'))
    .option('--device <device>', 'only this device')
    .option('--suite <suite>', 'only suites containing this text')
    .option('--metric <metric>', 'only this metric')
    .option('--json', 'as JSON')
    .action((o) => finish(commands().baselinesShow({ rootDir: o.root, baselinesDir: o.baselinesDir, device: o.device, suite: o.suite, metric: o.metric, json: o.json })));

  common(baselines.command('diff').description('compare run results with the baselines (default: $HF_RUN_DIR, else the latest run)').argument('[runDirs...]', 'run directories (.hf-convert/runs/<id>)'))
    .option('--tolerance <ratio>', 'relative change that counts for time and throughput (default 0.2)', ratio)
    .option('--memory-tolerance <ratio>', 'relative change that counts for memory (default 0.1)', ratio)
    .option('--alpha <p>', 'significance level (default 0.01)', ratio)
    .option('--min-samples <n>', 'fewer samples than this is insufficient data (default 5)', count)
    .option('--min-runs <n>', 'recorded runs before the run-level test applies (default 3)', count)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'markdown', 'json']).default('table'))
    .option('--fail-on-regression', 'exit 1 when a regression is found (the default, unless HF_FAIL_ON_REGRESSION=0)')
    .option('--no-fail-on-regression', 'exit 0 even when a regression is found')
    .action((runDirs: string[], o) =>
      finish(commands().baselinesDiff({
        rootDir: o.root, baselinesDir: o.baselinesDir, runDirs: runDirs.length ? runDirs : undefined, tolerance: o.tolerance,
        memoryTolerance: o.memoryTolerance, alpha: o.alpha, minSamples: o.minSamples, minBaselineRuns: o.minRuns, format: o.format, failOnRegression: o.failOnRegression,
      })));

  common(baselines.command('update').description('record a run (default: $HF_RUN_DIR, else the latest) into the baselines').argument('[runDir]', 'run directory'))
    .option('--include-failed', 'also take measurements from suites that failed')
    .action((runDir: string | undefined, o) => finish(commands().baselinesUpdate({ rootDir: o.root, baselinesDir: o.baselinesDir, runDir, includeFailed: o.includeFailed })));

  common(baselines.command('merge').description('merge the run directories of several shards into the baselines').argument('<runDirs...>', 'run directories, one per shard'))
    .option('--include-failed', 'also take measurements from suites that failed')
    .action((runDirs: string[], o) => finish(commands().baselinesMerge({ rootDir: o.root, baselinesDir: o.baselinesDir, runDirs, includeFailed: o.includeFailed })));

  common(baselines.command('prune').description('drop baseline entries that are old or belong to suites that no longer exist'))
    .option('--older-than-days <days>', 'drop entries not recorded for this many days', count)
    .option('--keep-suites <suites...>', 'drop entries of every other suite')
    .option('--dry-run', 'say what would be dropped')
    .action((o) => finish(commands().baselinesPrune({ rootDir: o.root, baselinesDir: o.baselinesDir, olderThanDays: o.olderThanDays, keepSuites: o.keepSuites, dryRun: o.dryRun })));

  program
    .command('test')
    .description('run the model suites with Jest (extra arguments go to Jest; default --selectProjects models)')
    .option('--update-baselines', 'record this run into the baselines (suites that passed only)')
    .option('--no-update-baselines', 'do not, even when HF_UPDATE_BASELINES=1')
    .option('--baseline-tolerance <ratio>', 'relative change that counts as a regression (default 0.2)', ratio)
    .option('--baselines-dir <dir>', 'baselines folder (default $HF_BASELINES_DIR, else ./baselines)')
    .option('--fail-on-regression', 'exit non-zero when a regression is found')
    .option('--no-fail-on-regression', 'do not, even when HF_FAIL_ON_REGRESSION=1')
    .argument('[jestArgs...]', 'arguments for Jest')
    .allowUnknownOption()
    .helpOption('--hf-help', 'help for hf-convert test (--help goes to Jest)')
    .action((jestArgs: string[], o) => setExit(runJest(jestArgs, o, io)));
}

interface TestFlags {
  updateBaselines?: boolean;
  baselineTolerance?: number;
  baselinesDir?: string;
  failOnRegression?: boolean;
}

/**
 * The environment `hf-convert test` gives Jest: the baseline settings resolved like everywhere else
 * (flags over HF_* variables over defaults) and written back as explicit variables for the reporter
 * inside Jest, plus the line saying where the baselines are. Throws BaselineSettingsError on a bad variable.
 */
export function testCommandEnv(o: TestFlags, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): { env: NodeJS.ProcessEnv; line: string } {
  const { describeSource, displayPath, resolveBaselineSettings, settingsToEnv } = require('../reporter/settings') as typeof import('../reporter/settings');
  const settings = resolveBaselineSettings(cwd, { update: o.updateBaselines, failOnRegression: o.failOnRegression, tolerance: o.baselineTolerance, baselinesDir: o.baselinesDir }, env);
  const from = describeSource(settings.sources.baselinesDir, 'HF_BASELINES_DIR', '--baselines-dir');
  const line = `hf-convert test: baselines in ${displayPath(settings.baselinesDir, cwd)} (${from})${settings.update ? ', recording this run' : ''}\n`;
  return { env: { ...env, ...settingsToEnv(settings) }, line };
}

function runJest(jestArgs: string[], o: TestFlags, io: CliIo): number {
  // The reporter inside Jest resolves the settings again from the environment; resolving them here
  // first applies the flags with the same precedence and rejects a bad variable before Jest starts.
  let prepared: ReturnType<typeof testCommandEnv>;
  try {
    prepared = testCommandEnv(o);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    io.stderr.write(`hf-convert test: ${error.message}\n`);
    return 2;
  }
  let jestBin: string;
  try {
    jestBin = require.resolve('jest/bin/jest', { paths: [process.cwd()] });
  } catch {
    io.stderr.write('hf-convert test: Jest is not installed in this project (npm install --save-dev jest)\n');
    return 2;
  }
  const args = jestArgs.some((a) => a === '--selectProjects' || a.startsWith('--selectProjects=')) ? jestArgs : ['--selectProjects', 'models', ...jestArgs];
  const env = prepared.env;
  io.stderr.write(prepared.line);
  const child = spawnSync(process.execPath, [jestBin, ...args], { stdio: 'inherit', env, cwd: process.cwd() });
  if (child.error) {
    io.stderr.write(`hf-convert test: cannot start Jest (${path.relative(process.cwd(), jestBin)}): ${child.error.message}\n`);
    return 3;
  }
  return child.status ?? 1;
}


