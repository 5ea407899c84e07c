import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT } from '../../src/cli';
import { tempDir } from '../helpers/tmp';
import { runCli as cli } from '../helpers/cli';

const CORPUS = path.join(__dirname, '..', '..', 'legacy-tests');

const USER_CODE = `
// my own checks, kept across conversions
describe('my gpt2 extras', () => {
  beforeAll(() => {
    jest.setTimeout(120_000);
  });
  test('the suite names gpt2', () => {
    expect(spec.modelType).toBe('gpt2');
  });
});
`;

describe('hf-convert CLI: regeneration keeps what the user added to a suite', () => {
  let t: ReturnType<typeof tempDir>;
  beforeEach(() => {
    t = tempDir();
  });
  afterEach(() => t.cleanup());

  test('append a user test, change the legacy file, reconvert: the user test is intact and the spec updated', async () => {
    const legacy = path.join(t.dir, 'legacy');
    fs.mkdirSync(legacy);
    for (const file of ['test_hf_gpt2.py', 'test_hf_bert.py']) fs.copyFileSync(path.join(CORPUS, file), path.join(legacy, file));
    const out = path.join(t.dir, 'out');
    const cache = ['--cache-dir', path.join(t.dir, 'cache'), '--no-progress'];
    expect((await cli(legacy, '--out', out, ...cache)).code).toBe(EXIT.ok);
    const target = path.join(out, 'text/gpt2.test.ts');
    const generated = fs.readFileSync(target, 'utf8');
    fs.appendFileSync(target, USER_CODE);
    const extended = fs.readFileSync(target, 'utf8');

    // Header and spec up to date: the user's code alone does not make the output out of date.
    const inSync = await cli(legacy, '--out', out, '--check', ...cache);
    expect(inSync.code).toBe(EXIT.ok);
    expect(inSync.stdout).toMatch(/output: unchanged 2$/m);

    fs.appendFileSync(path.join(legacy, 'test_hf_gpt2.py'), '\nPROMPT = "A brand new legacy prompt"\npipe(PROMPT)\n');
    const check = await cli(legacy, '--out', out, '--check', ...cache);
    expect(check.code).toBe(EXIT.failure);
    const dry = await cli(legacy, '--out', out, '--dry-run', ...cache);
    expect(dry.code).toBe(EXIT.ok);
    expect(dry.stdout).toMatch(/would update text\/gpt2\.test\.ts — .*the rest of the file kept/);
    expect(fs.readFileSync(target, 'utf8')).toBe(extended);

    const apply = await cli(legacy, '--out', out, ...cache);
    expect(apply.code).toBe(EXIT.ok);
    const updated = fs.readFileSync(target, 'utf8');
    expect(updated).toContain('A brand new legacy prompt');
    expect(updated.endsWith(USER_CODE)).toBe(true);
    expect(updated.slice(0, -USER_CODE.length)).not.toBe(generated);
    // The updated file is exactly a fresh conversion with the user's code still appended.
    const fresh = path.join(t.dir, 'fresh');
    expect((await cli(legacy, '--out', fresh, ...cache)).code).toBe(EXIT.ok);
    expect(updated).toBe(fs.readFileSync(path.join(fresh, 'text/gpt2.test.ts'), 'utf8') + USER_CODE);
    expect((await cli(legacy, '--out', out, '--check', ...cache)).code).toBe(EXIT.ok);
  }, 120_000);

  test('a suite too mangled to update is named with what is missing, left untouched, and fails --check', async () => {
    const legacy = path.join(t.dir, 'legacy');
    fs.mkdirSync(legacy);
    fs.copyFileSync(path.join(CORPUS, 'test_hf_gpt2.py'), path.join(legacy, 'test_hf_gpt2.py'));
    const out = path.join(t.dir, 'out');
    const cache = ['--cache-dir', path.join(t.dir, 'cache'), '--no-progress'];
    await cli(legacy, '--out', out, ...cache);
    const target = path.join(out, 'text/gpt2.test.ts');
    const mangled = fs.readFileSync(target, 'utf8').replace('describeModel(spec);\n', "test('mine', () => {});\n");
    fs.writeFileSync(target, mangled);
    const run = await cli(legacy, '--out', out, ...cache);
    expect(run.stdout).toMatch(/kept-mangled text\/gpt2\.test\.ts — cannot update text\/gpt2\.test\.ts in place: its `describeModel\(spec\)` call was removed/);
    expect(fs.readFileSync(target, 'utf8')).toBe(mangled);
    expect((await cli(legacy, '--out', out, '--check', ...cache)).code).toBe(EXIT.failure);
  }, 120_000);
});
