#!/usr/bin/env node
/**
 * Makes a large tree for the scale benchmark: N policy files (default 100,000) and 2,000
 * CloudFormation templates, varied from the repo's fixtures and examples with a fixed seed, so the
 * same arguments always give the same bytes. Files go in buckets of 1,000 policies (and their share
 * of the templates), `b000/`, `b001/`, ...: linting the first k buckets lints k,000 policies, which
 * is how the benchmark measures growth. A finished tree is reused (a `.complete` marker records its
 * parameters). Prints the tree's folder.
 *
 *   node scripts/make-tree.mjs [--files N] [--templates N] [--seed N] [--out DIR]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUCKET = 1000;
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** mulberry32: small, fast, and the same sequence on every platform. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** Bare policies (parsed, to vary) and CloudFormation templates (text, to vary by substitution). */
function seeds() {
  const all = [...filesUnder(join(repo, 'fixtures')), ...filesUnder(join(repo, 'examples'))];
  const policies = [];
  const templates = [];
  for (const file of all) {
    // Hostile inputs (an alias bomb) are the robustness tests' business: a real tree has none.
    if (file.endsWith('.expected.json') || file.includes(`${join('templates', 'yaml')}`)) continue;
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      try {
        const doc = JSON.parse(text);
        if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'Statement' in doc) policies.push(doc);
      } catch {
        // Fixtures of broken JSON stay out: variations need a parsed document.
      }
    } else if (/\.(ya?ml|template)$/.test(file) && /^Resources:/m.test(text)) {
      templates.push(text);
    }
  }
  if (policies.length === 0 || templates.length === 0) throw new Error(`no seeds found under ${relative(process.cwd(), repo)}/fixtures and examples`);
  return { policies, templates };
}

function account(rand) {
  return String(100000000000 + Math.floor(rand() * 899999999999));
}

/** Gives names and accounts new values so files differ, keeping wildcards, variables and shape. */
function vary(value, rand, suffix, acct) {
  if (typeof value === 'string') {
    let s = value.replace(/\b\d{12}\b/g, acct);
    if (s.startsWith('arn:') && !/[*?$]/.test(s)) s = `${s}-${suffix}`;
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => vary(v, rand, suffix, acct));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'Sid' && typeof v === 'string' ? `${v}${suffix}` : vary(v, rand, suffix, acct);
    return out;
  }
  return value;
}

function policyText(doc, rand, n) {
  const varied = vary(doc, rand, n.toString(36), account(rand));
  // Statements reordered now and then, as hand-edited files drift.
  if (Array.isArray(varied.Statement) && varied.Statement.length > 1 && rand() < 0.3) varied.Statement.reverse();
  const style = rand();
  return style < 0.6 ? `${JSON.stringify(varied, null, 2)}\n` : style < 0.9 ? `${JSON.stringify(varied, null, 4)}\n` : JSON.stringify(varied);
}

function templateText(text, rand, n) {
  const acct = account(rand);
  return `# generated variant ${n}\n${text.replace(/\b\d{12}\b/g, acct).replace(/(arn:aws:s3:::)([a-z0-9.-]+)/g, `$1$2-${n.toString(36)}`)}`;
}

/** Writes the tree (or reuses it) and returns its folder and bucket count. */
export function makeTree({ files = 100_000, templates = 2_000, seed = 7, out } = {}) {
  const root = out ?? join(tmpdir(), `iamlint-tree-${files}-${templates}-${seed}`);
  const marker = join(root, '.complete');
  const params = JSON.stringify({ files, templates, seed, version: 2 });
  const buckets = Math.max(1, Math.ceil(files / BUCKET));
  if (existsSync(marker) && readFileSync(marker, 'utf8') === params) return { root, buckets };
  rmSync(root, { recursive: true, force: true });
  const { policies, templates: tpl } = seeds();
  const rand = random(seed);
  const bucketDir = (b) => join(root, `b${String(b).padStart(3, '0')}`);
  for (let b = 0; b < buckets; b++) mkdirSync(bucketDir(b), { recursive: true });
  for (let i = 0; i < files; i++) {
    const doc = policies[Math.floor(rand() * policies.length)];
    writeFileSync(join(bucketDir(Math.floor(i / BUCKET)), `p${String(i).padStart(6, '0')}.json`), policyText(doc, rand, i));
  }
  for (let j = 0; j < templates; j++) {
    const text = tpl[Math.floor(rand() * tpl.length)];
    writeFileSync(join(bucketDir(j % buckets), `t${String(j).padStart(5, '0')}.yaml`), templateText(text, rand, j));
  }
  writeFileSync(marker, params);
  return { root, buckets };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const num = (name, dflt) => (opt(name) === undefined ? dflt : Number(opt(name)));
  const { root } = makeTree({ files: num('files', 100_000), templates: num('templates', 2_000), seed: num('seed', 7), ...(opt('out') && { out: opt('out') }) });
  console.log(root);
}
