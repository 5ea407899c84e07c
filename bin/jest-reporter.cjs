'use strict';
/**
 * Jest loads reporters without transforming them, so this plain CommonJS shim loads the reporter:
 * inside this repository (sources present, @swc/core installed) straight from the
 * TypeScript source, so it is never stale; in an installed package from the compiled dist/.
 *
 * jest.config: reporters: ['default', ['hf-convert/reporter' or '<rootDir>/bin/jest-reporter.cjs', { failOnRegression: false }]]
 */
const fs = require('node:fs');
const path = require('node:path');

const source = path.join(__dirname, '..', 'src', 'reporter', 'index.ts');
let reporterModule;
if (fs.existsSync(source) && canResolve('@swc/core')) {
  require('./register-ts.cjs');
  reporterModule = require(source);
} else {
  reporterModule = require(path.join(__dirname, '..', 'dist', 'reporter', 'index.js'));
}

function canResolve(id) {
  try {
    require.resolve(id);
    return true;
  } catch {
    return false;
  }
}

module.exports = reporterModule.BaselineReporter || reporterModule.default;
