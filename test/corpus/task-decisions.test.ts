/**
 * Pins the task the converter records for the corpus files of model-class tasks and of the
 * machine-translated boilerplate batch (legacy-tests/CORPUS.md, "Task decisions").
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { convert } from '../../src/convert';

const CORPUS = path.join(__dirname, '..', '..', 'legacy-tests');

function pinned(): Array<[string, string, string]> {
  const text = fs.readFileSync(path.join(CORPUS, 'CORPUS.md'), 'utf8');
  return [...text.matchAll(/^- `([^`]+)` → `([^`]+)` \/ `([^`]+)`/gm)].map((m) => [m[1], m[2], m[3]]);
}

describe('corpus task decisions', () => {
  it('records the pinned model_type and task for each listed file, with boilerplate provenance in translated/', async () => {
    const rows = pinned();
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const result = await convert({ paths: [CORPUS], recursive: true, outDir: path.join(CORPUS, '..', 'generated'), dryRun: true, force: false, cacheDir: false, maxFileBytes: 10_000_000, jobs: 1 });
    const bySource = new Map(result.records.map((r) => [r.source, r]));
    const actual = rows.map(([file]) => [file, bySource.get(file)?.model_type, bySource.get(file)?.task]);
    expect(actual).toEqual(rows);
    for (const [file] of rows.filter(([f]) => f.startsWith('translated/'))) {
      const record = bySource.get(file)!;
      expect(record.task_evidence?.boilerplate[0]).toMatchObject({ value: 'feature-extraction', scope: 'folder "translated"' });
      expect(record.warnings.some((w) => w.includes('template boilerplate'))).toBe(true);
    }
    // Hand-written files outside the batch keep their own feature-extraction (no boilerplate in the corpus as a whole).
    expect(bySource.get('test_hf_mpnet.js')).toMatchObject({ task: 'feature-extraction' });
    expect(bySource.get('test_hf_mpnet.js')!.task_evidence).toBeUndefined();
  }, 120_000);
});
