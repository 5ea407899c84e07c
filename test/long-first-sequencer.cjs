'use strict';
/**
 * Jest's order, except on a cold cache: without timings from an earlier run (a fresh clone, CI)
 * Jest orders files by size, so a short file that runs long would start near the end and become
 * the tail of the whole run. Files that say so (a ` * @long-running` line in a doc comment near
 * their top) go first; everything else keeps Jest's order.
 */
const fs = require('node:fs');
const Sequencer = require('@jest/test-sequencer').default;

/** A ` * @long-running` line in a doc comment near the top of the file. */
const MARKER = /^\s*\*\s*@long-running\b/m;

function marked(file) {
  try {
    return MARKER.test(fs.readFileSync(file, 'utf8').slice(0, 4000));
  } catch {
    return false;
  }
}

class LongFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    const long = sorted.filter((test) => marked(test.path));
    return [...long, ...sorted.filter((test) => !long.includes(test))];
  }
}

module.exports = LongFirstSequencer;
