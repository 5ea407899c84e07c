import { applyConfirmation, configArgs, filesToConfirm, needsConfirmation } from '../../src/reporter/confirm';
import type { ReportRow } from '../../src/reporter/compare-run';
import type { Verdict } from '../../src/reporter/compare';

function row(key: string, verdict: Verdict, worseFactor: number, reason?: string): ReportRow {
  return { key, verdict, worseFactor, suite: key.split(' | ')[0], metric: 'latency_ms', ...(reason ? { reason } : {}) } as ReportRow;
}

describe('confirmation of flagged metrics', () => {
  test('only regressions and noisy rows are re-measured', () => {
    expect((['regression', 'noisy', 'improvement', 'unchanged', 'new', 'insufficient-data'] as Verdict[]).filter((verdict) => needsConfirmation(row('a', verdict, 1)))).toEqual(['regression', 'noisy']);
  });

  test('a flag stands only when the re-measurement repeats it', () => {
    const first = [row('a', 'regression', 1.6), row('b', 'regression', 1.5), row('c', 'noisy', 2, 'contention: …'), row('d', 'noisy', 2, 'contention: …'), row('e', 'unchanged', 1.01)];
    const again = new Map([
      ['a', row('a', 'regression', 1.55)],
      ['b', row('b', 'unchanged', 1.02)],
      ['c', row('c', 'regression', 1.7)],
      ['d', row('d', 'unchanged', 1.0)],
      ['e', row('e', 'regression', 3)],
    ]);
    const final = applyConfirmation(first, again);
    expect(final.map((r) => r.verdict)).toEqual(['regression', 'unchanged', 'regression', 'unchanged', 'unchanged']);
    expect(final[0].reason).toBe('confirmed: regression at 1.60x, then regression at 1.55x when re-measured');
    expect(final[1].reason).toBe('not confirmed: regression at 1.50x, then unchanged at 1.02x when re-measured');
    expect(final[3].reason).toBe('not confirmed: noisy at 2.00x (contention), then unchanged at 1.00x when re-measured');
    // A row that was not flagged is never changed by the re-measurement.
    expect(final[4]).toBe(first[4]);
  });

  test('contention during the re-measurement leaves the row noisy; a missing re-measurement leaves it as measured', () => {
    const [noisy, missing] = applyConfirmation([row('a', 'regression', 1.6), row('b', 'regression', 1.6)], new Map([['a', row('a', 'noisy', 2, 'contention: busy')]]));
    expect(noisy).toMatchObject({ verdict: 'noisy', reason: 'regression at 1.60x, then noisy when re-measured (contention: busy)' });
    expect(missing).toMatchObject({ verdict: 'regression', reason: 'not re-measured (the confirming run did not record it)' });
  });

  test('the flagged suites\' test files are re-run, resolved against the root, once each', () => {
    const files = new Map([['text/bert fill-mask', new Set(['generated/text/bert.test.ts'])], ['text/gpt2 text-generation', new Set(['generated/text/gpt2.test.ts'])]]);
    const rows = [row('text/bert fill-mask | latency_ms', 'regression', 2), row('text/bert fill-mask | cpu_ms', 'regression', 2), row('text/gpt2 text-generation | cpu_ms', 'unchanged', 1)];
    expect(filesToConfirm(rows, files, '/repo')).toEqual(['/repo/generated/text/bert.test.ts']);
  });

  test('the confirming run keeps the --config of the run it confirms', () => {
    expect(configArgs(['node', 'jest', '--selectProjects', 'models', '--config', 'ci/jest.config.js'])).toEqual(['--config', 'ci/jest.config.js']);
    expect(configArgs(['node', 'jest', '-c', 'x.js'])).toEqual(['--config', 'x.js']);
    expect(configArgs(['node', 'jest', '--config=y.js'])).toEqual(['--config=y.js']);
    expect(configArgs(['node', 'jest', 'generated/text'])).toEqual([]);
  });
});
