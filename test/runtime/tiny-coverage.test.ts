import * as fs from 'node:fs';
import * as path from 'node:path';
import { catalogCoverage, renderCoverageMarkdown } from '../../src/runtime/tiny/coverage';
import { coverageCatalog } from '../../src/runtime/tiny/coverage-catalog';
import { tinyCoverage } from '../../src/runtime/tiny';

/**
 * The count over the catalog (no model runs here: the tiny-model test files build, load and run
 * the harness of every pair tinyCoverage() lists, one matrix per kind).
 */
const coverage = catalogCoverage(coverageCatalog());

/** Raised as builders land (issue 11 targets 175 of the catalog's transformers.js types). */
const PASSING_TYPES_FLOOR = 179;

describe('tiny-model coverage over the catalog', () => {
  it('docs/tiny-coverage.md is in sync (node -r esbuild-register scripts/tiny-coverage.ts)', () => {
    const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'tiny-coverage.md'), 'utf8');
    expect(page).toBe(renderCoverageMarkdown(coverage));
  });

  it(`at least ${PASSING_TYPES_FLOOR} transformers.js model types have a tiny model`, () => {
    console.log(
      `tiny coverage: ${coverage.passing.length}/${coverage.modelTypes} model types; pairs: ` +
        ['tiny', 'cannot-run', 'not-built'].map((s) => `${coverage.pairs.filter((p) => p.status === s).length} ${s}`).join(', '),
    );
    expect(coverage.passing.length).toBeGreaterThanOrEqual(PASSING_TYPES_FLOOR);
  });

  it('counts a pair as tiny only when tinyCoverage lists it (so a test builds it)', () => {
    const listed = new Set(tinyCoverage().map((c) => `${c.modelType}/${c.task}`));
    for (const pair of coverage.pairs.filter((p) => p.status === 'tiny')) expect(listed).toContain(`${pair.modelType}/${pair.task}`);
  });

  it('gives every pair transformers.js cannot run a reason in its own terms', () => {
    for (const pair of coverage.pairs.filter((p) => p.status === 'cannot-run')) {
      expect(`${pair.modelType}/${pair.task}: ${pair.reason}`).toMatch(/transformers\.js/);
    }
  });

  it('counts a catalog-listed task the builders lack as not built, not as one transformers.js cannot run', () => {
    const c = catalogCoverage({ modelTypes: { segformer: { transformersJs: { supported: true, pipelineTasks: ['image-segmentation-but-new'] } } } });
    expect(c.pairs.find((p) => p.task === 'image-segmentation-but-new')).toMatchObject({ status: 'not-built' });
    expect(c.pairs.find((p) => p.task === 'image-classification')).toMatchObject({ status: 'tiny' }); // a builder's own task counts too
    expect(c.passing).toEqual(['segformer']);
    const none = catalogCoverage({ modelTypes: { not_a_family: { transformersJs: { supported: true, pipelineTasks: [] } } } });
    expect(none.failing).toEqual([{ modelType: 'not_a_family', pairs: [expect.objectContaining({ status: 'not-built' })] }]);
  });
});
