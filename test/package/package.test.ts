/**
 * The package as a user gets it: `npm pack` (after `npm run build`), installed offline into a fresh
 * repository together with jest, ts-jest, typescript, @swc/core and @swc/jest, two generated suites copied
 * in, and Jest run there with each setup a user may have:
 *
 * - no tsconfig.json: `preset: 'ts-jest'` with the test environment (the setup), and `preset: 'hf-convert'`;
 * - a tsconfig.json for moduleResolution node10, node16 and bundler: `tsc --noEmit -p .` and `preset: 'hf-convert'`
 *   (ts-jest, which reads that tsconfig);
 * - @swc/jest: ts-jest absent, `preset: 'hf-convert'` (falls back to @swc/jest) and the README's explicit transform.
 *
 * Every run does real inference on tiny models built offline. The setups are folders of one repository (one
 * install; each folder its own Jest project with its own rootDir, so ts-jest reads that folder's tsconfig.json),
 * and each Jest run takes them all at once. Skipped, saying why, only when `npm pack` itself is impossible.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');
const SUITES = ['generated/text/bert.test.ts', 'generated/vision/vit.test.ts'];
/** What the user installs beside the tarball, at this repository's locked versions (all in the npm cache after `npm ci`). */
const USER_DEPS = ['jest', 'ts-jest', 'typescript', '@swc/core', '@swc/jest'];

/** The child processes' environment: no HF_* setting (offline, tiny models) and nothing of an enclosing `npm test`. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', FORCE_COLOR: '0' };
  for (const key of Object.keys(env)) {
    if (/^HF_/.test(key) || /^npm_(package|lifecycle)_/.test(key) || key === 'npm_config_local_prefix' || key === 'INIT_CWD') delete env[key];
  }
  delete env.JEST_WORKER_ID;
  return env;
}

/** Builds and packs; a failed build fails the test file, a pack that cannot run (no npm, …) skips it. */
function pack(): { tarball: string; packDir: string } | { impossible: string } {
  // `npm run build`, without needing npm for it: a build that fails fails the test.
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, env: childEnv(), stdio: 'pipe' });
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-convert-pack-'));
  const packed = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], {
    cwd: REPO,
    env: childEnv(),
    encoding: 'utf8',
  });
  if (packed.error || packed.status !== 0) {
    fs.rmSync(packDir, { recursive: true, force: true });
    return { impossible: (packed.error?.message ?? packed.stderr).trim().split('\n').slice(-3).join(' ') };
  }
  const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
  return { tarball: path.join(packDir, filename), packDir };
}

/**
 * package.json and package-lock.json of the user's repository: the tarball and USER_DEPS, every package locked
 * as this repository's lockfile locks it (with registry tarball URLs), so `npm ci --offline` takes them all
 * from the npm cache without asking the registry for a single package document.
 */
function writeUserRepository(dir: string, tarball: string): void {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, Record<string, unknown>>;
  };
  const tarballSpec = `file:${path.relative(dir, tarball)}`;
  const devDependencies: Record<string, string> = { 'hf-convert': tarballSpec };
  for (const name of USER_DEPS) devDependencies[name] = String(lock.packages[`node_modules/${name}`].version);
  const root = { name: 'user-repo', version: '1.0.0', private: true, devDependencies };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(root, null, 2));

  const { devDependencies: _ownDev, name: _ownName, ...own } = lock.packages[''];
  const packages: Record<string, Record<string, unknown>> = {
    '': { name: root.name, version: root.version, devDependencies },
    'node_modules/hf-convert': { ...own, resolved: tarballSpec, dev: true },
  };
  for (const [key, entry] of Object.entries(lock.packages)) {
    if (!key) continue;
    const { dev: _dev, devOptional: _devOptional, ...rest } = entry;
    const name = String(rest.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
    if (!rest.resolved && !rest.link) {
      rest.resolved = `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${String(rest.version)}.tgz`;
    }
    packages[key] = rest;
  }
  fs.writeFileSync(
    path.join(dir, 'package-lock.json'),
    JSON.stringify({ name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages }, null, 2),
  );
}

/** A setup: a folder of the user's repository with the two suites, its jest.config.js and maybe a tsconfig.json. */
function writeSetup(dir: string, jestProject: object, tsconfig?: object): void {
  for (const suite of SUITES) {
    fs.mkdirSync(path.dirname(path.join(dir, suite)), { recursive: true });
    fs.copyFileSync(path.join(REPO, suite), path.join(dir, suite));
  }
  fs.writeFileSync(path.join(dir, 'jest.config.js'), `module.exports = ${JSON.stringify(jestProject, null, 2)};\n`);
  if (tsconfig) fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
}

interface JestJson {
  success: boolean;
  testResults: Array<{
    name: string;
    status: string;
    message: string;
    assertionResults: Array<{ status: string; ancestorTitles: string[]; title: string }>;
  }>;
}

/** Runs `node args` in cwd; resolves with its exit code and output (never rejects on a failing exit). */
function run(args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: childEnv() });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Runs Jest at the repository's root over the given setups (one project each); returns its JSON report. */
async function runJest(userRepo: string, setups: string[], reporters?: string[]): Promise<{ report: JestJson; output: string }> {
  const config = { projects: setups.map((s) => `<rootDir>/${s}`), maxWorkers: 2, ...(reporters ? { reporters } : {}) };
  fs.writeFileSync(path.join(userRepo, 'jest.config.js'), `module.exports = ${JSON.stringify(config)};\n`);
  const outputFile = path.join(userRepo, `jest-${setups[0]}.json`);
  const jestBin = path.join(userRepo, 'node_modules', 'jest', 'bin', 'jest.js');
  const { code, output } = await run(
    [jestBin, '--ci', '--json', `--outputFile=${outputFile}`, `--cacheDirectory=${path.join(userRepo, '.jest-cache')}`],
    userRepo,
  );
  if (!fs.existsSync(outputFile)) throw new Error(`Jest wrote no report (exit ${code}):\n${output}`);
  return { report: JSON.parse(fs.readFileSync(outputFile, 'utf8')) as JestJson, output };
}

/** The transform the installed preset picks for rootDir (asked in a fresh process: no resolution cached), or its error. */
async function presetTransform(userRepo: string): Promise<string> {
  const transform = path.join(userRepo, 'node_modules', 'hf-convert', 'jest-transform.js');
  const script = `try { console.log(require(${JSON.stringify(transform)}).pick(process.cwd()).name) } catch (e) { console.log(e.message) }`;
  return (await run(['-e', script], userRepo)).output.trim();
}

/** Each setup ran both suites on tiny models, every test passed, none skipped. */
function expectBothSuitesPassed(report: JestJson, output: string, userRepo: string, setups: string[]): void {
  const results = report.testResults.map((r) => ({
    file: path.relative(userRepo, r.name),
    status: r.status,
    message: r.message,
    tests: r.assertionResults.map((a) => a.status),
    titles: r.assertionResults.map((a) => a.ancestorTitles.join(' ')).join('\n'),
  }));
  const failures = results.filter((r) => r.status !== 'passed').map((r) => `${r.file}: ${r.message}`);
  if (failures.length) throw new Error(`${failures.join('\n\n')}\n\n${output.slice(-4000)}`);
  for (const setup of setups) {
    for (const suite of SUITES) {
      const result = results.find((r) => r.file === path.join(setup, suite));
      expect(result).toBeDefined();
      expect(result!.tests.length).toBeGreaterThanOrEqual(4);
      expect(result!.tests.every((status) => status === 'passed')).toBe(true);
      expect(result!.titles).toMatch(/tiny random (bert|vit)/);
    }
  }
  expect(report.success).toBe(true);
}

const packed = pack();
const describeIfPacked = 'impossible' in packed ? describe.skip : describe;
if ('impossible' in packed) {
  // eslint-disable-next-line no-console
  console.warn(`test/package skipped: \`npm pack\` is impossible here (${packed.impossible})`);
}
const title = 'impossible' in packed ? `the packed package (skipped: npm pack is impossible here: ${packed.impossible})` : 'the packed package';

describeIfPacked(title, () => {
  jest.setTimeout(180_000);
  const { tarball, packDir } = packed as { tarball: string; packDir: string };
  let userRepo = '';

  beforeAll(() => {
    userRepo = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-convert-user-'));
    writeUserRepository(userRepo, tarball);
    const installed = spawnSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: userRepo,
      env: childEnv(),
      encoding: 'utf8',
    });
    if (installed.status !== 0) throw new Error(`npm ci --offline failed in ${userRepo}:\n${installed.stdout}\n${installed.stderr}`);
  });

  afterAll(() => {
    if (userRepo) fs.rmSync(userRepo, { recursive: true, force: true });
    fs.rmSync(packDir, { recursive: true, force: true });
  });

  test('its files: the subpath folders, the preset, and no tsconfig.json anywhere above the user repository', () => {
    const installed = path.join(userRepo, 'node_modules', 'hf-convert');
    for (const sub of ['runtime', 'jest-environment']) {
      const manifest = JSON.parse(fs.readFileSync(path.join(installed, sub, 'package.json'), 'utf8'));
      expect(fs.existsSync(path.join(installed, sub, manifest.main))).toBe(true);
      expect(fs.existsSync(path.join(installed, sub, manifest.types))).toBe(true);
    }
    expect(fs.existsSync(path.join(installed, 'jest-preset.js'))).toBe(true);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(path.join(userRepo, 'node_modules', 'typescript')) as typeof import('typescript');
    expect(ts.findConfigFile(userRepo, ts.sys.fileExists)).toBeUndefined();
  });

  test('ts-jest, with no tsconfig.json and with one for moduleResolution node10, node16 and bundler', async () => {
    const base = { strict: true, esModuleInterop: true, skipLibCheck: true };
    const modes: Record<string, object> = {
      // TypeScript 6 deprecates node10 (TS5107) unless told to ignore it, as such a repository's tsconfig does.
      node10: { ...base, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0' },
      // ts-jest asks for isolatedModules with module node16 (TS151002); tsc still type-checks.
      node16: { ...base, module: 'node16', moduleResolution: 'node16', isolatedModules: true },
      bundler: { ...base, module: 'preserve', moduleResolution: 'bundler' },
    };
    writeSetup(path.join(userRepo, 'ts-jest-preset'), {
      displayName: 'preset ts-jest, no tsconfig',
      preset: 'ts-jest',
      testEnvironment: 'hf-convert/jest-environment',
      testMatch: ['<rootDir>/generated/**/*.test.ts'],
      testTimeout: 60_000,
    });
    writeSetup(path.join(userRepo, 'no-tsconfig'), { displayName: 'preset hf-convert, no tsconfig', preset: 'hf-convert' });
    for (const [mode, compilerOptions] of Object.entries(modes)) {
      writeSetup(path.join(userRepo, mode), { displayName: `preset hf-convert, ${mode}`, preset: 'hf-convert' }, { compilerOptions, include: ['generated'] });
    }

    // The preset picks ts-jest when the repository has it.
    expect(await presetTransform(userRepo)).toBe('ts-jest');

    const tsc = path.join(userRepo, 'node_modules', 'typescript', 'bin', 'tsc');
    const typeChecks = Object.keys(modes).map(async (mode) => {
      const { code, output } = await run([tsc, '--noEmit', '-p', '.'], path.join(userRepo, mode));
      return code === 0 ? `${mode}: ok` : `${mode}: tsc --noEmit failed\n${output}`;
    });
    const setups = ['ts-jest-preset', 'no-tsconfig', ...Object.keys(modes)];
    const [{ report, output }, typeChecked] = await Promise.all([
      runJest(userRepo, setups, ['default', 'hf-convert/reporter']),
      Promise.all(typeChecks),
    ]);
    expect(typeChecked).toEqual(Object.keys(modes).map((mode) => `${mode}: ok`));
    // hf-convert/reporter, from the package: the measurements table of the suites just run.
    expect(output).toMatch(/hf-convert performance: .*new/);
    expectBothSuitesPassed(report, output, userRepo, setups);
  });

  test('@swc/jest: the preset without ts-jest, and the README explicit transform', async () => {
    const tsJest = path.join(userRepo, 'node_modules', 'ts-jest');
    const hidden = path.join(userRepo, 'node_modules', '.ts-jest-uninstalled');
    fs.renameSync(tsJest, hidden); // as if never installed: only @swc/jest is there
    try {
      writeSetup(path.join(userRepo, 'swc-preset'), { displayName: 'preset hf-convert, @swc/jest', preset: 'hf-convert' });
      writeSetup(path.join(userRepo, 'swc-readme'), {
        displayName: 'README @swc/jest transform',
        testMatch: ['<rootDir>/generated/**/*.test.ts'],
        testEnvironment: 'hf-convert/jest-environment',
        transform: { '^.+\\.ts$': '@swc/jest' },
        testTimeout: 60_000,
      });
      expect(await presetTransform(userRepo)).toBe('@swc/jest');
      const setups = ['swc-preset', 'swc-readme'];
      const { report, output } = await runJest(userRepo, setups);
      expectBothSuitesPassed(report, output, userRepo, setups);

      // Neither installed: the preset's error names both.
      const swcJest = path.join(userRepo, 'node_modules', '@swc', 'jest');
      fs.renameSync(swcJest, `${swcJest}-uninstalled`);
      try {
        expect(await presetTransform(userRepo)).toMatch(/neither ts-jest nor @swc\/jest was found.*npm install --save-dev ts-jest.*@swc\/jest/s);
      } finally {
        fs.renameSync(`${swcJest}-uninstalled`, swcJest);
      }
    } finally {
      fs.renameSync(hidden, tsJest);
    }
  });
});
