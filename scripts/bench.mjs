#!/usr/bin/env node
/**
 * Speed benchmark. Each target is a ratio against a floor measured in the same run, so a busy or
 * slow machine moves both sides: the corpus run against a node process that only reads and
 * JSON.parses the same files, and a one-file run against `node -e 0`. Prints medians, ratios,
 * policies per second, and PASS/FAIL per target. Exit code is 0 even on FAIL (it measures; CI
 * does not gate on timing).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUCKET, makeTree } from './make-tree.mjs';
import { defaultThreads } from '../dist/src/engine/parallel.js';
import { builtinRules } from '../dist/rules/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(repo, 'bin', 'iamlint.js');
const corpus = join(repo, '..', 'shared', 'corpus', 'aws-managed-policies');
const runs = Number(process.env.BENCH_RUNS ?? 7);
// Every node process loads the certificates NODE_EXTRA_CA_CERTS names as it starts (~40 ms on a
// machine here): added to both sides, that hides most of iamlint's own start-up in the ratios.
// iamlint opens no connection, so the processes timed here run without it.
const { NODE_EXTRA_CA_CERTS: extraCerts, ...childEnv } = process.env;

function time(args, options = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: childEnv, ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/**
 * Alternates the two commands so drift in machine load hits both alike. `targets` are the ratio
 * limits of the issues that set one (the core issue's and issue 7's), each judged on its own.
 */
function compare(name, subject, floor, targets, extra = () => '', count = runs) {
  const a = [];
  const b = [];
  time(subject);
  time(floor);
  for (let i = 0; i < count; i++) {
    a.push(time(subject));
    b.push(time(floor));
  }
  const ma = median(a);
  const mb = median(b);
  const ratio = ma / mb;
  const verdicts = targets.map(({ max, issue }) => ({ text: `target <= ${max}x (${issue}) ${ratio <= max ? 'PASS' : 'FAIL'}`, pass: ratio <= max }));
  console.log(`${name.padEnd(34)} ${ma.toFixed(0).padStart(6)} ms  floor ${mb.toFixed(0).padStart(6)} ms  ratio ${ratio.toFixed(2)}x  ${verdicts.map((v) => v.text).join(', ')}${extra(ma)}`);
  for (const v of verdicts) results.push(v.pass);
}

const SMALL_TARGETS = [{ max: 2.5, issue: 'core' }, { max: 1.6, issue: 'issue 7' }];
// The core issue sets 5x for its own rules; issue 3 asks for the same 5x with every rule on, issue 7 for 2x.
const CORPUS_TARGETS = [{ max: 5, issue: 'issue 3' }, { max: 2, issue: 'issue 7' }];
const CORE_RULES = new Set(['parse-error', 'invalid-policy-structure', 'no-wildcard-action', 'resource-mismatch', 'no-inline-policy', 'no-public-principal', 'require-mfa']);
const coreOnly = builtinRules.filter((r) => !CORE_RULES.has(r.meta.id)).flatMap((r) => ['--rule', `${r.meta.id}:off`]);

/**
 * What any run over the corpus pays before a rule runs, measured, not assumed: node's start and the
 * CLI's own start (`--version` against `node -e 0`), reading the files and parsing them with the
 * positions every finding needs (iamlint's fastest parser), and reading the IAM data of the
 * services the files name. Printed against the same floor as the corpus run, so a ratio target
 * under it cannot be met by any change to the rules.
 */
function lowerBound(dir, floorScript) {
  const script = join(work, 'lower-bound.mjs');
  // The services the files name, found here so the timed script only reads what a run must read.
  const named = new Set();
  for (const f of readdirSync(dir)) if (f.endsWith('.json')) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/"([a-z0-9-]+):[A-Za-z0-9*?]+"/g)) named.add(m[1]);
  const url = (relative) => JSON.stringify(pathToFileURL(join(repo, 'dist', 'src', relative)).href);
  writeFileSync(
    script,
    `import { readdirSync, readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nimport { parseStrictJson } from ${url('parsers/fast-json.js')};\nimport { isKnownService, rawResourceTypes } from ${url('iam/data.js')};\n` +
      `const dir = ${JSON.stringify(dir)};\n` +
      `for (const f of readdirSync(dir)) if (f.endsWith('.json') && !parseStrictJson(readFileSync(join(dir, f), 'utf8'))) process.exit(3);\n` +
      `for (const s of ${JSON.stringify([...named].sort())}) if (isKnownService(s)) rawResourceTypes(s);\n`,
  );
  const samples = { bound: [], floor: [], version: [], node: [] };
  time([script]);
  for (let i = 0; i < runs; i++) {
    samples.bound.push(time([script]));
    samples.floor.push(time([floorScript]));
    samples.version.push(time([bin, '--version']));
    samples.node.push(time(['-e', '0']));
  }
  const startUp = Math.max(0, median(samples.version) - median(samples.node));
  const bound = median(samples.bound) + startUp;
  const floor = median(samples.floor);
  console.log(`${'  lower bound, no rule run'.padEnd(34)} ${bound.toFixed(0).padStart(6)} ms  floor ${floor.toFixed(0).padStart(6)} ms  ratio ${(bound / floor).toFixed(2)}x  (start-up ${startUp.toFixed(0)} ms, read + positional parse + IAM data of ${named.size} prefixes ${median(samples.bound).toFixed(0)} ms)`);
  warmBound(dir, floor, median(samples.version));
}

/**
 * The other bound: every rule run over the corpus a second time in one process, so that V8 has
 * optimized the code and every cache (expansions, ARN formats, verdicts) is full, plus the CLI's
 * start-up (`--version`). No change to warm-up, caching or start-up can bring a cold run under
 * it; only making the rules' own work cheaper can. The report is not formatted here.
 */
function warmBound(dir, floor, versionMs) {
  const script = join(work, 'warm-bound.mjs');
  const api = JSON.stringify(pathToFileURL(join(repo, 'dist', 'src', 'api.js')).href);
  writeFileSync(
    script,
    `const { lint } = await import(${api});\nconst options = { paths: [${JSON.stringify(dir)}], useConfig: false, workers: 1, keepSources: false, fingerprints: false };\n` +
      `await lint(options);\nconst start = performance.now();\nawait lint(options);\nprocess.stdout.write(String(performance.now() - start));\n`,
  );
  const passes = [];
  for (let i = 0; i < Math.min(runs, 5); i++) {
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8', env: childEnv });
    if (r.status !== 0) throw new Error(`the warm bound exited ${r.status}: ${r.stderr}`);
    passes.push(Number(r.stdout));
  }
  const pass = median(passes);
  const bound = pass + versionMs;
  console.log(`${'  warm bound, all rules'.padEnd(34)} ${bound.toFixed(0).padStart(6)} ms  floor ${floor.toFixed(0).padStart(6)} ms  ratio ${(bound / floor).toFixed(2)}x  (a second pass in one process ${pass.toFixed(0)} ms, + node and CLI start-up ${versionMs.toFixed(0)} ms)`);
}

function median(xs) {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

const results = [];
const work = mkdtempSync(join(tmpdir(), 'iamlint-bench-'));
try {
  const small = join(work, 'policy.json');
  writeFileSync(small, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::app-data/*' }] }, null, 2));
  console.log(`iamlint benchmark, ${runs} runs each (median; ${runs * 3} for the small file), node ${process.version}`);
  if (extraCerts !== undefined) console.log('NODE_EXTRA_CA_CERTS is set here: the processes timed run without it (each node start would load the certificates)');
  // A run of ~90 ms against ~55 ms moves by a few ms with the machine: three times the runs steady the median.
  compare('one small file, cold process', [bin, '--no-config', small], ['-e', '0'], SMALL_TARGETS, () => '', runs * 3);

  if (existsSync(corpus)) {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.json'));
    const floorScript = join(work, 'floor.mjs');
    writeFileSync(
      floorScript,
      `import { readdirSync, readFileSync } from 'node:fs';\nimport { join } from 'node:path';\nconst dir = ${JSON.stringify(corpus)};\nlet n = 0;\nfor (const f of readdirSync(dir)) if (f.endsWith('.json')) { JSON.parse(readFileSync(join(dir, f), 'utf8')); n++; }\nif (n === 0) process.exit(3);\n`,
    );
    compare(`AWS managed policies (${files.length})`, [bin, '--no-config', '-f', 'json', corpus], [floorScript], CORPUS_TARGETS, (ms) => `  ${Math.round(files.length / (ms / 1000))} policies/s`);
    // The same in the default stylish format (code frames), the command issue 2 names.
    compare('AWS managed policies, stylish', [bin, '--no-config', corpus], [floorScript], CORPUS_TARGETS);
    compare('AWS managed policies, core rules', [bin, '--no-config', '-f', 'json', ...coreOnly, corpus], [floorScript], [{ max: 5, issue: 'core' }]);
    lowerBound(corpus, floorScript);
  } else {
    console.log('AWS managed policies: skipped, ../shared/corpus is not beside the repo');
  }

  // A Terraform plan as `terraform show -json` prints it (one line), 5,000 resources in ten modules.
  // Its target is absolute, under 2 s; the ratio to reading and parsing the same file is shown.
  const doc = (Statement) => JSON.stringify({ Version: '2012-10-17', Statement });
  const resource = (i) => {
    const m = i % 10;
    const r = (type, values) => ({ address: `module.m${m}.${type}.r${i}`, mode: 'managed', type, name: `r${i}`, values });
    switch (i % 5) {
      case 0: return r('aws_iam_role', { name: `role-${i}`, assume_role_policy: doc([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]), inline_policy: [{ name: 'logs', policy: doc([{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:us-east-1:123456789012:log-group:/app/${i}:*` }]) }] });
      case 1: return r('aws_iam_role_policy', { name: `p${i}`, role: `role-${i - 1}`, policy: doc([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `arn:aws:s3:::data-${i}/*` }]) });
      case 2: return r('aws_iam_policy', { name: `managed-${i}`, policy: doc([{ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Query'], Resource: `arn:aws:dynamodb:us-east-1:123456789012:table/t${i}` }]) });
      case 3: return r('aws_iam_role_policy_attachment', { role: `role-${i - 3}`, policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
      default: return r('aws_s3_bucket_policy', { bucket: `data-${i}`, policy: doc([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::data-${i}`, `arn:aws:s3:::data-${i}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]) });
    }
  };
  const modules = Array.from({ length: 10 }, (_, m) => ({ address: `module.m${m}`, resources: [] }));
  for (let i = 0; i < 5000; i++) modules[i % 10].resources.push(resource(i));
  const plan = join(work, 'plan.json');
  writeFileSync(plan, JSON.stringify({ format_version: '1.2', terraform_version: '1.9.5', planned_values: { root_module: { resources: [], child_modules: modules } } }));
  const planFloor = join(work, 'plan-floor.mjs');
  writeFileSync(planFloor, `import { readFileSync } from 'node:fs';\nJSON.parse(readFileSync(${JSON.stringify(plan)}, 'utf8'));\n`);
  const planRuns = [[], []];
  for (let i = 0; i <= runs; i++) [time([bin, '--no-config', '-f', 'json', plan]), time([planFloor])].forEach((ms, k) => i > 0 && planRuns[k].push(ms));
  const [planMs, planFloorMs] = planRuns.map(median);
  results.push(planMs < 2000);
  console.log(`${'Terraform plan (5,000 resources)'.padEnd(34)} ${planMs.toFixed(0).padStart(6)} ms  floor ${planFloorMs.toFixed(0).padStart(6)} ms  ratio ${(planMs / planFloorMs).toFixed(2)}x  target < 2000 ms  ${planMs < 2000 ? 'PASS' : 'FAIL'}`);

  // A large tree (scripts/make-tree.mjs, kept under the OS temp folder and reused): N policy files
  // (BENCH_TREE_MAX caps N, default 100,000) and 2,000 templates per 100,000. Linted in the default
  // stylish format, which streams. Each size is the first k buckets of 1,000 policies.
  const treeMax = Number(process.env.BENCH_TREE_MAX ?? 100_000);
  const treeRuns = Number(process.env.BENCH_TREE_RUNS ?? 1);
  if (treeMax >= BUCKET) {
    const started = Date.now();
    const { root } = makeTree({ files: treeMax, templates: Math.max(1, Math.round((2000 * treeMax) / 100_000)) });
    console.log(`large tree: ${root} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s), ${treeRuns} run(s) each`);
    // Peak memory of the whole process, worker threads included, as the process itself sees it.
    const rssFile = join(work, 'rss.txt');
    const preload = join(work, 'rss.mjs');
    writeFileSync(preload, `import { writeFileSync } from 'node:fs';\nimport { isMainThread } from 'node:worker_threads';\nif (isMainThread) process.on('exit', () => writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
    const treeRun = (buckets, env = {}) => {
      const dirs = Array.from({ length: buckets }, (_, b) => join(root, `b${String(b).padStart(3, '0')}`));
      const ms = [];
      let rss = 0;
      for (let i = 0; i < treeRuns; i++) {
        ms.push(time(['--import', preload, bin, '--no-config', ...dirs], { env: { ...childEnv, ...env } }));
        rss = Math.max(rss, Number(readFileSync(rssFile, 'utf8')) / 1024);
      }
      const files = dirs.reduce((n, d) => n + readdirSync(d).length, 0);
      return { ms: median(ms), rss, files };
    };
    const sizes = [1_000, 10_000, 100_000].filter((n) => n <= treeMax);
    if (!sizes.includes(treeMax)) sizes.push(treeMax);
    const bySize = sizes.map((n) => {
      const r = treeRun(Math.ceil(n / BUCKET));
      console.log(`${`tree, ${r.files} files`.padEnd(34)} ${r.ms.toFixed(0).padStart(6)} ms  ${((r.ms / r.files) * 1000).toFixed(0).padStart(4)} us/file  peak ${r.rss.toFixed(0)} MB`);
      return r;
    });
    // Linear: per-file time on the largest tree within 1.25x of that on 10,000 files (1,000 files is
    // shown but mostly start-up).
    const base = bySize.find((r) => r.files >= 10_000 && r !== bySize.at(-1));
    const large = bySize.at(-1);
    if (base) {
      const ratio = large.ms / large.files / (base.ms / base.files);
      results.push(ratio <= 1.25);
      console.log(`${'per-file time, largest vs 10k'.padEnd(34)} ratio ${ratio.toFixed(2)}x  target <= 1.25x  ${ratio <= 1.25 ? 'PASS' : 'FAIL'}`);
    } else {
      console.log('per-file time, largest vs 10k: skipped, BENCH_TREE_MAX is under 20,000');
    }
    // Two threads asked for explicitly: on a 2-core machine the default is one (src/engine/parallel.ts).
    const buckets = Math.ceil(treeMax / BUCKET);
    const single = treeRun(buckets, { IAMLINT_WORKERS: '1' });
    const two = treeRun(buckets, { IAMLINT_WORKERS: '2' });
    const speedup = single.ms / two.ms;
    results.push(speedup >= 1.3);
    console.log(`${`two threads vs one, ${two.files} files`.padEnd(34)} ${two.ms.toFixed(0).padStart(6)} ms  one thread ${single.ms.toFixed(0).padStart(6)} ms  speed-up ${speedup.toFixed(2)}x  target >= 1.3x  ${speedup >= 1.3 ? 'PASS' : 'FAIL'}`);
    // The most any two-way split can gain on this machine: two processes that share nothing, each
    // linting half the tree at once, against the one-thread run above.
    const halves = [0, 1].map((h) => Array.from({ length: buckets }, (_, b) => join(root, `b${String(b).padStart(3, '0')}`)).filter((_, b) => b % 2 === h));
    const pairStart = process.hrtime.bigint();
    await Promise.all(halves.map((dirs) => new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [bin, '--no-config', ...dirs], { stdio: 'ignore', env: { ...childEnv, IAMLINT_WORKERS: '1' } });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 || code === 1 ? resolve() : reject(new Error(`a half-tree run exited ${code}`))));
    })));
    const pair = Number(process.hrtime.bigint() - pairStart) / 1e6;
    console.log(`${'  two processes, half each'.padEnd(34)} ${pair.toFixed(0).padStart(6)} ms  one thread ${single.ms.toFixed(0).padStart(6)} ms  speed-up ${(single.ms / pair).toFixed(2)}x  (this machine's ceiling for two threads)`);
    for (const [label, run] of [[`default (${defaultThreads()} thread${defaultThreads() === 1 ? '' : 's'} here)`, large], ['two threads', two]]) {
      results.push(run.rss < 300);
      console.log(`${`peak memory, ${label}`.padEnd(34)} ${run.rss.toFixed(0).padStart(6)} MB  target < 300 MB  ${run.rss < 300 ? 'PASS' : 'FAIL'}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(results.every(Boolean) ? 'all targets PASS' : 'some targets FAIL');
