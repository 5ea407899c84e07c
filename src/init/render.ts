/** The code `hf-convert init` adds to a Jest config: pure text, no file access. */

import { SANDBOX_INJECTED_GLOBALS } from '../runtime/sandbox-globals';

export type Transformer = 'ts-jest' | '@swc/jest';

export interface RenderOptions {
  /** Output folder of the generated suites, relative to the repository root, posix separators, no trailing slash. */
  out: string;
  transformer: Transformer;
  /** TypeScript config (type annotations). */
  typescript: boolean;
}

/** Names of what init declares in a config; their presence is how a rerun recognises its own work. */
export const MODELS_PROJECT = 'hfConvertModels';
export const WANT_MODELS = 'hfConvertWantModels';
export const SELECTED_PROJECTS = 'hfConvertSelectedProjects';
export const PATHS = 'hfConvertSelectedPaths';
export const IS_PATH = 'hfConvertIsPath';
export const MODELS_ONLY = 'hfConvertModelsOnly';
export const REPORTER = 'hf-convert/reporter';
export const ENVIRONMENT = 'hf-convert/jest-environment';

export function transformText(transformer: Transformer): string {
  return transformer === 'ts-jest'
    ? String.raw`{ '^.+\\.tsx?$': 'ts-jest' }`
    : String.raw`{ '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] }`;
}

export function testMatchGlob(out: string): string {
  return `<rootDir>/${out}/**/*.test.ts`;
}

export function ignorePattern(out: string): string {
  return `<rootDir>/${out}/`;
}

/** The statements declared before the exported config: the models project and whether it was asked for. */
export function helperBlock(options: RenderOptions): string {
  const ts = options.typescript;
  return [
    `// hf-convert (written by \`hf-convert init\`): the \`models\` project runs the generated suites in ${options.out}/,`,
    `// only when selected (\`jest --selectProjects models\`, \`npm run test:models\`) or with HF_RUN_MODEL_TESTS=1.`,
    `function ${SELECTED_PROJECTS}()${ts ? ': string[]' : ''} {`,
    `  const args = process.argv.slice(2);`,
    `  const names${ts ? ': string[]' : ''} = [];`,
    `  for (let i = 0; i < args.length; i++) {`,
    `    if (args[i].startsWith('--selectProjects=')) names.push(...args[i].slice('--selectProjects='.length).split(','));`,
    `    else if (args[i] === '--selectProjects') while (i + 1 < args.length && !args[i + 1].startsWith('-')) names.push(args[++i]);`,
    `  }`,
    `  return names;`,
    `}`,
    `const ${WANT_MODELS} = process.env.HF_RUN_MODEL_TESTS === '1' || ${SELECTED_PROJECTS}().includes('models');`,
    `// Jest takes every value after --selectProjects as a project name; paths there (\`npm run test:models -- ${options.out}/text\`)`,
    `// narrow the models project instead of being ignored.`,
    `const ${IS_PATH} = (v${ts ? ': string' : ''}) => v.includes('/') || /\\.[cm]?[jt]sx?$/.test(v);`,
    `// Only the models selected: one suite at a time (they measure latency; two suites would contend for the cores).`,
    `const ${MODELS_ONLY} = ${SELECTED_PROJECTS}().includes('models') && ${SELECTED_PROJECTS}().every((v) => v === 'models' || ${IS_PATH}(v));`,
    `const ${PATHS} = ${SELECTED_PROJECTS}()`,
    `  .filter(${IS_PATH})`,
    `  .map((v) => (v.startsWith('/') ? v : \`<rootDir>/\${v.replace(/^\\.\\//, '')}\`).replace(/\\/+$/, ''));`,
    `const ${MODELS_PROJECT}${ts ? ": import('jest').Config" : ''} = {`,
    `  displayName: 'models',`,
    `  testMatch: ${PATHS}.length ? ${PATHS}.flatMap((p) => [p, \`\${p}/**/*.test.ts\`]) : [${quote(testMatchGlob(options.out))}],`,
    `  testEnvironment: ${quote(ENVIRONMENT)},`,
    `  // Built-ins read as locals: global reads inside Jest's vm context are 50-200x slower in hot loops.`,
    `  sandboxInjectedGlobals: [${SANDBOX_INJECTED_GLOBALS.map(quote).join(', ')}],`,
    `  transform: ${transformText(options.transformer)},`,
    `  // Loading a model once per suite can take longer than Jest's default 5 s.`,
    `  testTimeout: 60000,`,
    `};`,
  ].join('\n');
}

/** `projects` for a config that had none: its own tests stay the root project (`<rootDir>`), run beside the models. */
export function projectsForRootConfig(): string {
  return `${WANT_MODELS} ? [...(${SELECTED_PROJECTS}().length ? [] : ['<rootDir>']), ${MODELS_PROJECT}] : []`;
}

/** The element appended to an existing `projects` array. */
export function projectsElement(): string {
  return `...(${WANT_MODELS} ? [${MODELS_PROJECT}] : [])`;
}

export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** What to add by hand when init refuses to patch a config. */
export function manualInstructions(options: RenderOptions, hasProjects: boolean): string {
  return [
    helperBlock(options),
    '',
    '// and in the exported config object:',
    hasProjects ? `//   projects: [/* your projects */, ${projectsElement()}],` : `//   projects: ${projectsForRootConfig()},`,
    ...(hasProjects ? [] : [`//   testPathIgnorePatterns: ['/node_modules/', ${quote(ignorePattern(options.out))}],`]),
    `//   reporters: ['default', ${quote(REPORTER)}],`,
    `//   ...${maxWorkersExpression()},`,
  ].join('\n');
}

/** Spread into a config that sets no `maxWorkers`: 1 for a models-only run (a `-w`/`-i` on the command line still wins). */
export function maxWorkersExpression(): string {
  return `(${MODELS_ONLY} ? { maxWorkers: 1 } : {})`;
}
