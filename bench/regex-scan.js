#!/usr/bin/env node
'use strict';
// Reference for bench/convert: the "plain regex scan" a naive converter does — glob the legacy
// files, read each one and pull model ids and tasks out with regular expressions. No parsing,
// no resolution, no output.
const fs = require('node:fs');
const path = require('node:path');
const fg = require('fast-glob');

const root = process.argv[2];
const files = fg.sync('**/test_hf_*.{py,js,mjs,cjs,ts}', { cwd: root, ignore: ['**/node_modules/**', '**/improved/**'] });
const patterns = [
  /from_pretrained\(\s*["']([^"']+)["']/g,
  /pipeline\(\s*["']([\w-]+)["']/g,
  /model(?:_id|_name)?\s*=\s*["']([^"']+)["']/g,
  /MODEL_ID\s*=\s*["']([^"']+)["']/g,
  /default\s*=\s*["']([^"']+\/[^"']+)["']/g,
  /["']task["']\s*:\s*["']([\w-]+)["']/g,
];
let found = 0;
for (const rel of files) {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    while (pattern.exec(text)) found++;
  }
}
process.stdout.write(`${files.length} files, ${found} matches\n`);
