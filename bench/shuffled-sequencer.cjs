'use strict';
/**
 * A Jest test sequencer that runs test files in a shuffled order (seeded by HF_BENCH_SEED), so
 * bench/verdicts can judge suites measured in an order other than the one the baselines saw.
 */
const Sequencer = require('@jest/test-sequencer').default;

function seeded(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return state / 2 ** 32;
  };
}

class ShuffledSequencer extends Sequencer {
  sort(tests) {
    const random = seeded(Number(process.env.HF_BENCH_SEED) || 1);
    const shuffled = [...tests].sort((a, b) => a.path.localeCompare(b.path));
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    return shuffled;
  }
}

module.exports = ShuffledSequencer;
