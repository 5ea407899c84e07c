#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).
let cli;
try {
  cli = require('../dist/cli/index.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && /dist[\\/]cli/.test(String(error.message))) {
    process.stderr.write('hf-convert: not built yet; run `npm install` (or `npm run build`) in the hf-convert folder\n');
    process.exit(3);
  }
  throw error;
}
cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
