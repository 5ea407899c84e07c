import * as fs from 'node:fs';
import * as path from 'node:path';
import { convert, type ConvertOptions } from '../../src/convert';
import { tempDir } from '../helpers/tmp';

const CORPUS = path.join(__dirname, '..', '..', 'legacy-tests');

/** Moves every folder's and file's timestamps a minute back, so the scan snapshot is not "racy". */
function age(dir: string): void {
  const past = new Date(Date.now() - 60_000);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    fs.utimesSync(path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name), past, past);
  }
  fs.utimesSync(dir, past, past);
}

describe('reruns reuse the last scan and plan only while nothing moved', () => {
  let t: ReturnType<typeof tempDir>;
  let options: ConvertOptions;
  beforeEach(() => {
    t = tempDir();
    fs.mkdirSync(path.join(t.dir, 'legacy', 'old'), { recursive: true });
    for (const name of ['test_hf_gpt2.py', 'test_hf_bert.js', 'test_hf_vit.py']) fs.copyFileSync(path.join(CORPUS, name), path.join(t.dir, 'legacy', name));
    age(path.join(t.dir, 'legacy'));
    options = { paths: [path.join(t.dir, 'legacy')], recursive: true, outDir: path.join(t.dir, 'out'), dryRun: false, force: false, cacheDir: path.join(t.dir, 'cache'), maxFileBytes: 4 << 20, jobs: 1 };
  });
  afterEach(() => t.cleanup());

  test('an unchanged tree is answered from the snapshot, with the same records', async () => {
    const first = await convert(options);
    const second = await convert(options);
    expect(first.cacheHits).toBe(0);
    expect(second.cacheHits).toBe(3);
    expect(second.records).toEqual(first.records);
    expect(second.changes.every((c) => c.action === 'unchanged')).toBe(true);
  });

  test('a file added to a subfolder is found (its folder moved)', async () => {
    await convert(options);
    fs.copyFileSync(path.join(CORPUS, 'test_hf_whisper.py'), path.join(t.dir, 'legacy', 'old', 'test_hf_whisper.py'));
    const second = await convert(options);
    expect(second.records.map((r) => r.source)).toContain('old/test_hf_whisper.py');
    expect(second.changes).toContainEqual(expect.objectContaining({ output: 'audio/whisper.test.ts', action: 'create' }));
  });

  test('an edited file is re-read even when its folder did not move', async () => {
    await convert(options);
    const file = path.join(t.dir, 'legacy', 'test_hf_gpt2.py');
    fs.appendFileSync(file, '\nPROMPT = "A prompt added later"\npipe(PROMPT)\n');
    const second = await convert(options);
    expect(second.changes).toContainEqual(expect.objectContaining({ output: 'text/gpt2.test.ts', action: 'update' }));
    expect(fs.readFileSync(path.join(t.dir, 'out', 'text', 'gpt2.test.ts'), 'utf8')).toContain('A prompt added later');
  });

  test('a deleted output is rewritten from the reused plan', async () => {
    await convert(options);
    fs.rmSync(path.join(t.dir, 'out', 'vision', 'vit.test.ts'));
    const second = await convert(options);
    expect(second.cacheHits).toBe(3);
    expect(second.changes).toContainEqual(expect.objectContaining({ output: 'vision/vit.test.ts', action: 'create' }));
  });
});
