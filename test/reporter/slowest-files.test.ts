import * as path from 'node:path';

const SlowestFilesReporter = require('../../bin/slowest-files-reporter.cjs');

function printed(reporter: any, files: Array<[string, number]>): string {
  const writes: string[] = [];
  const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => (writes.push(String(chunk)), true));
  try {
    reporter.onRunComplete(new Set(), {
      testResults: files.map(([file, ms]) => ({ testFilePath: path.join('/repo', file), perfStats: { start: 1000, end: 1000 + ms } })),
    });
  } finally {
    spy.mockRestore();
  }
  return writes.join('');
}

describe('slowest files reporter', () => {
  it('lists the slowest files first, at most `count` of them, with the total', () => {
    const out = printed(new SlowestFilesReporter({ rootDir: '/repo' }, { count: 2 }), [
      ['test/a.test.ts', 1200],
      ['test/b.test.ts', 30_500],
      ['test/c.test.ts', 4000],
    ]);
    expect(out).toContain('Slowest 2 of 3 test files (35.7 s of test-file time in all)');
    const lines = out.trim().split('\n').slice(1);
    expect(lines).toEqual(['    30.5 s  test/b.test.ts', '     4.0 s  test/c.test.ts']);
  });

  it('stays silent for a run of one file (Jest already prints its time)', () => {
    expect(printed(new SlowestFilesReporter({ rootDir: '/repo' }), [['test/a.test.ts', 100]])).toBe('');
  });
});
