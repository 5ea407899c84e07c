/** @jest-config-loader esbuild-register */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Config } from 'jest';
import { SANDBOX_INJECTED_GLOBALS } from './src/runtime/sandbox-globals';

/**
 * Three projects:
 * - `framework`: the toolkit's own tests (what plain `jest` / `npm test` runs).
 * - `models`: every generated model suite, wherever `hf-convert --out` put it. Jest has no
 *   off-by-default project, so it is added only when asked for on the command line
 *   (`--selectProjects models`) or with HF_RUN_MODEL_TESTS=1.
 * - `package`: test/package, the packed package installed into a fresh repository and run there
 *   (`npm run test:package`, CI). About 45 s of builds, installs and Jest runs: added, like `models`,
 *   only when asked for (`--selectProjects package`) or with HF_RUN_PACKAGE_TEST=1.
 */
const selected = selectedProjects(process.argv.slice(2));
const wantModels = selected.names.includes('models') || process.env.HF_RUN_MODEL_TESTS === '1';
const wantPackage = selected.names.includes('package') || process.env.HF_RUN_PACKAGE_TEST === '1';

/**
 * The values after `--selectProjects` (Jest takes them all as project names, so in
 * `jest --selectProjects models generated/vision` the folder would silently be ignored and every
 * suite would run). Values that are existing paths become the models project's scope instead.
 */
function selectedProjects(args: string[]): { names: string[]; paths: string[] } {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--selectProjects=')) values.push(...arg.slice('--selectProjects='.length).split(','));
    else if (arg === '--selectProjects') {
      for (i++; i < args.length && !args[i].startsWith('-'); i++) values.push(args[i]);
      i--;
    }
  }
  const paths = values.filter((v) => v !== 'models' && v !== 'framework' && v !== 'package' && fs.existsSync(v));
  return { names: values, paths: paths.map((p) => path.resolve(p)) };
}

const transform: Config['transform'] = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
};

// Built-ins read as locals, not through the vm context's slow global lookup (see the module).
const sandboxInjectedGlobals = [...SANDBOX_INJECTED_GLOBALS];

const framework: Config = {
  displayName: 'framework',
  sandboxInjectedGlobals,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/'],
  transform,
  // Jest's node environment with a V8 code cache for what a worker compiles again per test file.
  testEnvironment: '<rootDir>/test/code-cache-environment.ts',
};

const packageProject: Config = {
  displayName: 'package',
  sandboxInjectedGlobals,
  testMatch: ['<rootDir>/test/package/**/*.test.ts'],
  transform,
  testEnvironment: 'node',
};

/** Generated suites are `<category>/<model_type>.test.ts`: matched by that shape, not by a fixed folder. */
const SUITE_PATTERN = '{text,vision,audio,multimodal,other,unknown}/*.test.ts';

const models: Config = {
  displayName: 'models',
  sandboxInjectedGlobals,
  testMatch: selected.paths.length
    ? selected.paths.map((p) => (fs.statSync(p).isDirectory() ? `${p}/**/*.test.ts` : p))
    : [`**/${SUITE_PATTERN}`],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/', '<rootDir>/legacy-tests/', '<rootDir>/.tmp/', '<rootDir>/templates/'],
  transform,
  testEnvironment: '<rootDir>/src/runtime/jest-environment.ts',
  // Inside this repository the runtime is the source itself; in a user's repository
  // `hf-convert/runtime` resolves through the package's `exports` to the compiled build.
  moduleNameMapper: { '^hf-convert/runtime$': '<rootDir>/src/runtime/index.ts' },
  // Loading a model once per suite can take longer than Jest's default 5 s on a loaded machine.
  testTimeout: 60_000,
};

const args = process.argv.slice(2);
const modelsOnly = selected.names.includes('models') && !selected.names.includes('framework');
const workersChosen = args.some((a) => /^(-w|-i|--runInBand|--maxWorkers)(=|$)/.test(a));

const config: Config = {
  projects: [framework, ...(wantModels ? [models] : []), ...(wantPackage ? [packageProject] : [])],
  // Model suites measure latency: one suite at a time, so two suites never contend for the cores
  // (a whole run takes as long in band as on two workers here, and its timings are comparable).
  // The framework's own tests use every core: Jest's default (cores - 1) leaves one of two idle.
  ...(workersChosen ? {} : modelsOnly ? { maxWorkers: 1 } : wantModels ? {} : { maxWorkers: os.availableParallelism() }),
  // On a cold cache (a fresh clone, CI) files marked `@long-running` start first instead of last.
  testSequencer: '<rootDir>/test/long-first-sequencer.cjs',
  // Compares the measurements model suites record with baselines/ (silent when a run records none).
  // The slowest test files, printed last, so a file that turns slow is seen in the run that makes it so.
  reporters: ['default', ['<rootDir>/bin/jest-reporter.cjs', {}], ['<rootDir>/bin/slowest-files-reporter.cjs', { count: 10 }]],
};

export default config;
