import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { scan } from '../../src/scan';
import { walkTree, type WalkEntry } from '../../src/scan/walk';
import { tempDir } from '../helpers/tmp';

/**
 * The default scan lists folders without fast-glob (walkTree); it must list exactly what the glob it
 * replaces lists with the same options, on a tree with everything the glob treats specially:
 * dotfiles and dot folders, ignored names as folders, files and links at any depth, links to files,
 * folders, nowhere and back into the tree, a folder named like a script, the output folder.
 */
describe('walkTree lists what fast-glob lists', () => {
  let t: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = tempDir('hf-walk-');
    for (const file of [
      'test_hf_a.py', 'a/test_hf_b.py', 'a/b/c/test_hf_c.js', 'node_modules/x/test_hf_n.py', 'sub/node_modules/y/test_hf_n.py',
      'improved/z/test_hf_i.py', 'sub/improved/test_hf_i.py', '.hidden/q/test_hf_h.py', 'a/.dot/test_hf_d.py', '.test_hf_hidden.py',
      'gen/text/test_hf_g.ts', 'deep/gen/text/test_hf_g.ts', 'sp ace/test_hf_s.py', 'q/.git/test_hf_git.py', 'test_hf_dir.py/inner.py',
      'sub2/improved', 'sub2/node_modules', 'a/node_modules_not', 'gen2/file',
    ]) t.write(file, 'x');
    const link = (target: string, at: string) => {
      fs.mkdirSync(path.dirname(path.join(t.dir, at)), { recursive: true });
      fs.symlinkSync(target, path.join(t.dir, at));
    };
    link('a', 'linkdir');
    link('test_hf_a.py', 'test_hf_link.py');
    link('nowhere', 'test_hf_dangling.py');
    link('.', 'selfloop');
    link('../a', 'x/node_modules');
    link('../a', 'x/improved');
    link('../test_hf_a.py', 'sub3/node_modules');
    link('nowhere', 'sub3/improved');
    link('gen2', 'genlink');
  });
  afterAll(() => t.cleanup());

  const listed = (entries: ReadonlyArray<Pick<WalkEntry, 'path' | 'name' | 'dirent'>>) =>
    entries.map((e) => `${e.path} ${e.name} ${e.dirent.isDirectory() ? 'dir' : e.dirent.isSymbolicLink() ? 'link' : 'file'}`).sort();

  const cases = [true, false].flatMap((recursive) =>
    [undefined, 'gen', 'gen/text', 'deep/gen', 'a', 'gen2', 'genlink', 'test_hf_a.py', 'sub2/improved', 'missing'].map((outRel) => ({ recursive, outRel })),
  );
  test.each(cases)('recursive $recursive, output folder $outRel', ({ recursive, outRel }) => {
    const ignore = ['**/node_modules/**', '**/improved/**', '**/.git/**', ...(outRel ? [`${outRel}/**`] : [])];
    const globbed = fg.sync(['**/*'], {
      cwd: t.dir, ignore, deep: recursive ? Infinity : 1, dot: false, onlyFiles: false, followSymbolicLinks: false, objectMode: true, suppressErrors: true,
    });
    const walked = walkTree(t.dir, { recursive, ignoredNames: new Set(['node_modules', 'improved', '.git']), ignoredPath: outRel });
    expect(listed(walked)).toEqual(listed(globbed));
    expect(walked.length).toBeGreaterThan(recursive ? 20 : 10);
  });

  test('an output folder whose name reads as a pattern still goes through the glob, as before', () => {
    t.write('star*/test_hf_star.py', 'x');
    t.write('starry/test_hf_starry.py', 'x');
    try {
      const { files } = scan({ paths: [t.dir], recursive: true, maxFileBytes: 1024 * 1024, outDir: path.join(t.dir, 'star*') });
      const names = files.map((f) => f.relPath);
      expect(names).not.toContain('star*/test_hf_star.py');
      // The glob reads `star*` as a pattern: the glob's behaviour, kept as it was.
      expect(names).not.toContain('starry/test_hf_starry.py');
      expect(names).toContain('a/test_hf_b.py');
    } finally {
      fs.rmSync(path.join(t.dir, 'star*'), { recursive: true });
      fs.rmSync(path.join(t.dir, 'starry'), { recursive: true });
    }
  });
});
