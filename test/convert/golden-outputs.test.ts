import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus } from '../../bench/corpus';
import { convert } from '../../src/convert';
import { tempDir } from '../helpers/tmp';

/**
 * Pins every byte the converter produces for the benchmark's corpora (the suites it writes and
 * every record: each extracted value with its provenance), so a faster extractor is proven to
 * extract exactly what the current one does. legacy-tests/ is pinned the same way by generated/
 * (`hf-convert --recursive legacy-tests --check`).
 * After an intended change of output: HF_UPDATE_GOLDEN=1 npx jest test/convert/golden-outputs.test.ts
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'golden-outputs.json');
const CORPORA = [
  { name: 'python', languages: 'python' as const },
  { name: 'js', languages: 'js' as const },
];

const sha = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(path.sep).join('/'))
    .sort();
}

async function digestOf(languages: 'python' | 'js'): Promise<{ files: number; suites: number; records: string; outputs: string }> {
  const t = tempDir();
  try {
    const corpus = path.join(t.dir, 'corpus');
    const built = buildCorpus({ sourceDir: path.join(__dirname, '..', '..', 'legacy-tests'), outDir: corpus, files: 160, targetBytes: 4_000, brokenShare: 0.4, languages });
    const out = path.join(t.dir, 'out');
    const result = await convert({ paths: [corpus], recursive: true, outDir: out, dryRun: false, force: false, cacheDir: false, maxFileBytes: 4 << 20, jobs: 1 });
    const records = [...result.records].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    const outputs = filesUnder(out).map((rel) => `${rel} ${sha(fs.readFileSync(path.join(out, rel)))}`).join('\n');
    return { files: built.files, suites: result.suites.length, records: sha(JSON.stringify(records)), outputs: sha(outputs) };
  } finally {
    t.cleanup();
  }
}

describe('the converter writes byte-identical output for the benchmark corpora', () => {
  const golden = fs.existsSync(FIXTURE) ? (JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>) : {};
  const actual: Record<string, unknown> = {};
  afterAll(() => {
    if (process.env.HF_UPDATE_GOLDEN === '1') fs.writeFileSync(FIXTURE, `${JSON.stringify({ ...golden, ...actual }, null, 2)}\n`);
  });
  it.each(CORPORA)('$name corpus', async ({ name, languages }) => {
    actual[name] = await digestOf(languages);
    if (process.env.HF_UPDATE_GOLDEN === '1') return;
    expect(actual[name]).toEqual(golden[name]);
  }, 60_000);
});
