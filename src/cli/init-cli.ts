import type { Command } from 'commander';
import type { CliIo } from './index';

interface InitFlags {
  root: string;
  out: string;
  legacy: string;
  dryRun?: boolean;
  install?: boolean;
}

/** `hf-convert init`, added to the main program. ts-morph (and TypeScript) load only when it runs. */
export function addInitCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('set this repository up for generated model suites: the Jest models project, npm scripts, .gitignore')
    .option('--root <dir>', 'the repository root (where package.json is)', '.')
    .option('-o, --out <dir>', 'output folder of the generated suites', 'generated')
    .option('--legacy <dir>', 'folder of legacy test scripts the convert script converts', 'legacy-tests')
    .option('--dry-run', 'write nothing; print what would change')
    .option('--install', 'install @swc/core and @swc/jest when the transform they provide is missing')
    .action((flags: InitFlags) => {
      setExit(runInit(flags, io));
    });
}

export function runInit(flags: InitFlags, io: CliIo): number {
  const init = require('../init') as typeof import('../init');
  let plan;
  try {
    plan = init.planInit({ root: flags.root, out: flags.out, legacy: flags.legacy });
  } catch (error) {
    if (error instanceof init.InitUsageError) {
      io.stderr.write(`hf-convert init: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (plan.refusal) {
    io.stderr.write(init.formatPlan(plan));
    return 2;
  }
  io.stdout.write(init.formatPlan(plan, { dryRun: flags.dryRun, install: flags.install }));
  const result = init.applyInit(plan, { dryRun: flags.dryRun, install: flags.install });
  if (result.installStatus !== undefined && result.installStatus !== 0) {
    io.stderr.write(`hf-convert init: ${plan.install!.join(' ')} failed (exit ${result.installStatus}); run it yourself\n`);
    return 3;
  }
  return 0;
}
