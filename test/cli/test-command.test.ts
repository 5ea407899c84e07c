import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main, EXIT } from '../../src/cli';
import { testCommandEnv } from '../../src/cli/baselines-cli';
import { tempDir } from '../helpers/tmp';
import { runCli } from '../helpers/cli';

const REPO = path.join(__dirname, '..', '..');

const cli = runCli;

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
      expect(run.stderr).toContain(`hf-convert test: baselines in ${path.join(work, 'baselines')} (HF_BASELINES_DIR), recording this run\n`);
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

  test('the settings Jest gets: flag over environment over default, paths absolute', () => {
    const tmp = tempDir('hf-test-env-');
    try {
      const defaults = testCommandEnv({}, {}, tmp.dir);
      expect(defaults.env).toMatchObject({ HF_BASELINES_DIR: path.join(tmp.dir, 'baselines'), HF_UPDATE_BASELINES: '0', HF_FAIL_ON_REGRESSION: '0', HF_BASELINE_TOLERANCE: '0.2' });
      expect(defaults.env.HF_RUN_DIR).toBeUndefined();
      expect(defaults.line).toBe('hf-convert test: baselines in baselines (default)\n');

      const env = { HF_BASELINES_DIR: 'ci-baselines', HF_BASELINE_TOLERANCE: '0.3', HF_UPDATE_BASELINES: '1', HF_FAIL_ON_REGRESSION: '1', HF_RUN_DIR: 'runs/x', OTHER: 'kept' };
      const fromEnv = testCommandEnv({}, env, tmp.dir);
      expect(fromEnv.env).toMatchObject({ HF_BASELINES_DIR: path.join(tmp.dir, 'ci-baselines'), HF_BASELINE_TOLERANCE: '0.3', HF_UPDATE_BASELINES: '1', HF_FAIL_ON_REGRESSION: '1', HF_RUN_DIR: path.join(tmp.dir, 'runs', 'x'), OTHER: 'kept' });
      expect(fromEnv.line).toContain('(HF_BASELINES_DIR), recording this run');

      const flags = testCommandEnv({ baselinesDir: 'mine', baselineTolerance: 0.1, updateBaselines: false, failOnRegression: false }, env, tmp.dir);
      expect(flags.env).toMatchObject({ HF_BASELINES_DIR: path.join(tmp.dir, 'mine'), HF_BASELINE_TOLERANCE: '0.1', HF_UPDATE_BASELINES: '0', HF_FAIL_ON_REGRESSION: '0' });
      expect(flags.line).toBe('hf-convert test: baselines in mine (--baselines-dir)\n');
    } finally {
      tmp.cleanup();
    }
  });

  test('an invalid variable stops it before Jest starts, naming the variable', async () => {
    const saved = process.env.HF_BASELINE_ALPHA;
    process.env.HF_BASELINE_ALPHA = '1.5';
    try {
      const run = await cli('test', 'generated/text/gpt2.test.ts');
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr).toBe('hf-convert test: HF_BASELINE_ALPHA="1.5" is not valid: expected a number between 0 and 1 (exclusive) such as 0.01\n');
    } finally {
      if (saved === undefined) delete process.env.HF_BASELINE_ALPHA;
      else process.env.HF_BASELINE_ALPHA = saved;
    }
  });

  test('a bad tolerance is a usage error', async () => {
    const run = await cli('test', '--baseline-tolerance', 'lots');
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toMatch(/expected a number such as 0\.1/);
  });
});
