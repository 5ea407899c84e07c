import * as fs from 'node:fs';
import * as path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { convert, isOutOfDate, type ConversionResult } from '../convert';
import { writeFileAtomic } from '../emit';
import { VERSION } from '../index';
import { addBaselineCommands } from './baselines-cli';
import { addInitCommand } from './init-cli';
import { addModelCommands } from './models-cli';
import { addReportCommand } from './report-cli';
import { createProgressReporter } from './progress';
import { colorsFor } from '../util/color';
import { formatSummary, summarise } from './summary';

/** Exit codes; documented in the README. */
export const EXIT = { ok: 0, failure: 1, usage: 2, internal: 3 } as const;

class UsageError extends Error {}

interface ConvertFlags {
  recursive: boolean;
  include?: string[];
  exclude?: string[];
  out: string;
  dryRun?: boolean;
  check?: boolean;
  force?: boolean;
  failOnError?: boolean;
  json?: boolean;
  manifest?: string;
  jobs?: number;
  cache: boolean;
  cacheDir?: string;
  maxFileSize: number;
  progress: boolean;
}

export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Runs the CLI and returns the exit code (never calls process.exit, so it is testable in-process). */
export async function main(argv: string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('hf-convert')
    .description('Convert legacy Hugging Face model test scripts into one Jest suite per model type.')
    .version(VERSION)
    .argument('<paths...>', 'legacy test files or folders to scan')
    .option('-r, --recursive', 'scan folders recursively (the default)', true)
    .option('--no-recursive', 'scan only the top level of each folder')
    .option('--include <globs...>', 'only consider files matching these globs (relative to each scanned folder)')
    .option('--exclude <globs...>', 'skip files matching these globs')
    .option('-o, --out <dir>', 'output folder for generated suites', 'generated')
    .option('--dry-run', 'write nothing; say what would change')
    .option('--check', 'write nothing; exit 1 when the output is out of date (for CI)')
    .option('--force', 'overwrite generated files edited by hand, and files hf-convert did not write')
    .option('--fail-on-error', 'exit 1 when any legacy file failed to convert')
    .option('--json', 'print the result as JSON on stdout (the summary goes to stderr)')
    .option('--manifest <file>', 'write one JSON object per legacy file (JSON Lines)')
    .addOption(new Option('-j, --jobs <n>', 'threads to analyse files on (default: CPU count)').argParser(positiveInt))
    .option('--no-cache', 'do not read or write the analysis cache')
    .option('--cache-dir <dir>', 'analysis cache folder (default: node_modules/.cache/hf-convert)')
    .addOption(new Option('--max-file-size <size>', 'skip files larger than this (e.g. 2mb, 500kb)').default(4 * 1024 * 1024, '4mb').argParser(byteSize))
    .option('--no-progress', 'no progress bar or progress lines')
    .showHelpAfterError('(run hf-convert --help for usage)')
    // Without this the root's --dry-run and --json would swallow `baselines prune --dry-run` and `baselines show --json`.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .action(async (paths: string[], flags: ConvertFlags) => {
      exitCode = await runConvert(paths, flags, io);
    });
  addBaselineCommands(program, io, (code) => {
    exitCode = code;
  });
  addModelCommands(program, io, (code) => {
    exitCode = code;
  });
  addInitCommand(program, io, (code) => {
    exitCode = code;
  });
  addReportCommand(program, io, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0 through the same path.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`hf-convert: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`hf-convert: internal error: ${(error as Error).stack ?? error}\n`);
    return EXIT.internal;
  }
}

async function runConvert(paths: string[], flags: ConvertFlags, io: CliIo): Promise<number> {
  if (flags.dryRun && flags.check) throw new UsageError('--dry-run and --check do not go together: --check already writes nothing');
  const missing = paths.filter((p) => !fs.existsSync(p));
  if (missing.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
  const outDir = path.resolve(flags.out);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw new UsageError(`--out ${flags.out} is not a folder`);
  if (flags.manifest && fs.existsSync(flags.manifest) && fs.statSync(flags.manifest).isDirectory()) {
    throw new UsageError(`--manifest ${flags.manifest} is a folder; give a file path`);
  }

  const progress = createProgressReporter(io.stderr, flags.progress && !flags.json);
  let result: ConversionResult;
  try {
    result = await convert({
      paths,
      recursive: flags.recursive,
      include: flags.include,
      exclude: flags.exclude,
      outDir,
      dryRun: Boolean(flags.dryRun || flags.check),
      force: Boolean(flags.force),
      jobs: flags.jobs,
      cacheDir: flags.cache ? flags.cacheDir : false,
      maxFileBytes: flags.maxFileSize,
      onProgress: (p) => progress.update(p),
    });
  } finally {
    progress.stop();
  }

  const summary = summarise(result);
  const text = formatSummary(summary, result, { dryRun: Boolean(flags.dryRun), check: Boolean(flags.check), colors: colorsFor(flags.json ? io.stderr : io.stdout) });
  if (flags.json) {
    io.stderr.write(text + '\n');
    io.stdout.write(JSON.stringify({ summary, records: result.records, changes: result.changes.map(({ content, ...c }) => c) }, null, 2) + '\n');
  } else {
    io.stdout.write(text + '\n');
  }
  if (flags.manifest) writeFileAtomic(path.resolve(flags.manifest), result.records.map((r) => JSON.stringify(r)).join('\n') + '\n');

  if (flags.check && isOutOfDate(result)) {
    io.stderr.write(`hf-convert --check: ${path.relative(process.cwd(), outDir) || '.'} is out of date; run hf-convert without --check to update it\n`);
    return EXIT.failure;
  }
  if (flags.failOnError && summary.failed > 0) {
    io.stderr.write(`hf-convert: ${summary.failed} legacy file(s) failed to convert (--fail-on-error)\n`);
    return EXIT.failure;
  }
  return EXIT.ok;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function byteSize(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected a size such as 500kb, 2mb or 1048576');
  const unit = (match[2] ?? 'b').toLowerCase()[0];
  const factor = unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1;
  return Math.round(Number(match[1]) * factor);
}
