import { PassThrough } from 'node:stream';
import { createDownloadProgressReporter, createProgressReporter, formatBytes } from '../../src/cli/progress';

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

describe('download progress (models pull)', () => {
  const at = (bytesDone: number, filesDone: number) => ({ phase: 'download' as const, filesDone, filesTotal: 3, bytesDone, bytesTotal: 3 * 1024 * 1024, current: 'Xenova/bert-base-uncased/onnx/model.onnx' });

  test('on a terminal: a bar with bytes and files', () => {
    const out = stream(true);
    const progress = createDownloadProgressReporter(out.s, true);
    progress.update({ phase: 'list', filesDone: 0, filesTotal: 1, bytesDone: 0, bytesTotal: 0, current: 'Xenova/bert-base-uncased' });
    progress.update(at(1024 * 1024, 1));
    progress.stop();
    expect(out.text()).toMatch(/downloading \[.*\] \d+% \| 1\.0 MB of 3\.0 MB \| 1\/3 files \| Xenova\/bert-base-uncased\/onnx\/model\.onnx/);
  });

  test('off a terminal (CI): plain lines, at most every 2 s', () => {
    const out = stream(false);
    const progress = createDownloadProgressReporter(out.s, true);
    progress.update(at(512, 0));
    progress.update(at(2048, 1));
    progress.stop();
    expect(out.text()).toBe('hf-convert: downloaded 512 B of 3.0 MB, 0/3 files (Xenova/bert-base-uncased/onnx/model.onnx)\n');
  });

  test('byte sizes', () => {
    expect([0, 1023, 1024, 1536, 10 * 1024 * 1024, 5.5 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KB', '1.5 KB', '10 MB', '5.5 GB']);
  });
});
