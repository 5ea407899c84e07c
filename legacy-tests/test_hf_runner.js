#!/usr/bin/env node
// Runs every test_hf_*.js / .mjs / .cjs script in this folder and prints a summary.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = __dirname;
const only = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => /^test_hf_.*\.(js|mjs|cjs)$/.test(f) && f !== path.basename(__filename))
  .filter((f) => !only || f.includes(only))
  .sort();

const summary = [];
for (const file of files) {
  const t0 = Date.now();
  const res = spawnSync(process.execPath, [path.join(dir, file)], { encoding: 'utf8', timeout: 10 * 60 * 1000 });
  summary.push({ file, status: res.status === 0 ? 'pass' : 'fail', ms: Date.now() - t0 });
  if (res.status !== 0) process.stderr.write(`--- ${file}\n${res.stderr}\n`);
}
console.table(summary);
process.exitCode = summary.some((s) => s.status === 'fail') ? 1 : 0;
