'use strict';
/**
 * Prints the slowest test files at the end of a run, so a newly slow test shows in every CI log
 * instead of hiding in the total. Options: { count: how many files (default 10) }.
 * Plain CommonJS: Jest loads reporters without transforming them.
 */
const path = require('node:path');

class SlowestFilesReporter {
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.count = Number.isInteger(options.count) && options.count > 0 ? options.count : 10;
  }

  onRunComplete(_contexts, results) {
    const files = results.testResults
      .filter((r) => r.perfStats && r.perfStats.end > 0 && r.perfStats.start > 0)
      .map((r) => ({ file: path.relative(this.rootDir, r.testFilePath), ms: r.perfStats.end - r.perfStats.start }))
      .sort((a, b) => b.ms - a.ms);
    if (files.length < 2) return; // one file: Jest's own summary already gives its time
    const total = files.reduce((sum, f) => sum + f.ms, 0);
    const lines = files.slice(0, this.count).map((f) => `  ${(f.ms / 1000).toFixed(1).padStart(6)} s  ${f.file}`);
    process.stderr.write(
      `\nSlowest ${Math.min(this.count, files.length)} of ${files.length} test files (${(total / 1000).toFixed(1)} s of test-file time in all):\n${lines.join('\n')}\n`,
    );
  }
}

module.exports = SlowestFilesReporter;
