/** Every rule ships whole: a unique id, a doc with the expected sections, a test table and fixtures. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';

const repo = new URL('../', import.meta.url).pathname;
const SECTIONS = ['## What it reports', '## Why', '## Examples', '## Options', '## When not to use it', '## Sources'];

describe('built-in rules', () => {
  it('have unique kebab-case ids', () => {
    const ids = builtinRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  for (const rule of builtinRules) {
    const id = rule.meta.id;
    it(`${id} has its doc with every section`, () => {
      const doc = readFileSync(`${repo}rules/${id}.md`, 'utf8');
      expect(doc.startsWith(`# ${id}\n`)).toBe(true);
      for (const section of SECTIONS) expect(doc, `${id}.md lacks ${section}`).toContain(section);
    });
    it(`${id} has a test table and fixtures`, () => {
      expect(existsSync(`${repo}test/rules/${id}.test.ts`)).toBe(true);
      expect(existsSync(`${repo}fixtures/${id}/bad`)).toBe(true);
      expect(existsSync(`${repo}fixtures/${id}/good`)).toBe(true);
    });
  }
});

describe('portability', () => {
  it('no source, test, script or fixture names a path of one machine (the corpus is found beside the repo)', () => {
    const root = new URL('../', import.meta.url).pathname;
    const offenders: string[] = [];
    const walkDir = (dir: string): void => {
      for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walkDir(rel);
        else if (/\.(ts|mjs|js|json|ya?ml|md)$/.test(entry.name) && /\/(work|home|Users)\/[\w.-]+\//.test(readFileSync(join(root, rel), 'utf8'))) offenders.push(rel);
      }
    };
    for (const dir of ['src', 'rules', 'test', 'scripts', 'bin', 'examples', 'fixtures']) walkDir(dir);
    expect(offenders).toEqual([]);
  });
});
