import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { main, EXIT } from '../../src/cli';
import { loadCatalog } from '../../src/catalog';
import { tempDir } from '../helpers/tmp';
import { runCli } from '../helpers/cli';

const REPO = path.join(__dirname, '..', '..');
const CORPUS = path.join(REPO, 'legacy-tests');

const cli = runCli;

function readManifest(file: string): Record<string, unknown>[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
}

function listFiles(dir: string): Record<string, string> {
  return Object.fromEntries(fg.sync('**/*', { cwd: dir, dot: true }).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

describe('hf-convert CLI end to end', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  test('converts the shipped corpus: one record per legacy file, a suite per model type, summary printed; rerun is byte-identical', async () => {
    const out = path.join(t.dir, 'out');
    const manifest = path.join(t.dir, 'manifest.jsonl');
    const first = await cli('--recursive', CORPUS, '--out', out, '--manifest', manifest, '--cache-dir', path.join(t.dir, 'cache'));
    expect(first.code).toBe(EXIT.ok);
    expect(first.stdout).toMatch(/hf-convert: \d+ legacy files → \d+ suites/);
    expect(first.stdout).toMatch(/converted \d+, folded \d+, skipped \d+, failed \d+/);
    expect(first.stdout).toMatch(/suites by category: .*text/);
    expect(first.stdout).toMatch(/files by language: javascript \d+, python \d+, typescript \d+/);
    expect(first.stdout).toMatch(/files by variant: base \d+/);
    expect(first.stdout).toMatch(/files\/s/);

    const legacy = fg.sync('**/test_hf_*.{py,js,mjs,cjs,ts}', { cwd: CORPUS, ignore: ['**/node_modules/**', '**/improved/**'] });
    const records = readManifest(manifest);
    expect(records.map((r) => r.source).sort()).toEqual([...legacy].sort());
    for (const r of records) {
      // task_evidence only where the task evidence was template boilerplate (see src/plan/README.md).
      const optional = 'task_evidence' in r ? ['task_evidence'] : [];
      expect(Object.keys(r).sort()).toEqual(['category', 'language', 'model_id', 'model_type', 'onnx_model_id', 'output', 'reason', 'source', 'status', 'task', ...optional, 'variant', 'warnings']);
      expect(['converted', 'duplicate', 'skipped', 'failed']).toContain(r.status);
      if (r.status !== 'converted') expect(typeof r.reason).toBe('string');
      if (r.status === 'converted' || r.status === 'duplicate') expect(fs.existsSync(path.join(out, r.output as string))).toBe(true);
    }
    const suites = fg.sync('*/*.test.ts', { cwd: out });
    expect(suites.length).toBe(records.filter((r) => r.status === 'converted').length);
    expect(new Set(records.filter((r) => r.status !== 'skipped' && r.status !== 'failed').map((r) => r.model_type)).size).toBe(suites.length);

    // Every suite of a family the ONNX catalog lists checkpoints for loads one of them; no other id is passed off as real.
    const catalog = loadCatalog();
    for (const r of records.filter((x) => x.status === 'converted' || x.status === 'duplicate')) {
      const listed = catalog.onnxCheckpoints(r.model_type as string).map((c) => c.id);
      if (listed.length > 0) expect(listed).toContain(r.onnx_model_id);
      else expect(r.onnx_model_id).toBeNull();
      // A legacy id no catalog lists is there as provenance only, and the file it came from says so.
      const unverified = `unverified checkpoint "${r.model_id as string}"`;
      if (!catalog.isListed(r.model_id as string)) expect(records.some((x) => x.output === r.output && (x.warnings as string[]).some((w) => w.startsWith(unverified)))).toBe(true);
    }
    const bySource = new Map(records.map((r) => [r.source, r]));
    expect(bySource.get('test_hf_pythia.py')).toMatchObject({ model_type: 'gpt_neox', status: 'duplicate' });
    expect(bySource.get('test_hf_pythia_with_amd.py')).toMatchObject({ model_type: 'gpt_neox', status: 'duplicate' });
    expect(bySource.get('test_hf_nllb.py')).toMatchObject({ model_type: 'm2m_100', status: 'duplicate' });
    expect(bySource.get('test_hf_dino.py')).toMatchObject({ model_type: 'vit', status: 'duplicate' });
    expect(bySource.get('test_hf_levit.py')).toMatchObject({ model_type: 'levit', status: 'converted', onnx_model_id: null });
    expect(bySource.get('test_hf_swin_standardized.py')).toMatchObject({ model_type: 'swin', status: 'duplicate' });
    expect(bySource.get('test_hf_gemma3.py')).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^not a model test: placeholder that skips itself/) });
    expect(bySource.get('test_hf_bert.js')).toMatchObject({ model_id: 'Xenova/bert-base-uncased', onnx_model_id: 'Xenova/bert-base-uncased' });
    expect(bySource.get('test_hf_whisper.py')).toMatchObject({ model_id: 'openai/whisper-tiny', onnx_model_id: 'Xenova/whisper-tiny' });
    expect(bySource.get('test_hf_convnext.py')).toMatchObject({ model_id: 'facebook/convnext-tiny-224', onnx_model_id: 'Xenova/convnext-tiny-224' });
    for (const source of ['test_hf_convnext_minimal.py', 'test_hf_resnet_standardized.py']) {
      expect((bySource.get(source)!.warnings as string[]).some((w) => w.includes('fabricated id'))).toBe(true);
    }

    const before = listFiles(out);
    const second = await cli(CORPUS, '--out', out, '--cache-dir', path.join(t.dir, 'cache'));
    expect(second.code).toBe(EXIT.ok);
    expect(second.stdout).toMatch(/output: unchanged \d+$/m);
    expect(listFiles(out)).toEqual(before);
    // A cold run (no cache) produces the same bytes as the cached one.
    const third = await cli(CORPUS, '--out', out, '--no-cache', '--check');
    expect(third.code).toBe(EXIT.ok);
  }, 120_000);

  test('--check passes when in sync and exits 1 when a legacy file changed; --dry-run writes nothing and says what would change', async () => {
    fs.cpSync(CORPUS, path.join(t.dir, 'legacy'), { recursive: true });
    const legacy = path.join(t.dir, 'legacy');
    const out = path.join(t.dir, 'out');
    const cache = ['--cache-dir', path.join(t.dir, 'cache')];
    expect((await cli(legacy, '--out', out, ...cache)).code).toBe(EXIT.ok);
    expect((await cli(legacy, '--out', out, '--check', ...cache)).code).toBe(EXIT.ok);

    fs.appendFileSync(path.join(legacy, 'test_hf_gpt2.py'), '\nPROMPT = "A brand new legacy prompt"\npipe(PROMPT)\n');
    fs.rmSync(path.join(legacy, 'test_hf_bloom.py'));
    const before = listFiles(out);
    const check = await cli(legacy, '--out', out, '--check', ...cache);
    expect(check.code).toBe(EXIT.failure);
    expect(check.stderr).toMatch(/out of date/);
    const dry = await cli(legacy, '--out', out, '--dry-run', ...cache);
    expect(dry.code).toBe(EXIT.ok);
    expect(dry.stdout).toMatch(/would update text\/gpt2\.test\.ts/);
    expect(dry.stdout).toMatch(/would remove text\/bloom\.test\.ts/);
    expect(listFiles(out)).toEqual(before);

    const apply = await cli(legacy, '--out', out, ...cache);
    expect(apply.stdout).toMatch(/update text\/gpt2\.test\.ts/);
    expect(fs.readFileSync(path.join(out, 'text/gpt2.test.ts'), 'utf8')).toContain('A brand new legacy prompt');
    expect(fs.existsSync(path.join(out, 'text/bloom.test.ts'))).toBe(false);
    expect((await cli(legacy, '--out', out, '--check', ...cache)).code).toBe(EXIT.ok);
  }, 120_000);

  test('a generated file whose spec was edited by hand is kept (and --check fails) until --force; code added around it stays', async () => {
    const out = path.join(t.dir, 'out');
    // The legacy files never change here: after the first run, each run reuses its analysis (the
    // edits are to the output, which every run compares with the plan), not a cold start each time.
    const cache = ['--cache-dir', path.join(t.dir, 'cache')];
    await cli(CORPUS, '--out', out, ...cache);
    const target = path.join(out, 'text/bert.test.ts');
    fs.appendFileSync(target, '// hand edit\n');
    expect((await cli(CORPUS, '--out', out, '--check', ...cache)).code).toBe(EXIT.ok);
    fs.writeFileSync(target, fs.readFileSync(target, 'utf8').replace('modelType: "bert"', 'modelType: "bert" /* spec edit */'));
    const kept = await cli(CORPUS, '--out', out, ...cache);
    expect(kept.stdout).toMatch(/kept-edited text\/bert\.test\.ts — edited by hand/);
    expect(fs.readFileSync(target, 'utf8')).toContain('/* spec edit */');
    expect((await cli(CORPUS, '--out', out, '--check', ...cache)).code).toBe(EXIT.failure);
    await cli(CORPUS, '--out', out, '--force', ...cache);
    expect(fs.readFileSync(target, 'utf8')).not.toContain('/* spec edit */');
    expect(fs.readFileSync(target, 'utf8')).toMatch(/\/\/ hand edit\n$/);
  }, 120_000);

  test('bad inputs each get a record with a reason; the run finishes and nothing is half-written', async () => {
    const legacy = path.join(t.dir, 'legacy');
    fs.mkdirSync(legacy);
    fs.copyFileSync(path.join(CORPUS, 'test_hf_gpt2.py'), path.join(legacy, 'test_hf_gpt2.py'));
    fs.writeFileSync(path.join(legacy, 'test_hf_blob.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]));
    fs.writeFileSync(path.join(legacy, 'test_hf_empty.py'), '');
    fs.writeFileSync(path.join(legacy, 'test_hf_vit.py'), Buffer.concat([Buffer.from('from transformers import pipeline\n# caf'), Buffer.from([0xe9]), Buffer.from('\npipe = pipeline("image-classification", model="google/vit-base-patch16-224")\n')]));
    const huge = fs.openSync(path.join(legacy, 'test_hf_huge.py'), 'w');
    fs.ftruncateSync(huge, 50 * 1024 * 1024);
    fs.closeSync(huge);
    fs.mkdirSync(path.join(legacy, 'test_hf_unreadable.py'));
    fs.mkdirSync(path.join(legacy, 'sub'));
    fs.symlinkSync('..', path.join(legacy, 'sub', 'loop'));
    fs.symlinkSync('test_hf_self.py', path.join(legacy, 'test_hf_self.py'));
    const out = path.join(t.dir, 'out');
    const manifest = path.join(t.dir, 'm.jsonl');
    const run = await cli(legacy, '--out', out, '--manifest', manifest, '--no-cache', '--fail-on-error');
    expect(run.code).toBe(EXIT.failure);
    expect(run.stderr).toMatch(/failed to convert \(--fail-on-error\)/);
    const bySource = Object.fromEntries(readManifest(manifest).map((r) => [r.source, r]));
    expect(bySource['test_hf_blob.py']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^binary file/) });
    expect(bySource['test_hf_empty.py']).toMatchObject({ status: 'skipped', reason: 'empty file' });
    expect(bySource['test_hf_huge.py']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^file too large: 50\.0 MB/) });
    expect(bySource['test_hf_unreadable.py']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^cannot read/) });
    expect(bySource['sub/loop']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^symlink loop/) });
    expect(bySource['test_hf_self.py']).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^symlink loop/) });
    expect(bySource['test_hf_vit.py']).toMatchObject({ status: 'converted', model_type: 'vit' });
    expect((bySource['test_hf_vit.py'].warnings as string[]).join()).toMatch(/not valid UTF-8 .*decoded as Latin-1/);
    expect(bySource['test_hf_gpt2.py']).toMatchObject({ status: 'converted', model_type: 'gpt2' });
    expect(fg.sync('**/*', { cwd: out, dot: true }).sort()).toEqual(['text/gpt2.test.ts', 'vision/vit.test.ts']);
  }, 120_000);

  test('--json prints the whole result on stdout and the summary on stderr', async () => {
    const run = await cli(path.join(CORPUS, 'test_hf_gpt2.py'), '--out', path.join(t.dir, 'out'), '--json', '--no-cache');
    expect(run.code).toBe(EXIT.ok);
    const result = JSON.parse(run.stdout);
    expect(result.summary).toMatchObject({ files: 1, converted: 1, suites: 1 });
    expect(result.records[0]).toMatchObject({ source: 'test_hf_gpt2.py', status: 'converted', output: 'text/gpt2.test.ts' });
    expect(result.changes).toEqual([{ output: 'text/gpt2.test.ts', action: 'create' }]);
    expect(run.stderr).toMatch(/hf-convert: 1 legacy files/);
  }, 60_000);

  test.each([
    [[], /missing required argument 'paths'/],
    [['legacy-tests', '--bogus'], /unknown option '--bogus'/],
    [['no/such/folder'], /no such file or folder: no\/such\/folder/],
    [['legacy-tests', '--jobs', '0'], /expected a whole number/],
    [['legacy-tests', '--max-file-size', 'huge'], /expected a size such as/],
    [['legacy-tests', '--dry-run', '--check'], /--dry-run and --check do not go together/],
  ])('usage error %j exits 2 with a clear message', async (args, message) => {
    const run = await cli(...(args as string[]).map((a) => (a === 'legacy-tests' ? CORPUS : a)));
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(message);
  });

  test('the committed generated/ is in sync with legacy-tests/ (what CI checks)', async () => {
    const run = await cli(CORPUS, '--out', path.join(REPO, 'generated'), '--check', '--no-cache');
    expect(run.stderr).not.toMatch(/out of date/);
    expect(run.code).toBe(EXIT.ok);
  }, 60_000);
});
