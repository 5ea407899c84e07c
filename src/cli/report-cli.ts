import type { Command } from 'commander';
import type { CommandResult } from './baselines-command';
import type { CliIo } from './index';
import { count, ratio } from './number-args';

/** Loaded only when `hf-convert report` runs. */
const command = () => require('./report-command') as typeof import('./report-command');


/** `hf-convert report [runDir] --out report.html`. */
export function addReportCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const finish = (result: CommandResult) => {
    if (result.log) io.stderr.write(result.log);
    (result.exitCode === 0 ? io.stdout : io.stderr).write(result.text);
    setExit(result.exitCode);
  };
  program
    .command('report')
    .description('write one self-contained HTML page for a run: coverage matrix, regressions, time charts (default run: $HF_RUN_DIR, else the latest)')
    .argument('[runDir]', 'run directory (.hf-convert/runs/<id>)')
    .option('-o, --out <file>', 'the HTML file to write (default <runDir>/report.html)')
    .option('--root <dir>', 'project root that baselines/ and .hf-convert/runs/ are relative to', process.cwd())
    .option('--baselines-dir <dir>', 'baselines folder (default $HF_BASELINES_DIR, else <root>/baselines)')
    .option('--tolerance <ratio>', 'relative change that counts for time and throughput (default 0.2)', ratio)
    .option('--memory-tolerance <ratio>', 'relative change that counts for memory (default 0.1)', ratio)
    .option('--alpha <p>', 'significance level (default 0.01)', ratio)
    .option('--min-samples <n>', 'fewer samples than this is insufficient data (default 5)', count)
    .option('--min-runs <n>', 'recorded runs before the run-level test applies (default 3)', count)
    .action((runDir: string | undefined, o) =>
      finish(command().htmlReport({
        rootDir: o.root, runDir, out: o.out, baselinesDir: o.baselinesDir, tolerance: o.tolerance, memoryTolerance: o.memoryTolerance,
        alpha: o.alpha, minSamples: o.minSamples, minBaselineRuns: o.minRuns,
      })));
}
