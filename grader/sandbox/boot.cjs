'use strict';
// The entry point of a sandbox process, and the only file it is allowed to read
// (`--allow-fs-read=<this file>`). The harness, the hidden suites and mathjs arrive over IPC as
// source text, so nothing on disk that graded code could read reveals them. See grader/sandbox/pool.ts.
const vm = require('node:vm');

process.once('message', (init) => {
  if (!init || init.type !== 'init' || typeof init.harness !== 'string') {
    process.exitCode = 70;
    process.disconnect();
    return;
  }
  const start = vm.compileFunction(init.harness, ['__boot'], { filename: 'grader-harness.js' });
  start({ require, process, init });
});
