import * as fs from 'node:fs';
import * as path from 'node:path';
import { scan, isLegacyTestName } from '../../src/scan';
import { tempDir } from '../helpers/tmp';

const MB = 1024 * 1024;

describe('scan', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  const run = (extra: Partial<Parameters<typeof scan>[0]> = {}) =>
    scan({ paths: [t.dir], recursive: true, maxFileBytes: 4 * MB, ...extra });

  test('recognises legacy script names in every language and variant, not declaration files', () => {
    for (const name of ['test_hf_bert.py', 'test_hf_xlm-roberta.js', 'test_hf_gpt-j_web.mjs', 'test_hf_t5.cjs', 'test_hf_vit_minimal.ts']) {
      expect(isLegacyTestName(name)).toBe(true);
    }
    for (const name of ['test_hf_bert.d.ts', 'test_bert.py', 'hf_bert.py', 'test_hf_bert.pyc', 'test_hf_.py']) {
      expect(isLegacyTestName(name)).toBe(false);
    }
  });

  test('finds files recursively with languages, relative paths, and skips node_modules, improved/ and the output dir', () => {
    t.write('test_hf_bert.py', 'x');
    t.write('archive/test_hf_bert.py', 'x');
    t.write('web/test_hf_bert_web.mjs', 'x');
    t.write('ts/test_hf_vit.ts', 'x');
    t.write('node_modules/pkg/test_hf_gpt2.py', 'x');
    t.write('improved/test_hf_gpt2.py', 'x');
    t.write('generated/text/test_hf_gpt2.ts', 'x');
    t.write('notes.md', 'x');
    const { files } = run({ outDir: path.join(t.dir, 'generated') });
    expect(files.map((f) => [f.relPath, f.language])).toEqual([
      ['archive/test_hf_bert.py', 'python'],
      ['test_hf_bert.py', 'python'],
      ['ts/test_hf_vit.ts', 'typescript'],
      ['web/test_hf_bert_web.mjs', 'javascript'],
    ]);
    expect(files.every((f) => !f.problem)).toBe(true);
  });

  test('--no-recursive stays at the top level; --include and --exclude filter', () => {
    t.write('test_hf_bert.py', 'x');
    t.write('sub/test_hf_gpt2.py', 'x');
    t.write('sub/test_hf_vit.js', 'x');
    expect(run({ recursive: false }).files.map((f) => f.relPath)).toEqual(['test_hf_bert.py']);
    expect(run({ include: ['sub/**'] }).files.map((f) => f.relPath)).toEqual(['sub/test_hf_gpt2.py', 'sub/test_hf_vit.js']);
    expect(run({ exclude: ['**/*.js'] }).files.map((f) => f.relPath)).toEqual(['sub/test_hf_gpt2.py', 'test_hf_bert.py']);
  });

  test('a file argument is scanned on its own, relative to its folder', () => {
    const file = t.write('a/test_hf_bert.py', 'x');
    const { files } = scan({ paths: [file], recursive: true, maxFileBytes: MB });
    expect(files).toHaveLength(1);
    expect(files[0].relPath).toBe('test_hf_bert.py');
  });

  test('missing paths are reported, not thrown', () => {
    expect(scan({ paths: [path.join(t.dir, 'nope')], recursive: true, maxFileBytes: MB }).missing).toEqual([path.join(t.dir, 'nope')]);
  });

  test('a huge file is a record with the reason, not read', () => {
    const big = t.write('test_hf_big.py', Buffer.alloc(2 * MB, 0x61));
    const { files } = run({ maxFileBytes: MB });
    expect(files).toHaveLength(1);
    expect(files[0].absPath).toBe(big);
    expect(files[0].problem).toMatch(/file too large: 2\.0 MB exceeds the 1\.0 MB limit/);
  });

  test('symlink loops, self links, dangling links and directories named like scripts are records with reasons', () => {
    t.write('a/test_hf_bert.py', 'x');
    fs.symlinkSync('..', path.join(t.dir, 'a', 'loop'));
    fs.symlinkSync('test_hf_self.py', path.join(t.dir, 'test_hf_self.py'));
    fs.symlinkSync('missing.py', path.join(t.dir, 'test_hf_dangling.py'));
    fs.mkdirSync(path.join(t.dir, 'test_hf_dir.py'));
    const { files } = run();
    const byPath = Object.fromEntries(files.map((f) => [f.relPath, f.problem]));
    expect(byPath['a/test_hf_bert.py']).toBeUndefined();
    expect(byPath['a/loop']).toMatch(/symlink loop/);
    expect(byPath['test_hf_self.py']).toMatch(/symlink loop/);
    expect(byPath['test_hf_dangling.py']).toMatch(/dangling symlink/);
    expect(byPath['test_hf_dir.py']).toMatch(/cannot read: a directory/);
    // The loop is never followed, so the real file is listed once.
    expect(files.filter((f) => f.relPath.endsWith('test_hf_bert.py'))).toHaveLength(1);
  });

  test('a symlink to a file already scanned is recorded as the same file', () => {
    t.write('test_hf_bert.py', 'x');
    fs.symlinkSync('test_hf_bert.py', path.join(t.dir, 'test_hf_bert_copy.py'));
    const { files } = run();
    const copy = files.find((f) => f.relPath === 'test_hf_bert_copy.py')!;
    expect(copy.problem).toMatch(/same file as another path/);
    expect(copy.problemStatus).toBe('skipped');
  });
});
