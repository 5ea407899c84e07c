/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

/**
 * Two projects:
 * - `framework`: the toolkit's own tests (what plain `jest` / `npm test` runs).
 * - `models`: every generated model suite, wherever `hf-convert --out` put it. Jest has no
 *   off-by-default project, so it is added only when asked for on the command line
 *   (`--selectProjects models`) or with HF_RUN_MODEL_TESTS=1.
 */
const argv = process.argv.join(' ');
const wantModels = /--selectProjects[= ](\S*,)?\s*models\b/.test(argv) || /--selectProjects(?:[= ]\S+)*\s+models\b/.test(argv) || process.env.HF_RUN_MODEL_TESTS === '1';

const transform: Config['transform'] = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
};

const framework: Config = {
  displayName: 'framework',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform,
  testEnvironment: 'node',
};

const models: Config = {
  displayName: 'models',
  // Generated suites are named `<model_type>.test.ts` under a category folder; match them by the
  // generated-file marker in their path pattern, not by a fixed folder, so `--out` anywhere works.
  testMatch: ['**/{text,vision,audio,multimodal,other,unknown}/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/', '<rootDir>/legacy-tests/', '<rootDir>/.tmp/', '<rootDir>/templates/'],
  transform,
  testEnvironment: '<rootDir>/src/runtime/jest-environment.ts',
  // Inside this repository the runtime is the source itself; in a user's repository
  // `hf-convert/runtime` resolves through the package's `exports` to the compiled build.
  moduleNameMapper: { '^hf-convert/runtime$': '<rootDir>/src/runtime/index.ts' },
};

const config: Config = {
  projects: wantModels ? [framework, models] : [framework],
};

export default config;
