import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyInit, formatPlan, planInit, SWC_INSTALL } from '../../src/init';
import { mergeGitignore, mergeScripts } from '../../src/init/files';
import { patchJestConfig } from '../../src/init/patch-config';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';
import { SANDBOX_INJECTED_GLOBALS } from '../../src/runtime/sandbox-globals';

type Temp = ReturnType<typeof tempDir>;

const PKG = JSON.stringify({ name: 'user-repo', devDependencies: { jest: '30.0.0' } }, null, 2) + '\n';

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function init(t: Temp, extra: Parameters<typeof planInit>[0] extends infer O ? Partial<O> : never = {}) {
  const plan = planInit({ root: t.dir, ...extra });
  applyInit(plan);
  return plan;
}

/** Evaluates a CommonJS config the way Jest would see it for a given command line and environment. */
function evaluateCjs(text: string, argv: string[], env: Record<string, string> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'process', 'require', text)(module, module.exports, { argv: ['node', 'jest', ...argv], env }, require);
  return module.exports;
}

describe('hf-convert init', () => {
  let t: Temp;
  beforeEach(() => {
    t = tempDir('hf-convert-init-');
  });
  afterEach(() => t.cleanup());

  describe('each config format', () => {
    test('no config: writes jest.config.js (CommonJS) whose models project exists only when selected', () => {
      t.write('package.json', PKG);
      init(t);
      const text = fs.readFileSync(path.join(t.dir, 'jest.config.js'), 'utf8');
      expect(text).toContain('module.exports = {');
      const plain = evaluateCjs(text, []);
      expect(plain.projects).toEqual([]);
      expect(plain.testPathIgnorePatterns).toEqual(['/node_modules/', '<rootDir>/generated/']);
      expect(plain.reporters).toEqual(['default', 'hf-convert/reporter']);
      expect(plain.maxWorkers).toBeUndefined();
      expect(evaluateCjs(text, ['--selectProjects', 'models', 'generated/text']).maxWorkers).toBe(1);
      expect(evaluateCjs(text, ['--selectProjects', 'models', 'unit']).maxWorkers).toBeUndefined();

      const selected = evaluateCjs(text, ['--selectProjects', 'models']).projects as Record<string, unknown>[];
      expect(selected).toHaveLength(1);
      expect(selected[0]).toMatchObject({
        displayName: 'models',
        testMatch: ['<rootDir>/generated/**/*.test.ts'],
        testEnvironment: 'hf-convert/jest-environment',
      });
      // The same built-ins as the preset, handed to every module as locals (a real Jest option: Jest
      // rejects a name the environment lacks).
      expect(selected[0].sandboxInjectedGlobals).toEqual([...SANDBOX_INJECTED_GLOBALS]);
      expect(Object.values(selected[0].transform as object)[0][0]).toBe('@swc/jest');
      expect(Object.keys(selected[0].transform as object)[0]).toBe('^.+\\.(t|j)sx?$');
      expect(evaluateCjs(text, ['--selectProjects=models']).projects).toHaveLength(1);
      const narrowed = evaluateCjs(text, ['--selectProjects', 'models', './generated/vision/', '-t', 'cpu']).projects as Record<string, unknown>[];
      expect(narrowed[0].testMatch).toEqual(['<rootDir>/generated/vision', '<rootDir>/generated/vision/**/*.test.ts']);
      // The env var adds the models to the repository's own tests (the root project).
      const env = evaluateCjs(text, [], { HF_RUN_MODEL_TESTS: '1' }).projects as unknown[];
      expect(env[0]).toBe('<rootDir>');
      expect(env[1]).toMatchObject({ displayName: 'models' });
    });

    test('no config in an ESM package ("type": "module"): jest.config.js uses export default', () => {
      t.write('package.json', JSON.stringify({ name: 'esm', type: 'module' }));
      init(t);
      const text = fs.readFileSync(path.join(t.dir, 'jest.config.js'), 'utf8');
      expect(text).toContain('export default {');
      expect(text).not.toContain('module.exports');
    });

    test('jest.config.js (CommonJS): keeps its options, adds the models project, ignore pattern and reporter', () => {
      t.write('package.json', PKG);
      t.write('jest.config.js', "module.exports = {\n  testEnvironment: 'node',\n  testPathIgnorePatterns: ['/node_modules/', '/dist/'],\n  maxWorkers: 3,\n};\n");
      init(t);
      const text = fs.readFileSync(path.join(t.dir, 'jest.config.js'), 'utf8');
      const config = evaluateCjs(text, []);
      expect(config.testEnvironment).toBe('node');
      expect(config.testPathIgnorePatterns).toEqual(['/node_modules/', '/dist/', '<rootDir>/generated/']);
      expect(evaluateCjs(text, ['--selectProjects', 'models']).maxWorkers).toBe(3); // its own maxWorkers is kept
      expect((evaluateCjs(text, ['--selectProjects', 'models']).projects as unknown[])).toHaveLength(1);
    });

    test('jest.config.cjs naming its config: the models project is appended to its projects', () => {
      t.write('package.json', PKG);
      t.write('jest.config.cjs', "const config = {\n  projects: [{ displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.js'] }],\n  reporters: ['default', ['jest-junit', {}]],\n};\nmodule.exports = config;\n");
      const plan = init(t);
      const text = fs.readFileSync(path.join(t.dir, 'jest.config.cjs'), 'utf8');
      expect(fs.existsSync(path.join(t.dir, 'jest.config.js'))).toBe(false);
      expect(evaluateCjs(text, []).projects).toEqual([{ displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.js'] }]);
      const selected = evaluateCjs(text, ['--selectProjects', 'unit', 'models']).projects as Record<string, unknown>[];
      expect(selected.map((p) => p.displayName)).toEqual(['unit', 'models']);
      expect(evaluateCjs(text, []).reporters).toEqual(['default', ['jest-junit', {}], 'hf-convert/reporter']);
      // Projects of its own: no root-level ignore pattern is added; a note says to check them.
      expect(text).not.toContain('testPathIgnorePatterns');
      expect(plan.notes).toContain('your own projects keep their testMatch: check none of them also matches generated/');
    });

    test('jest.config.mjs with export default {…}', () => {
      t.write('package.json', PKG);
      t.write('jest.config.mjs', "export default {\n  verbose: true,\n};\n");
      init(t);
      const text = fs.readFileSync(path.join(t.dir, 'jest.config.mjs'), 'utf8');
      expect(text).toMatch(/export default \{\n  verbose: true,\n  projects: hfConvertWantModels/);
      expect(text).toContain("const hfConvertModels = {");
      expect(text.indexOf('const hfConvertModels')).toBeLessThan(text.indexOf('export default'));
    });

    test('jest.config.ts (typed const, satisfies): typed helpers, the object patched in place', () => {
      t.write('package.json', PKG);
      t.write('jest.config.ts', "import type { Config } from 'jest';\n\nconst config = {\n  testEnvironment: 'node',\n} satisfies Config;\n\nexport default config;\n");
      init(t);
      const text = fs.readFileSync(path.join(t.dir, 'jest.config.ts'), 'utf8');
      expect(text).toContain("const hfConvertModels: import('jest').Config = {");
      expect(text).toContain('function hfConvertSelectedProjects(): string[] {');
      expect(text).toMatch(/testEnvironment: 'node',\n  projects: hfConvertWantModels/);
      expect(text.indexOf("import type { Config } from 'jest';")).toBe(0);
      expect(text.indexOf('const hfConvertModels')).toBeLessThan(text.indexOf('const config'));
    });

    test('package.json "jest" key: moved into jest.config.js (JSON cannot select projects), removed from package.json', () => {
      t.write('package.json', JSON.stringify({ name: 'user-repo', jest: { testEnvironment: 'node', 'coverage-dir': 'x' } }, null, 2) + '\n');
      const plan = init(t);
      expect(plan.edits.map((e) => e.rel)).toEqual(['jest.config.js', 'package.json', '.gitignore']);
      const pkg = JSON.parse(fs.readFileSync(path.join(t.dir, 'package.json'), 'utf8'));
      expect(pkg.jest).toBeUndefined();
      const config = evaluateCjs(fs.readFileSync(path.join(t.dir, 'jest.config.js'), 'utf8'), []);
      expect(config).toMatchObject({ testEnvironment: 'node', 'coverage-dir': 'x', projects: [] });
    });
  });

  test.each([
    ['none', {}],
    ['.js', { 'jest.config.js': "module.exports = { testEnvironment: 'node' };\n" }],
    ['.cjs', { 'jest.config.cjs': "module.exports = { projects: ['<rootDir>/packages/*'] };\n" }],
    ['.mjs', { 'jest.config.mjs': 'export default {};\n' }],
    ['.ts', { 'jest.config.ts': "import type { Config } from 'jest';\nexport default { verbose: true } satisfies Config;\n" }],
    ['package.json "jest"', { 'package.json': JSON.stringify({ name: 'x', jest: { verbose: true } }) }],
  ])('idempotent (%s): a second run changes nothing and says so', (_name, files: Record<string, string>) => {
    t.write('package.json', PKG);
    for (const [f, content] of Object.entries(files)) t.write(f, content);
    init(t);
    const after = snapshot(t.dir);
    const again = planInit({ root: t.dir });
    expect(again.edits).toEqual([]);
    expect(again.refusal).toBeUndefined();
    expect(formatPlan(again)).toContain('already set up: nothing to change');
    applyInit(again);
    expect(snapshot(t.dir)).toEqual(after);
  });

  test('--dry-run writes nothing but prints the changes', async () => {
    t.write('package.json', PKG);
    t.write('jest.config.js', 'module.exports = {};\n');
    const before = snapshot(t.dir);
    const result = await runCli('init', '--root', t.dir, '--dry-run');
    expect(result.code).toBe(0);
    expect(snapshot(t.dir)).toEqual(before);
    expect(result.stdout).toContain('update jest.config.js');
    expect(result.stdout).toContain("+   testEnvironment: 'hf-convert/jest-environment',");
    expect(result.stdout).toContain('+     "convert": "hf-convert --recursive legacy-tests",');
    expect(result.stdout).toContain('create .gitignore');
    expect(result.stdout).toContain('dry run: nothing written (3 file(s) would change)');
  });

  test('the CLI writes, then says a rerun has nothing to do', async () => {
    t.write('package.json', PKG);
    expect((await runCli('init', '--root', t.dir)).code).toBe(0);
    const second = await runCli('init', '--root', t.dir);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already set up: nothing to change');
  });

  describe('refusals: exit 2, what was found, what to add by hand, nothing written', () => {
    test.each([
      ['a function', 'jest.config.js', 'module.exports = async () => ({ verbose: true });\n', 'a config that is a function'],
      ['a defineConfig-like wrapper', 'jest.config.mjs', "import { defineConfig } from 'x';\nexport default defineConfig({});\n", 'wrapped in a call (`defineConfig(…)`)'],
      ['a config from another file', 'jest.config.js', "module.exports = require('./jest.base.js');\n", "a config loaded from another file (`require('./jest.base.js')`)"],
      ['a computed config', 'jest.config.js', "const a = {};\nconst b = {};\nmodule.exports = process.env.CI ? a : b;\n", 'an exported `process.env.CI ? a : b`'],
      ['a computed projects', 'jest.config.js', "const projects = ['a'];\nmodule.exports = { projects: projects.map((p) => p) };\n", '`projects: projects.map((p) => p)`'],
      ['a conflicting models project', 'jest.config.js', "module.exports = { projects: [{ displayName: 'models', testMatch: ['<rootDir>/e2e/**'] }] };\n", 'a `models` project already in `projects`'],
      ['a conflicting models project ({ name })', 'jest.config.ts', "const models = { displayName: { name: 'models', color: 'blue' } };\nexport default { projects: [models] };\n", 'a `models` project already in `projects`'],
      ['a spread with no projects of its own', 'jest.config.js', "const base = require('./base');\nmodule.exports = { ...base };\n", 'spreads another one'],
      ['assignments to exports', 'jest.config.js', 'module.exports = {};\nmodule.exports.projects = [];\n', 'assignment to `module.exports.projects`'],
      ['a config mutated after', 'jest.config.js', 'const config = {};\nconfig.projects = [];\nmodule.exports = config;\n', '`config.projects =`'],
      ['no export', 'jest.config.js', "console.log('hi');\n", 'no `module.exports = …` or `export default …`'],
      ['a JSON config', 'jest.config.json', '{}', 'a JSON config (jest.config.json)'],
    ])('%s', async (_name, file, content, found) => {
      t.write('package.json', PKG);
      t.write(file, content);
      const before = snapshot(t.dir);
      const result = await runCli('init', '--root', t.dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`hf-convert init: cannot patch ${file} safely: found `);
      expect(result.stderr).toContain(found);
      expect(result.stderr).toContain('Nothing was written. Add this to your Jest config by hand:');
      expect(result.stderr).toContain("const hfConvertModels");
      expect(snapshot(t.dir)).toEqual(before);
    });

    test('two configs at once', async () => {
      t.write('package.json', JSON.stringify({ name: 'x', jest: {} }));
      t.write('jest.config.js', 'module.exports = {};\n');
      const result = await runCli('init', '--root', t.dir);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('found 2 Jest configs (jest.config.js, package.json "jest")');
    });

    test('no package.json, or --out outside the repository: usage errors', async () => {
      const none = await runCli('init', '--root', t.dir);
      expect(none.code).toBe(2);
      expect(none.stderr).toContain('no package.json in');
      t.write('package.json', PKG);
      const outside = await runCli('init', '--root', t.dir, '--out', '../elsewhere');
      expect(outside.code).toBe(2);
      expect(outside.stderr).toContain('--out ../elsewhere must be a folder inside');
    });
  });

  describe('transform detection', () => {
    test('ts-jest in devDependencies: the models project uses ts-jest, nothing to install', () => {
      t.write('package.json', JSON.stringify({ name: 'x', devDependencies: { 'ts-jest': '29.0.0', '@swc/jest': '0.2.39' } }));
      const plan = init(t);
      expect(plan.transformer).toBe('ts-jest');
      expect(plan.install).toBeUndefined();
      expect(fs.readFileSync(path.join(t.dir, 'jest.config.js'), 'utf8')).toContain("transform: { '^.+\\\\.tsx?$': 'ts-jest' },");
    });

    test('ts-jest resolvable from the repository (not listed): still ts-jest', () => {
      t.write('package.json', JSON.stringify({ name: 'x' }));
      t.write('node_modules/ts-jest/package.json', JSON.stringify({ name: 'ts-jest', version: '29.0.0', main: 'index.js' }));
      t.write('node_modules/ts-jest/index.js', '');
      expect(planInit({ root: t.dir }).transformer).toBe('ts-jest');
    });

    test('@swc/jest and @swc/core installed: @swc/jest, nothing to install', () => {
      t.write('package.json', JSON.stringify({ name: 'x', devDependencies: { '@swc/core': '1', '@swc/jest': '0.2' } }));
      const plan = planInit({ root: t.dir });
      expect(plan.transformer).toBe('@swc/jest');
      expect(plan.install).toBeUndefined();
      expect(formatPlan(plan)).not.toContain('npm i -D');
    });

    test('neither: @swc/jest, the exact install command printed; --install runs it', () => {
      t.write('package.json', JSON.stringify({ name: 'x' }));
      const plan = planInit({ root: t.dir });
      expect(plan.transformer).toBe('@swc/jest');
      expect(plan.install).toEqual(SWC_INSTALL);
      expect(formatPlan(plan)).toContain('run npm i -D @swc/core @swc/jest (or hf-convert init --install)');
      const calls: [string[], string][] = [];
      const result = applyInit(plan, { install: true, runInstall: (command, cwd) => (calls.push([command, cwd]), 0) });
      expect(calls).toEqual([[['npm', 'i', '-D', '@swc/core', '@swc/jest'], t.dir]]);
      expect(result.installed).toBe(true);
      // A dry run installs nothing.
      expect(applyInit(plan, { install: true, dryRun: true, runInstall: () => { throw new Error('ran'); } }).installed).toBe(false);
    });
  });

  describe('package.json scripts and .gitignore', () => {
    test('scripts added once; a script of the same name with another command is kept, with a note', () => {
      const text = JSON.stringify({ name: 'x', scripts: { test: 'jest', convert: 'make convert' } }, null, 4);
      const merged = mergeScripts(text, { convert: 'hf-convert --recursive legacy-tests', 'test:models': 'jest --selectProjects models' });
      expect(merged.added).toEqual(['test:models']);
      expect(merged.kept).toEqual([{ name: 'convert', theirs: 'make convert', ours: 'hf-convert --recursive legacy-tests' }]);
      expect(JSON.parse(merged.text!).scripts).toEqual({ test: 'jest', convert: 'make convert', 'test:models': 'jest --selectProjects models' });
      expect(merged.text).toContain('\n    "scripts"'); // the file's own indentation
      expect(mergeScripts(merged.text!, { 'test:models': 'jest --selectProjects models' }).text).toBeUndefined();
    });

    test('--legacy and --out go into the convert script and the models project', () => {
      t.write('package.json', PKG);
      init(t, { legacy: 'old tests', out: 'test/models' });
      const pkg = JSON.parse(fs.readFileSync(path.join(t.dir, 'package.json'), 'utf8'));
      expect(pkg.scripts.convert).toBe("hf-convert --recursive 'old tests' --out test/models");
      expect(pkg.scripts['test:models']).toBe('jest --selectProjects models');
      expect(fs.readFileSync(path.join(t.dir, 'jest.config.js'), 'utf8')).toContain(": ['<rootDir>/test/models/**/*.test.ts'],");
    });

    test('a rerun with another --out is refused: the models project of the first run is not moved', async () => {
      t.write('package.json', PKG);
      init(t);
      const before = snapshot(t.dir);
      const again = await runCli('init', '--root', t.dir, '--out', 'suites');
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('found the models project of an earlier init (matching <rootDir>/generated/**/*.test.ts, line ');
      expect(again.stderr).toContain('init does not move it to --out suites; change its testMatch (and testPathIgnorePatterns) by hand');
      expect(snapshot(t.dir)).toEqual(before);
    });

    test('.gitignore: only entries not already covered; the cache only when node_modules is not ignored', () => {
      expect(mergeGitignore('node_modules/\n/.hf-convert\n', ['.hf-convert/'])).toEqual({ added: [] });
      expect(mergeGitignore('dist', ['.hf-convert/']).text).toBe('dist\n\n# hf-convert\n.hf-convert/\n');
      t.write('package.json', PKG);
      t.write('.gitignore', 'dist/\n');
      init(t);
      expect(fs.readFileSync(path.join(t.dir, '.gitignore'), 'utf8')).toBe('dist/\n\n# hf-convert\n.hf-convert/\nnode_modules/.cache/hf-convert/\n');
      t.write('.gitignore', '/node_modules\n');
      init(t);
      expect(fs.readFileSync(path.join(t.dir, '.gitignore'), 'utf8')).toBe('/node_modules\n\n# hf-convert\n.hf-convert/\n');
    });
  });

  test('patchJestConfig is pure: same text in, same text out', () => {
    const options = { out: 'generated', transformer: '@swc/jest' as const, typescript: false };
    const a = patchJestConfig('module.exports = {};\n', 'jest.config.js', options);
    const b = patchJestConfig('module.exports = {};\n', 'jest.config.js', options);
    expect(a).toEqual(b);
    expect(a.kind).toBe('patched');
  });
});

test('the README shows exactly what init writes for a repository with no Jest config', () => {
  const t = tempDir('hf-convert-init-readme-');
  try {
    t.write('package.json', JSON.stringify({ name: 'x' }));
    applyInit(planInit({ root: t.dir }));
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const snippet = /```js\n\/\/ jest\.config\.js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf('#### What init writes')));
    expect(snippet?.[1]).toBe(fs.readFileSync(path.join(t.dir, 'jest.config.js'), 'utf8'));
  } finally {
    t.cleanup();
  }
});
