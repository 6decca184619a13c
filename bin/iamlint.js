#!/usr/bin/env node
// CommonJS (bin/package.json), not an ES module: node then runs it without starting its ES module
// loader, and without the ES module facade over node:fs, whose lazy ReadStream getter loads the
// streams; together ~4 ms of a small run's start-up.
const { readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

// A lint run is short: with V8's defaults, optimizing compiles of functions that soon go cold took
// about as much CPU on background threads (~1.4 s on the 1,524 AWS managed policies) as the lint
// itself. Tiering up later and inlining less cut that by half, with the main thread's time unchanged
// (scripts/bench.mjs; worker threads share the flags).
setFlagsFromString('--interrupt-budget=300000');
setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
// The CLI sets this itself (src/cli.ts); setting it here too, before anything is compiled, keeps V8's
// flags the same from compiling the bundle to the end of a run, which the code cache below needs:
// V8 rejects a cache made under other flags.
setFlagsFromString('--heap-growing-percent=50');

// dist/bundle/cli.cjs (scripts/bundle.mjs: the CLI in one script instead of ~130 modules) starts
// faster than dist/src/. It is skipped when dist/src/ was compiled after it (a `tsc` without the
// bundle step), so it never runs stale code, and when it is missing.
const path = (relative) => join(__dirname, relative);
const mtime = (file) => statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundle = path('../dist/bundle/cli.cjs');
const bundled = mtime(bundle);
const start = async () => (bundled >= 0 && bundled >= mtime(path('../dist/src/cli.js')) ? runBundle() : import('../dist/src/cli.js'));

start().then(async ({ main, done }) => {
  process.exitCode = await main(process.argv);
  done?.();
});

/**
 * Compiling the bundle was most of a small run's start-up. The build runs the CLI once on
 * examples/policies and saves V8's code for every function that run compiled (cli.cache), so a
 * run deserializes it instead of compiling; a cache from another Node version or other V8 flags is
 * rejected by V8 and the bundle is compiled as if there were none. Nothing is written at run time:
 * a read-only install works and a user's project is never touched.
 */
function runBundle() {
  const cacheFile = path('../dist/bundle/cli.cache');
  // Stack traces name the file the cache was made from, not this one: the cache gets a name that
  // is the same on every machine, and --debug, which is for stack traces, compiles without it.
  const debug = process.argv.includes('--debug');
  // V8 checks a cache against the source's length, not its text: one older than the bundle is not used.
  const cachedData = !debug && mtime(cacheFile) >= bundled ? readFileSync(cacheFile) : undefined;
  // Read as bytes, then decoded: readFileSync(file, 'utf8') took 13 ms for the 1.2 MB bundle here
  // against 2 ms to read it and 5 ms to decode it. Decoded as latin1, which copies bytes instead of
  // decoding UTF-8 (3 ms less): the bundle is ASCII, which scripts/bundle.mjs checks.
  const source = readFileSync(bundle).toString('latin1');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __iamlintImport) {${source}\n})`, {
    filename: debug ? bundle : 'iamlint/dist/bundle/cli.cjs',
    cachedData,
  });
  const module = { exports: {} };
  // This file's own require: it finds the same packages as one made for the bundle's folder, and
  // node:module, which createRequire needs, starts node's ES module loader (~1 ms).
  script.runInThisContext()(module.exports, require, module, bundle, path('../dist/bundle/'), (specifier) => import(specifier));
  const mode = process.env.IAMLINT_CODE_CACHE;
  const done = () => {
    // For scripts/bundle.mjs only: `write` saves the cache after a run, `check` tells whether V8 took it.
    if (mode === 'write') {
      try {
        writeFileSync(cacheFile, script.createCachedData());
      } catch (error) {
        process.stderr.write(`iamlint: cannot write the code cache ${cacheFile}: ${error.message}\n`);
      }
    }
    else if (mode === 'check') process.stderr.write(`code cache ${cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted'}\n`);
  };
  return { main: module.exports.main, done };
}
