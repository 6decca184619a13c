/**
 * Every rule's fixtures, markdownlint style: `fixtures/<rule>/bad/<name>.<ext>` with the expected
 * findings in `<name>.expected.json` beside it, and `fixtures/<rule>/good/*` with none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../rules/index.js';
import { lintWith } from './helpers/lint.js';

const root = new URL('../fixtures/', import.meta.url).pathname;
const isInput = (name: string) => !name.endsWith('.expected.json');

interface Expected {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: string;
  messageContains?: string;
}

for (const rule of builtinRules) {
  const dir = join(root, rule.meta.id);
  describe(`fixtures of ${rule.meta.id}`, () => {
    it('has bad and good fixtures', () => {
      expect(existsSync(join(dir, 'bad')) && readdirSync(join(dir, 'bad')).filter(isInput).length).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'good')) && readdirSync(join(dir, 'good')).length).toBeGreaterThan(0);
    });
    for (const name of existsSync(join(dir, 'bad')) ? readdirSync(join(dir, 'bad')).filter(isInput) : []) {
      it(`bad/${name} gives exactly the expected findings`, async () => {
        const file = join(dir, 'bad', name);
        const expectedFile = file.replace(/\.[^.]+$/, '.expected.json');
        const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Expected[];
        // A bad fixture shows findings, each with the text its message must hold.
        expect(expected.length).toBeGreaterThan(0);
        expect(expected.filter((e) => e.messageContains === undefined)).toEqual([]);
        const findings = (await lintWith(rule, readFileSync(file, 'utf8'), { filename: name })).filter((f) => f.ruleId === rule.meta.id);
        expect(findings.map((f) => ({ line: f.line, column: f.column }))).toEqual(expected.map((e) => ({ line: e.line, column: e.column })));
        expected.forEach((e, i) => {
          const f = findings[i]!;
          if (e.endLine !== undefined) expect(f.endLine).toBe(e.endLine);
          if (e.endColumn !== undefined) expect(f.endColumn).toBe(e.endColumn);
          if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
          expect(f.message).toContain(e.messageContains);
        });
      });
    }
    for (const name of existsSync(join(dir, 'good')) ? readdirSync(join(dir, 'good')) : []) {
      it(`good/${name} gives no finding`, async () => {
        const findings = await lintWith(rule, readFileSync(join(dir, 'good', name), 'utf8'), { filename: name });
        expect(findings.filter((f) => f.ruleId === rule.meta.id || f.ruleId === 'parse-error')).toEqual([]);
      });
    }
  });
}
