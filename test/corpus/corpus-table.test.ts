/**
 * Keeps legacy-tests/CORPUS.md honest: every corpus file is listed exactly once, and the
 * "parses?" column matches what the real parsers say today (python ast, node --check, TypeScript).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { availableParallelism } from 'node:os';
import { runChild } from '../helpers/child';
import ts from 'typescript';

const CORPUS_ROOT = join(__dirname, '..', '..', 'legacy-tests');

function listCorpusFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listCorpusFiles(full);
    return entry.name.startsWith('test_hf_') ? [relative(CORPUS_ROOT, full)] : [];
  });
}

/** path -> does the table claim it parses */
function readTable(): Map<string, boolean> {
  const rows = new Map<string, boolean>();
  for (const line of readFileSync(join(CORPUS_ROOT, 'CORPUS.md'), 'utf8').split('\n')) {
    const cells = line.split(' | ');
    const path = /^\| `([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (!path) continue;
    if (rows.has(path)) throw new Error(`CORPUS.md lists ${path} twice`);
    rows.set(path, cells[5].startsWith('yes'));
  }
  return rows;
}

function pythonParses(files: string[]): Map<string, boolean> {
  const script = 'import ast,sys,json\nout={}\nfor p in sys.argv[1:]:\n  try:\n    ast.parse(open(p,encoding="utf-8").read()); out[p]=True\n  except SyntaxError:\n    out[p]=False\nprint(json.dumps(out))';
  const res = spawnSync('python3', ['-c', script, ...files.map((f) => join(CORPUS_ROOT, f))], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`python3 ast check failed to run: ${res.stderr || res.error}`);
  const byFull = JSON.parse(res.stdout) as Record<string, boolean>;
  return new Map(files.map((f) => [f, byFull[join(CORPUS_ROOT, f)]]));
}

/**
 * The real `node --check` of every file, a few processes side by side (Node's internals that a
 * single batching process would need change between versions; the command does not).
 */
async function nodeCheckParses(files: string[]): Promise<Map<string, boolean>> {
  const results = new Map<string, boolean>();
  const queue = [...files];
  const checkNext = async (): Promise<void> => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const res = await runChild(process.execPath, ['--check', join(CORPUS_ROOT, file)]);
      if (res.status === null) throw new Error(`node --check ${file} did not finish (${res.signal})`);
      results.set(file, res.status === 0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, availableParallelism() + 1) }, checkNext));
  return results;
}

function tsParses(file: string): boolean {
  const source = ts.createSourceFile(file, readFileSync(join(CORPUS_ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const diagnostics = (source as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics;
  return diagnostics.length === 0;
}

describe('legacy-tests/CORPUS.md', () => {
  const files = listCorpusFiles(CORPUS_ROOT).sort();
  const table = readTable();

  it('lists every corpus file exactly once and nothing else', () => {
    expect([...table.keys()].sort()).toEqual(files);
  });

  it('has at least 70 files and a broken share of roughly 40% among Python files', () => {
    const python = files.filter((f) => f.endsWith('.py'));
    const broken = python.filter((f) => table.get(f) === false);
    expect(files.length).toBeGreaterThanOrEqual(70);
    expect(broken.length / python.length).toBeGreaterThan(0.3);
    expect(broken.length / python.length).toBeLessThan(0.55);
  });

  it('states parse status that matches the real parsers', async () => {
    const py = pythonParses(files.filter((f) => f.endsWith('.py')));
    const js = await nodeCheckParses(files.filter((f) => !f.endsWith('.py') && !f.endsWith('.ts')));
    const mismatches: string[] = [];
    for (const file of files) {
      const actual = file.endsWith('.py') ? py.get(file) : file.endsWith('.ts') ? tsParses(file) : js.get(file);
      if (actual !== table.get(file)) mismatches.push(`${file}: table says ${table.get(file)}, parser says ${actual}`);
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});
