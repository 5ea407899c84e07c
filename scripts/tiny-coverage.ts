/**
 * Writes docs/tiny-coverage.md: which (model_type, task) pairs transformers.js 4.3.1 runs have a
 * tiny model, and why the others do not. `--check` fails when the committed page is stale.
 *   node -r esbuild-register scripts/tiny-coverage.ts [--check]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { coverageCatalog } from '../src/runtime/tiny/coverage-catalog';
import { catalogCoverage, renderCoverageMarkdown } from '../src/runtime/tiny/coverage';

const page = path.resolve(__dirname, '..', 'docs', 'tiny-coverage.md');
const text = renderCoverageMarkdown(catalogCoverage(coverageCatalog()));
if (process.argv.includes('--check')) {
  const committed = fs.existsSync(page) ? fs.readFileSync(page, 'utf8') : '';
  if (committed !== text) {
    console.error(`${path.relative(process.cwd(), page)} is stale: run node -r esbuild-register scripts/tiny-coverage.ts`);
    process.exit(1);
  }
} else {
  fs.writeFileSync(`${page}.tmp`, text);
  fs.renameSync(`${page}.tmp`, page);
  console.log(`wrote ${path.relative(process.cwd(), page)}`);
}
