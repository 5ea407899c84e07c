import * as fs from 'node:fs';
import * as path from 'node:path';
import { runChild } from '../helpers/child';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tmp';

const REPO = path.join(__dirname, '..', '..');
const JEST = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');

/**
 * A user's repository: a package.json, this repository's node_modules linked in entry by entry, and
 * hf-convert itself installed as a link to this repository (its exports point at dist/, built by `prepare`).
 */
function userRepo(dir: string): void {
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'user-repo', private: true, devDependencies: { jest: '30.5.2', 'hf-convert': '0.1.0' } }, null, 2) + '\n');
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(REPO, 'node_modules'))) {
    // No ts-jest (this repository has it for its package test): the repository is one with @swc/jest only.
    if (entry !== '.bin' && entry !== '.cache' && entry !== 'ts-jest') fs.symlinkSync(path.join(REPO, 'node_modules', entry), path.join(modules, entry));
  }
  fs.symlinkSync(REPO, path.join(modules, 'hf-convert'));
}

/** Jest in the user's repository, as `npx jest <args>` there (HF_RUN_MODEL_TESTS unset unless given). */
function jest(dir: string, args: string[], env: Record<string, string> = {}) {
  return runChild(process.execPath, [JEST, ...args], { cwd: dir, env: { ...process.env, HF_RUN_MODEL_TESTS: '', ...env } });
}

async function showConfig(dir: string, args: string[], env: Record<string, string> = {}) {
  const run = await jest(dir, ['--showConfig', ...args], env);
  if (run.status !== 0) throw new Error(`jest --showConfig exited ${run.status}: ${run.stderr}`);
  return JSON.parse(run.stdout) as { configs: { displayName?: { name: string }; testEnvironment: string; transform: [string, string, unknown][]; testMatch: string[] }[]; globalConfig: { reporters: unknown[]; maxWorkers: number } };
}

/** The files `jest --listTests <args>` would run, relative to the repository. */
async function listTests(dir: string, args: string[], env: Record<string, string> = {}) {
  const run = await jest(dir, ['--listTests', ...args], env);
  return run.stdout.trim().split('\n').filter((f) => path.isAbsolute(f)).map((f) => path.relative(fs.realpathSync(dir), f)).sort();
}

test('init in a fresh repository: Jest loads the written jest.config.js, with the models project only when selected', async () => {
  expect(fs.existsSync(path.join(REPO, 'dist', 'runtime', 'jest-environment.js'))).toBe(true); // built by `npm ci` (prepare)
  const t = tempDir('hf-convert-init-e2e-');
  try {
    userRepo(t.dir);
    const result = await runCli('init', '--root', t.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('create jest.config.js');
    expect(result.stdout).toContain('transform: @swc/jest (the repository has @swc/jest and no ts-jest)');

    // Test files for --listTests (no config depends on them).
    fs.mkdirSync(path.join(t.dir, 'generated', 'text'), { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'generated', 'text', 'bert.test.ts'), '');
    fs.mkdirSync(path.join(t.dir, 'generated', 'vision'));
    fs.writeFileSync(path.join(t.dir, 'generated', 'vision', 'vit.test.ts'), '');
    fs.mkdirSync(path.join(t.dir, 'src'));
    fs.writeFileSync(path.join(t.dir, 'src', 'own.test.js'), '');

    // Nine independent Jest start-ups, side by side rather than one after another.
    const [[selected, twoWorkers, plain, env], [own, generated, both, vision, bert]] = await Promise.all([
      Promise.all([
        showConfig(t.dir, ['--selectProjects', 'models']),
        showConfig(t.dir, ['--selectProjects', 'models', '-w', '2']),
        showConfig(t.dir, []),
        showConfig(t.dir, [], { HF_RUN_MODEL_TESTS: '1' }),
      ]),
      Promise.all([
        listTests(t.dir, []),
        listTests(t.dir, ['--selectProjects', 'models']),
        listTests(t.dir, [], { HF_RUN_MODEL_TESTS: '1' }),
        listTests(t.dir, ['--selectProjects', 'models', 'generated/vision']),
        listTests(t.dir, ['--selectProjects', 'models', 'generated/text/bert.test.ts']),
      ]),
    ]);

    const models = selected.configs.filter((c) => c.displayName?.name === 'models');
    expect(models).toHaveLength(1);
    // Jest resolved the environment through hf-convert's exports, and the transform to @swc/jest.
    expect(fs.realpathSync(models[0].testEnvironment)).toBe(fs.realpathSync(path.join(REPO, 'dist', 'runtime', 'jest-environment.js')));
    expect(models[0].transform.map(([pattern]) => pattern)).toEqual(['^.+\\.(t|j)sx?$']);
    expect(models[0].transform[0][1]).toMatch(/@swc[/\\]jest/);
    expect(models[0].testMatch).toEqual([`${fs.realpathSync(t.dir)}/generated/**/*.test.ts`]);
    expect(JSON.stringify(selected.globalConfig.reporters)).toContain('jest-reporter.cjs');
    // Models alone run one suite at a time, unless the command line says otherwise.
    expect(selected.globalConfig.maxWorkers).toBe(1);
    expect(twoWorkers.globalConfig.maxWorkers).toBe(2);

    // A plain `jest` has no models project; HF_RUN_MODEL_TESTS=1 adds it beside the repository's own tests.
    expect(plain.configs.some((c) => c.displayName?.name === 'models')).toBe(false);
    expect(env.configs.map((c) => c.displayName?.name ?? null)).toEqual([null, 'models']);

    // Which files each run would take: the repository's own tests and the generated suites never mix.
    expect(own).toEqual(['src/own.test.js']);
    expect(generated).toEqual(['generated/text/bert.test.ts', 'generated/vision/vit.test.ts']);
    expect(both).toEqual(['generated/text/bert.test.ts', 'generated/vision/vit.test.ts', 'src/own.test.js']);
    // `npm run test:models -- generated/vision`: the folder narrows the models project (Jest alone would take it as a project name).
    expect(vision).toEqual(['generated/vision/vit.test.ts']);
    expect(bert).toEqual(['generated/text/bert.test.ts']);
  } finally {
    t.cleanup();
  }
}, 60_000);
