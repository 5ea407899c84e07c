import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../baselines/write';
import { lineDiff } from './diff';
import { PackageJsonError, ignoresNodeModules, mergeGitignore, mergeScripts, parsePackageJson } from './files';
import { patchJestConfig } from './patch-config';
import { manualInstructions, type RenderOptions, type Transformer } from './render';

/**
 * `hf-convert init`: sets a repository up for generated model suites in one command.
 * planInit reads the repository and works out every edit (nothing is written); applyInit writes them.
 */

export interface InitOptions {
  /** The repository root (where package.json is). */
  root: string;
  /** Output folder of the generated suites (default `generated`). */
  out?: string;
  /** Folder of legacy test scripts the `convert` script converts (default `legacy-tests`). */
  legacy?: string;
}

export interface FileEdit {
  file: string;
  /** Relative to the root. */
  rel: string;
  /** null: the file is created. */
  before: string | null;
  after: string;
  summary: string[];
}

export interface InitPlan {
  root: string;
  transformer: Transformer;
  transformReason: string;
  /** The install command when the transform's packages are missing. */
  install?: string[];
  edits: FileEdit[];
  /** Files already set up. */
  unchanged: string[];
  notes: string[];
  refusal?: { file: string; found: string; reason: string; manual: string };
}

/** Bad input (no package.json, a bad option): exit 2. */
export class InitUsageError extends Error {}

export const SWC_INSTALL = ['npm', 'i', '-D', '@swc/core', '@swc/jest'];
const CONFIG_NAMES = ['jest.config.js', 'jest.config.ts', 'jest.config.mjs', 'jest.config.cjs', 'jest.config.cts', 'jest.config.mts', 'jest.config.json'];

export function planInit(options: InitOptions): InitPlan {
  const root = path.resolve(options.root);
  const out = inside(root, options.out ?? 'generated', '--out');
  const legacy = inside(root, options.legacy ?? 'legacy-tests', '--legacy');
  const pkgFile = path.join(root, 'package.json');
  const pkgText = readText(pkgFile);
  if (pkgText === undefined) throw new InitUsageError(`no package.json in ${root}: run init in your repository's root (or npm init first)`);
  let pkg: Record<string, unknown>;
  try {
    pkg = parsePackageJson(pkgText);
  } catch (error) {
    if (error instanceof PackageJsonError) throw new InitUsageError(error.message);
    throw error;
  }

  const notes: string[] = [];
  const { transformer, reason, install } = detectTransform(root, pkg);
  if (!isInstalled(root, pkg, 'hf-convert')) notes.push('hf-convert is not installed in this repository: the config loads hf-convert/jest-environment from it (npm i -D hf-convert)');

  const plan: InitPlan = { root, transformer, transformReason: reason, install, edits: [], unchanged: [], notes };
  const esm = pkg.type === 'module';

  // The Jest config.
  const configs = CONFIG_NAMES.filter((name) => fs.existsSync(path.join(root, name)));
  const pkgJest = pkg.jest;
  const found = [...configs, ...(pkgJest !== undefined ? ['package.json "jest"'] : [])];
  const render = (file: string): RenderOptions => ({ out, transformer, typescript: /\.[cm]?ts$/.test(file) });
  let moveJestKey = false;
  if (found.length > 1) {
    plan.refusal = { file: found.join(', '), found: `${found.length} Jest configs (${found.join(', ')})`, reason: 'Jest itself refuses to choose between them; keep one and run init again', manual: manualInstructions(render('jest.config.js'), false) };
  } else if (configs[0] === 'jest.config.json') {
    plan.refusal = { file: 'jest.config.json', found: 'a JSON config (jest.config.json)', reason: 'JSON cannot select the models project from the command line; rename it to jest.config.js as `module.exports = {…}` and run init again', manual: manualInstructions(render('jest.config.js'), false) };
  } else if (pkgJest !== undefined && (typeof pkgJest !== 'object' || pkgJest === null || Array.isArray(pkgJest))) {
    plan.refusal = { file: 'package.json', found: `package.json "jest" is ${JSON.stringify(pkgJest)}`, reason: 'it is not a config object', manual: manualInstructions(render('jest.config.js'), false) };
  } else {
    const name = configs[0] ?? 'jest.config.js';
    const file = path.join(root, name);
    const existing = configs[0] ? readText(file) ?? '' : null;
    let source: string;
    let why: string;
    if (existing !== null) {
      source = existing;
      why = `patched in place`;
    } else if (pkgJest !== undefined) {
      moveJestKey = true;
      source = exportStatement(esm, toJsLiteral(pkgJest, ''));
      why = 'moved from the "jest" key of package.json (static JSON cannot select the models project from the command line)';
    } else {
      source = exportStatement(esm, '{}');
      why = 'no Jest config found';
    }
    const result = patchJestConfig(source, name, render(name));
    if (result.kind === 'refused') {
      plan.refusal = { file: name, found: result.found, reason: result.reason, manual: result.manual };
    } else if (result.kind === 'unchanged' && existing !== null) {
      plan.unchanged.push(`${name}: models project, selection and reporter already there`);
    } else {
      const after = result.kind === 'patched' ? result.text : source;
      plan.edits.push({ file, rel: name, before: existing, after, summary: [why, ...result.changes] });
    }
    if (result.kind === 'patched' && result.changes.some((c) => c.includes('appended'))) {
      notes.push(`your own projects keep their testMatch: check none of them also matches ${out}/`);
    }
  }

  // package.json scripts (and the moved "jest" key).
  const convert = `hf-convert --recursive ${shellWord(legacy)}${out === 'generated' ? '' : ` --out ${shellWord(out)}`}`;
  const scripts = mergeScripts(pkgText, { convert, 'test:models': 'jest --selectProjects models' }, moveJestKey ? ['jest'] : []);
  for (const k of scripts.kept) notes.push(`kept your "${k.name}" script (${k.theirs}); init's would be: ${k.ours}`);
  if (scripts.text !== undefined) {
    plan.edits.push({ file: pkgFile, rel: 'package.json', before: pkgText, after: scripts.text, summary: [...(scripts.added.length ? [`scripts: ${scripts.added.join(', ')}`] : []), ...(moveJestKey ? ['"jest" moved into jest.config.js'] : [])] });
  } else {
    plan.unchanged.push('package.json: scripts already there');
  }

  // .gitignore
  const ignoreFile = path.join(root, '.gitignore');
  const ignoreText = readText(ignoreFile);
  const entries = ['.hf-convert/', ...(ignoresNodeModules(ignoreText) ? [] : ['node_modules/.cache/hf-convert/'])];
  const ignore = mergeGitignore(ignoreText, entries);
  if (ignore.text !== undefined) plan.edits.push({ file: ignoreFile, rel: '.gitignore', before: ignoreText ?? null, after: ignore.text, summary: [ignore.added.join(', ')] });
  else plan.unchanged.push('.gitignore: run folders and caches already ignored');

  if (plan.refusal) plan.edits = [];
  return plan;
}

export interface ApplyOptions {
  dryRun?: boolean;
  install?: boolean;
  /** Runs the install command (tests replace it); returns its exit status. */
  runInstall?: (command: string[], cwd: string) => number;
}

/** Writes the plan's edits (atomically), and runs the install when asked. Returns the files written. */
export function applyInit(plan: InitPlan, options: ApplyOptions = {}): { written: string[]; installed: boolean; installStatus?: number } {
  if (plan.refusal || options.dryRun) return { written: [], installed: false };
  const written: string[] = [];
  for (const edit of plan.edits) {
    writeFileAtomic(edit.file, edit.after);
    written.push(edit.rel);
  }
  if (plan.install && options.install) {
    const status = (options.runInstall ?? defaultInstall)(plan.install, plan.root);
    return { written, installed: status === 0, installStatus: status };
  }
  return { written, installed: false };
}

function defaultInstall(command: string[], cwd: string): number {
  const result = spawnSync(command[0], command.slice(1), { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  return result.status ?? 1;
}

/** The plan as text: each file with a diff-like summary of its change. */
export function formatPlan(plan: InitPlan, options: { dryRun?: boolean; install?: boolean } = {}): string {
  const lines: string[] = [];
  if (plan.refusal) {
    const r = plan.refusal;
    lines.push(`hf-convert init: cannot patch ${r.file} safely: found ${r.found}; ${r.reason}.`, 'Nothing was written. Add this to your Jest config by hand:', '', ...r.manual.split('\n').map((l) => `    ${l}`), '');
    return lines.join('\n');
  }
  for (const edit of plan.edits) {
    lines.push(`${edit.before === null ? 'create' : 'update'} ${edit.rel}: ${edit.summary.join('; ')}`);
    for (const d of lineDiff(edit.before, edit.after)) lines.push(`    ${d}`);
  }
  for (const u of plan.unchanged) lines.push(`unchanged ${u}`);
  lines.push(`transform: ${plan.transformer} (${plan.transformReason})`);
  if (plan.install) {
    const command = plan.install.join(' ');
    lines.push(!options.install ? `install: ${plan.transformer} is not installed; run ${command} (or hf-convert init --install)` : options.dryRun ? `install: would run ${command}` : `install: running ${command}`);
  }
  for (const n of plan.notes) lines.push(`note: ${n}`);
  if (plan.edits.length === 0) lines.push('already set up: nothing to change');
  else if (options.dryRun) lines.push(`dry run: nothing written (${plan.edits.length} file(s) would change)`);
  else lines.push(`wrote ${plan.edits.map((e) => e.rel).join(', ')}`);
  if (plan.edits.length > 0 && !options.dryRun) lines.push('next: npm run convert, then npm run test:models');
  return lines.join('\n') + '\n';
}

function detectTransform(root: string, pkg: Record<string, unknown>): { transformer: Transformer; reason: string; install?: string[] } {
  if (isInstalled(root, pkg, 'ts-jest')) return { transformer: 'ts-jest', reason: 'the repository has ts-jest' };
  const swc = ['@swc/jest', '@swc/core'].filter((name) => !isInstalled(root, pkg, name));
  if (swc.length === 0) return { transformer: '@swc/jest', reason: 'the repository has @swc/jest and no ts-jest' };
  return { transformer: '@swc/jest', reason: `no ts-jest; ${swc.join(' and ')} missing`, install: SWC_INSTALL };
}

/** In package.json's dependencies or devDependencies, or resolvable from the root. */
export function isInstalled(root: string, pkg: Record<string, unknown>, name: string): boolean {
  for (const key of ['dependencies', 'devDependencies']) {
    const deps = pkg[key];
    if (deps && typeof deps === 'object' && name in deps) return true;
  }
  // Resolved as the root's own package.json would (require.resolve's `paths` would let this package find itself).
  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  for (const request of [`${name}/package.json`, name]) {
    try {
      requireFromRoot.resolve(request);
      return true;
    } catch {
      // try the next request
    }
  }
  return false;
}

function exportStatement(esm: boolean, literal: string): string {
  return `/** @type {import('jest').Config} */\n${esm ? 'export default' : 'module.exports ='} ${literal};\n`;
}

/** A JSON value as a JS literal (identifier keys unquoted, single-quoted strings). */
export function toJsLiteral(value: unknown, indent: string): string {
  const next = indent + '  ';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[\n${value.map((v) => next + toJsLiteral(v, next)).join(',\n')},\n${indent}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${next}${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quoteJs(k)}: ${toJsLiteral(v, next)}`).join(',\n')},\n${indent}}`;
  }
  return typeof value === 'string' ? quoteJs(value) : JSON.stringify(value);
}

function quoteJs(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function inside(root: string, dir: string, flag: string): string {
  const rel = path.relative(root, path.resolve(root, dir)).split(path.sep).join('/');
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) throw new InitUsageError(`${flag} ${dir} must be a folder inside ${root}`);
  return rel;
}

function shellWord(s: string): string {
  return /^[\w./@-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
