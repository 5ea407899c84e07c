import * as vm from 'node:vm';
import { installCodeCache } from './code-cache-environment';

/** A module body big enough to be cached, returning `marker`. */
const body = (marker: string) => `${'// padding\n'.repeat(600)}return ${JSON.stringify(marker)};`;

describe('the framework environment code cache', () => {
  function cachingTarget() {
    const calls: Array<{ cachedData: boolean; rejected: boolean | undefined }> = [];
    const target = {
      compileFunction: ((source: string, params?: string[], options?: vm.CompileFunctionOptions) => {
        const fn = vm.compileFunction(source, params, options);
        calls.push({ cachedData: options?.cachedData !== undefined, rejected: (fn as { cachedDataRejected?: boolean }).cachedDataRejected });
        return fn;
      }) as typeof vm.compileFunction,
    };
    installCodeCache(target);
    return { target, calls };
  }

  test('a second compile of the same source starts from the first one’s code, and runs the same', () => {
    const { target, calls } = cachingTarget();
    const filename = `/virtual/same-${process.pid}.js`;
    const first = target.compileFunction(body('one'), [], { filename });
    const second = target.compileFunction(body('one'), [], { filename, parsingContext: vm.createContext({}) });
    expect([first(), second()]).toEqual(['one', 'one']);
    expect(calls).toEqual([{ cachedData: false, rejected: undefined }, { cachedData: true, rejected: false }]);
  });

  test('a changed source under the same name is compiled afresh (never the old code)', () => {
    const { target, calls } = cachingTarget();
    const filename = `/virtual/changed-${process.pid}.js`;
    expect(target.compileFunction(body('before'), [], { filename })()).toBe('before');
    expect(target.compileFunction(body('after!'), [], { filename })()).toBe('after!');
    expect(calls.map((c) => c.cachedData)).toEqual([false, false]);
  });

  test('small sources and compiles without a file name pass straight through', () => {
    const { target, calls } = cachingTarget();
    target.compileFunction('return 1;', [], { filename: '/virtual/small.js' });
    target.compileFunction('return 1;', [], { filename: '/virtual/small.js' });
    target.compileFunction(body('anonymous'), []);
    target.compileFunction(body('anonymous'), []);
    expect(calls.every((c) => !c.cachedData)).toBe(true);
  });
});
