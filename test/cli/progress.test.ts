import { PassThrough } from 'node:stream';
import { createProgressReporter } from '../../src/cli/progress';

function stream(isTTY: boolean): { s: NodeJS.WriteStream; text: () => string } {
  const pass = new PassThrough();
  let text = '';
  pass.on('data', (d) => (text += d));
  Object.assign(pass, { isTTY, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  return { s: pass as unknown as NodeJS.WriteStream, text: () => text };
}

describe('progress', () => {
  test('off a terminal (CI): plain lines, at most every 2 s', () => {
    const out = stream(false);
    const progress = createProgressReporter(out.s, true);
    progress.update({ phase: 'analyse', done: 0, total: 10 });
    progress.update({ phase: 'analyse', done: 5, total: 10 });
    progress.stop();
    expect(out.text()).toBe('hf-convert: analysed 0/10 files\n');
  });

  test('on a terminal: a progress bar naming the files done', () => {
    const out = stream(true);
    const progress = createProgressReporter(out.s, true);
    progress.update({ phase: 'analyse', done: 3, total: 10 });
    progress.update({ phase: 'analyse', done: 10, total: 10 });
    progress.stop();
    expect(out.text()).toMatch(/converting \[.*\] \d+% \| \d+\/10 files \| analyse/);
  });

  test('--no-progress writes nothing', () => {
    const out = stream(true);
    const progress = createProgressReporter(out.s, false);
    progress.update({ phase: 'analyse', done: 3, total: 10 });
    progress.stop();
    expect(out.text()).toBe('');
  });
});
