'use strict';
/**
 * The TypeScript transform of `preset: 'hf-convert'`: ts-jest when the project's repository has it installed,
 * else @swc/jest, each resolved from the project's rootDir (never from hf-convert's own dependencies), so the
 * user's own version and its tsconfig.json (or .swcrc) apply. Options given to this transform are passed on.
 */
const TRANSFORMS = ['ts-jest', '@swc/jest'];
const chosen = new Map(); // rootDir -> the chosen package's transformer

function pick(rootDir) {
  for (const name of TRANSFORMS) {
    let resolved;
    try {
      resolved = require.resolve(name, { paths: [rootDir] });
    } catch {
      continue;
    }
    return { name, resolved };
  }
  throw new Error(
    `hf-convert's Jest preset needs a TypeScript transform installed in ${rootDir}: neither ts-jest nor @swc/jest ` +
      'was found. Install one: `npm install --save-dev ts-jest` or `npm install --save-dev @swc/core @swc/jest`.',
  );
}

function createTransformer(options) {
  const transformerFor = (transformOptions) => {
    const rootDir = transformOptions.config.rootDir;
    let transformer = chosen.get(rootDir);
    if (!transformer) {
      const { name, resolved } = pick(rootDir);
      const loaded = require(resolved);
      const factory = loaded && loaded.__esModule && loaded.default ? loaded.default : loaded;
      const delegate = typeof factory.createTransformer === 'function' ? factory.createTransformer(options) : factory;
      transformer = { name, delegate };
      chosen.set(rootDir, transformer);
    }
    return transformer;
  };
  return {
    canInstrument: false,
    // The chosen package's name is part of the key: installing ts-jest beside @swc/jest re-transforms.
    getCacheKey(source, filename, transformOptions) {
      const { name, delegate } = transformerFor(transformOptions);
      const key = typeof delegate.getCacheKey === 'function' ? delegate.getCacheKey(source, filename, transformOptions) : '';
      return `${name}:${key}`;
    },
    process(source, filename, transformOptions) {
      return transformerFor(transformOptions).delegate.process(source, filename, transformOptions);
    },
    async processAsync(source, filename, transformOptions) {
      const { delegate } = transformerFor(transformOptions);
      return typeof delegate.processAsync === 'function'
        ? delegate.processAsync(source, filename, transformOptions)
        : delegate.process(source, filename, transformOptions);
    },
  };
}

module.exports = { createTransformer, TRANSFORMS, pick };
