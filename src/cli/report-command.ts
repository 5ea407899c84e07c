/** `hf-convert report [runDir] --out report.html`: one self-contained HTML page for a run folder. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BaselineFileError } from '../baselines';
import { loadHtmlReportInput, renderHtmlReport } from '../report-html';
import { displayPath, resolveBaselineSettings } from '../reporter/settings';
import { resolveRunDirs, UsageError, type CommandResult } from './baselines-command';

export interface ReportCommandOptions {
  rootDir: string;
  /** Default: HF_RUN_DIR, else the latest run under .hf-convert/runs. */
  runDir?: string;
  /** Default `<runDir>/report.html`. Relative to the working folder. */
  out?: string;
  baselinesDir?: string;
  tolerance?: number;
  memoryTolerance?: number;
  alpha?: number;
  minSamples?: number;
  minBaselineRuns?: number;
  env?: NodeJS.ProcessEnv;
  now?: Date;
}

export function htmlReport(options: ReportCommandOptions): CommandResult {
  try {
    const settings = resolveBaselineSettings(
      options.rootDir,
      { baselinesDir: options.baselinesDir, tolerance: options.tolerance, memoryTolerance: options.memoryTolerance, alpha: options.alpha, minSamples: options.minSamples, minBaselineRuns: options.minBaselineRuns },
      options.env ?? process.env,
    );
    const [runDir] = resolveRunDirs(options.rootDir, options.runDir ? [options.runDir] : undefined, settings);
    const input = loadHtmlReportInput(runDir, settings.baselinesDir, settings.thresholds, options.now);
    const out = path.resolve(options.out ?? path.join(runDir, 'report.html'));
    if (fs.existsSync(out) && fs.statSync(out).isDirectory()) return { text: `hf-convert report: --out ${options.out} is a folder; give a file path\n`, exitCode: 2 };
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, renderHtmlReport(input));
    const suites = input.suites ? `${new Set(input.suites.map((s) => s.suite)).size} suite(s)` : 'no suites.json';
    const log = `read run ${displayPath(runDir)} (${input.records.length} record(s), ${suites}); baselines in ${displayPath(settings.baselinesDir)}\n`;
    return { text: `wrote ${displayPath(out)}\n`, log, exitCode: 0 };
  } catch (error) {
    if (error instanceof BaselineFileError || error instanceof RangeError || error instanceof UsageError) {
      return { text: `hf-convert report: ${error.message}\n`, exitCode: 2 };
    }
    throw error;
  }
}
