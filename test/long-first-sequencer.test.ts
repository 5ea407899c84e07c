import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './helpers/tmp';

const LongFirstSequencer = require('./long-first-sequencer.cjs');

describe('long-first sequencer', () => {
  const t = tempDir('sequencer-');
  afterAll(() => t.cleanup());
  const file = (name: string, text: string) => t.write(name, text);
  const testsOf = (paths: string[]) =>
    paths.map((p) => ({ path: p, context: { config: { cache: false, id: 'framework' }, hasteFS: { getSize: (f: string) => fs.statSync(f).size } } }));

  it('on a cold cache runs a small file marked @long-running before bigger unmarked ones', () => {
    const big = file('big.test.ts', `/** an ordinary file */\n${'// padding\n'.repeat(500)}`);
    const small = file('small.test.ts', "import x from 'y';\n/**\n * Spawns ten Jest runs.\n * @long-running\n */\n");
    const order = new LongFirstSequencer({}).sort(testsOf([big, small])).map((test: { path: string }) => path.basename(test.path));
    expect(order).toEqual(['small.test.ts', 'big.test.ts']);
  });

  it('keeps Jest order (longest recorded first) once an earlier run recorded timings', () => {
    const slow = file('slow.test.ts', '// no marker\n');
    const marked = file('marked.test.ts', '/**\n * @long-running\n */\n');
    const sequencer = new LongFirstSequencer({});
    const durations: Record<string, number> = { [slow]: 9000, [marked]: 100 };
    sequencer.time = (test: { path: string }) => durations[test.path];
    expect(sequencer.sort(testsOf([marked, slow])).map((test: { path: string }) => path.basename(test.path))).toEqual(['slow.test.ts', 'marked.test.ts']);
  });
});
