#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
import { main } from '../dist/src/cli.js';

// A lint run is short: with V8's defaults, optimizing compiles of functions that soon go cold took
// about as much CPU on background threads (~1.4 s on the 1,524 AWS managed policies) as the lint
// itself. Tiering up later and inlining less cut that by half, with the main thread's time unchanged
// (scripts/bench.mjs; worker threads share the flags).
setFlagsFromString('--interrupt-budget=300000');
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

main(process.argv).then((code) => {
  process.exitCode = code;
});
