#!/usr/bin/env node
import { statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// A lint run is short: with V8's defaults, optimizing compiles of functions that soon go cold took
// about as much CPU on background threads (~1.4 s on the 1,524 AWS managed policies) as the lint
// itself. Tiering up later and inlining less cut that by half, with the main thread's time unchanged
// (scripts/bench.mjs; worker threads share the flags).
setFlagsFromString('--interrupt-budget=300000');
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');

// dist/bundle/ (scripts/bundle.mjs: ~20 files instead of ~130 modules) starts faster than dist/src/. It
// is skipped when dist/src/ was compiled after it (a `tsc` without the bundle step), so it never runs
// stale code, and when it is missing.
const mtime = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundled = mtime('../dist/bundle/cli.js');
const { main } = await import(bundled >= 0 && bundled >= mtime('../dist/src/cli.js') ? '../dist/bundle/cli.js' : '../dist/src/cli.js');

main(process.argv).then((code) => {
  process.exitCode = code;
});
