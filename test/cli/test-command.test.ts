import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { main, EXIT } from '../../src/cli';

const REPO = path.join(__dirname, '..', '..');

async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (d) => (stderr += d));
  out.resume();
  const code = await main(['node', 'hf-convert', ...args], { stdout: out as unknown as NodeJS.WriteStream, stderr: err as unknown as NodeJS.WriteStream });
  return { code, stderr };
}

describe('hf-convert test', () => {
  test('runs the models project with the baseline settings and records baselines', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-test-command-'));
    const saved = { ...process.env };
    Object.assign(process.env, { HF_BASELINES_DIR: path.join(work, 'baselines'), HF_RUN_DIR: path.join(work, 'run') });
    const cwd = process.cwd();
    process.chdir(REPO);
    try {
      const run = await cli('test', '--update-baselines', '--baseline-tolerance', '0.1', 'generated/text/gpt2.test.ts', '--silent');
      expect(run.code).toBe(EXIT.ok);
      const baseline = JSON.parse(fs.readFileSync(path.join(work, 'baselines', 'cpu.json'), 'utf8'));
      expect(Object.keys(baseline.entries).some((key) => key.startsWith('text/gpt2 text-generation | latency_ms'))).toBe(true);
      const report = JSON.parse(fs.readFileSync(path.join(work, 'baselines', 'report.json'), 'utf8'));
      expect(report.thresholds.tolerance).toBe(0.1);
    } finally {
      process.chdir(cwd);
      process.env = saved;
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  test('a bad tolerance is a usage error', async () => {
    const run = await cli('test', '--baseline-tolerance', 'lots');
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/expected a number such as 0\.1/);
  });
});
