'use strict';
// Preloaded into benchmarked processes (node -r): on exit, records the process's peak RSS
// (worker threads included: they share the process) to the file named by HF_BENCH_RSS_FILE.
const fs = require('node:fs');
process.on('exit', () => {
  if (process.env.HF_BENCH_RSS_FILE) fs.writeFileSync(process.env.HF_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
