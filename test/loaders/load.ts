/** Shared helpers of the loader tests: load a fixture or a text, and read positions off the model. */
import { readFileSync } from 'node:fs';
import { loadSource, type LoadResult } from '../../src/loaders/index.js';
import type { Located, PolicyDocument, Statement } from '../../src/policy/model.js';
import type { Span } from '../../src/source/node.js';
import { SourceFile } from '../../src/source/source-file.js';

export const templates = new URL('../../fixtures/templates/', import.meta.url).pathname;

export interface Loaded {
  file: SourceFile;
  result: LoadResult;
  /** 1-based line and column of a span's start, as a finding on it would be reported. */
  at(span: Span | { span: Span }): { line: number; column: number };
}

export async function loadText(text: string, path = 'template.yaml'): Promise<Loaded> {
  const file = new SourceFile(path, text);
  const result = await loadSource(file);
  return { file, result, at: (s) => file.positionAt('span' in s ? s.span.start : s.start) };
}

/** A fixture under fixtures/templates/. */
export async function loadFixture(relative: string): Promise<Loaded> {
  return loadText(readFileSync(templates + relative, 'utf8'), relative);
}

/**
 * The builds of the document at `location`. A template policy with `Fn::If` is built once per
 * combination of branches; tests that ask "which values can this element take" read them all.
 */
export function policiesAt(result: LoadResult, location: string): PolicyDocument[] {
  const found = result.policies.filter((p) => p.location === location);
  if (found.length === 0) throw new Error(`no policy at ${location}; found ${[...new Set(result.policies.map((p) => p.location))].join(', ')}`);
  return found;
}

/** The one document at `location`, when it has no `Fn::If`. */
export function policyAt(result: LoadResult, location: string): PolicyDocument {
  const found = policiesAt(result, location);
  if (found.length !== 1) throw new Error(`${found.length} builds at ${location}`);
  return found[0]!;
}

export type Element = 'action' | 'notAction' | 'resource' | 'notResource';

/** Every value an element takes in any build of the document, each once (by path), in the order met. */
export function valuesOf(docs: PolicyDocument[], element: Element, sid?: string): Located[] {
  const out = new Map<string, Located>();
  for (const doc of docs) {
    for (const st of doc.statements) {
      if (sid !== undefined && st.sid?.value !== sid) continue;
      for (const v of st[element]?.values ?? []) out.set(JSON.stringify(v.path), v);
    }
  }
  return [...out.values()];
}

export function statementBySid(doc: PolicyDocument, sid: string): Statement {
  const st = doc.statements.find((s) => s.sid?.value === sid);
  if (!st) throw new Error(`no statement ${sid} in ${doc.location}`);
  return st;
}

/** 1-based line and column of the first `needle` in `text` at or after `from` (an offset, or the first place a string occurs). */
export function positionIn(text: string, needle: string, from: string | number = 0): { line: number; column: number } {
  const start = typeof from === 'number' ? from : text.indexOf(from);
  if (start < 0) throw new Error(`"${String(from)}" not in text`);
  const at = text.indexOf(needle, start);
  if (at < 0) throw new Error(`"${needle}" not in text after ${start}`);
  return new SourceFile('', text).positionAt(at);
}
