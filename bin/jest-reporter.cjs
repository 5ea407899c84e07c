'use strict';
/**
 * Jest loads reporters without transforming them, so this plain CommonJS shim loads the compiled
 * reporter from dist/ when the package is built, and otherwise (inside this repository, before a
 * build) compiles the TypeScript source on the fly with esbuild-register (a dev dependency).
 *
 * jest.config: reporters: ['default', ['<rootDir>/bin/jest-reporter.cjs', { failOnRegression: false }]]
 */
const fs = require('node:fs');
const path = require('node:path');

const compiled = path.join(__dirname, '..', 'dist', 'reporter', 'index.js');
let reporterModule;
if (fs.existsSync(compiled)) {
  reporterModule = require(compiled);
} else {
  require('esbuild-register/dist/node').register({ target: 'node20' });
  reporterModule = require(path.join(__dirname, '..', 'src', 'reporter', 'index.ts'));
}

module.exports = reporterModule.BaselineReporter || reporterModule.default;
