import * as fs from 'node:fs';
import * as path from 'node:path';
import { convert, type ConvertOptions } from '../../src/convert';
import { tempDir } from '../helpers/tmp';

const CORPUS = path.join(__dirname, '..', '..', 'legacy-tests');

/** What a conversion produced, without timings. */
const outcome = (r: Awaited<ReturnType<typeof convert>>) => ({ records: r.records, suites: r.suites, changes: r.changes });

describe('analysis on worker threads (started before the scan on a cold run)', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  const options = (paths: string[], jobs: number): ConvertOptions => ({
    paths, recursive: true, outDir: path.join(t.dir, 'out'), dryRun: true, force: false, cacheDir: false, maxFileBytes: 4 << 20, jobs,
  });

  test('a whole corpus converts the same on two threads as on one', async () => {
    const single = await convert(options([CORPUS], 1));
    const pooled = await convert(options([CORPUS], 2));
    expect(single.records.length).toBeGreaterThanOrEqual(48); // enough files for a worker to be used
    expect(outcome(pooled)).toEqual(outcome(single));
  }, 120_000);

  test('a run too small for workers drops the worker it started early, and still converts', async () => {
    fs.mkdirSync(path.join(t.dir, 'legacy'));
    for (const name of ['test_hf_gpt2.py', 'test_hf_bert.js']) fs.copyFileSync(path.join(CORPUS, name), path.join(t.dir, 'legacy', name));
    const single = await convert(options([path.join(t.dir, 'legacy')], 1));
    const pooled = await convert(options([path.join(t.dir, 'legacy')], 2));
    expect(outcome(pooled)).toEqual(outcome(single));
    expect(pooled.records.map((r) => r.source).sort()).toEqual(['test_hf_bert.js', 'test_hf_gpt2.py']);
  });
});
