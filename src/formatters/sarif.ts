import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinRules } from '../../rules/index.js';
import { ruleDocText } from '../engine/rule-docs.js';
import type { FrameSource } from './code-frame.js';
import type { Finding, PathSegment, Severity } from '../types.js';
import { nestedJson as indent } from './json.js';
import { fromStream } from './stream.js';
import { isSuppressed } from './summary.js';
import type { FormatRule, Formatter, StreamFormatterFactory } from './types.js';
import { formatPath } from '../source/path.js';
import { pathInside } from '../util/paths.js';

const INFORMATION_URI = 'https://github.com/iamlint/iamlint';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
// v2: the file as a path from the working folder, the policy by name only, a principal's findings by principal.
const FINGERPRINT = 'iamlintFinding/v2';

/**
 * SARIF 2.1.0, the format code-scanning services (GitHub code scanning, Azure DevOps) import: the
 * rules with their docs, every finding with its location, and suppressed findings marked as such.
 *
 * Written file by file like `-f json`, so a large tree's results are not held: the run's `results`
 * come first and its `tool` (whose rule list ends with any rule id first seen in a finding) after
 * them. JSON objects are unordered, and SARIF readers parse the whole log.
 */
export const sarifStream: StreamFormatterFactory = (context) => {
  const rules = knownRules([...builtinRules.map((r) => r.meta), ...(context.rules ?? [])]);
  const cwd = context.cwd ?? process.cwd();
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // Fingerprints number the findings that share one, in the order they come: a run-wide count.
  const seen = new Map<string, number>();
  let started = false;
  let written = 0;
  // The log's opening goes out with the first file, or with the end when there is none.
  const opening = () => (started ? '' : ((started = true), HEADER));
  const item = (text: string) => `${written++ === 0 ? '\n' : ',\n'}${RESULT_INDENT}${text}`;
  return {
    file(r, source) {
      let out = opening();
      for (const f of r.findings) {
        if (!index.has(f.ruleId)) {
          index.set(f.ruleId, rules.length);
          rules.push({ id: f.ruleId, severity: f.severity, description: f.ruleId });
        }
        const path = fromWorkingFolder(r.path, cwd);
        const base = fingerprintBase(path, f, source ?? context.sources.get(r.path));
        const occurrence = (seen.get(base) ?? 0) + 1;
        seen.set(base, occurrence);
        out += item(indent(sarifResult(path, f, index.get(f.ruleId) as number, `${base}:${occurrence}`), RESULT_INDENT));
      }
      return out;
    },
    end() {
      const tool = { driver: { name: context.tool.name, version: context.tool.version, semanticVersion: context.tool.version, informationUri: INFORMATION_URI, rules: rules.map(describeRule) } };
      const baseIds = { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } };
      const closing = written === 0 ? ']' : `\n${RUN_INDENT}  ]`;
      return `${opening()}${closing},\n${RUN_INDENT}  "tool": ${indent(tool, `${RUN_INDENT}  `)},\n${RUN_INDENT}  "originalUriBaseIds": ${indent(baseIds, `${RUN_INDENT}  `)},\n${RUN_INDENT}  "columnKind": "utf16CodeUnits"\n${RUN_INDENT}}\n  ]\n}\n`;
    },
  };
};

export const formatSarif: Formatter = fromStream(sarifStream);

const RUN_INDENT = '    ';
const RESULT_INDENT = `${RUN_INDENT}    `;
const HEADER = `{\n  "$schema": "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",\n  "version": "2.1.0",\n  "runs": [\n${RUN_INDENT}{\n${RUN_INDENT}  "results": [`;

function sarifResult(path: string, f: Finding, ruleIndex: number, fingerprint: string) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.suggestion ? `${f.message}\n${f.suggestion}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(path),
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column : 1) },
        },
        ...(f.policy && {
          logicalLocations: [{ name: f.policy.name, fullyQualifiedName: qualifiedName(f.policy.location, f.path), kind: 'object' }],
        }),
      },
    ],
    partialFingerprints: { [FINGERPRINT]: fingerprint },
    ...(isSuppressed(f) && {
      suppressions: f.suppressions!.map((s) => ({ kind: s.kind, status: 'accepted', ...(s.justification && { justification: s.justification }) })),
    }),
  };
}

/** Every built-in rule and the run's plugin rules, each once; rule ids first seen in findings are added as they come. */
function knownRules(known: readonly FormatRule[]): FormatRule[] {
  const rules: FormatRule[] = [];
  const ids = new Set<string>();
  for (const rule of known) {
    if (ids.has(rule.id)) continue;
    ids.add(rule.id);
    rules.push(rule);
  }
  return rules;
}


function describeRule(rule: FormatRule) {
  const doc = ruleDoc(rule.id);
  const helpUri = doc ? `${INFORMATION_URI}/blob/main/rules/${rule.id}.md` : rule.docs && /^https?:\/\//.test(rule.docs) ? rule.docs : undefined;
  const full = doc?.reports ?? rule.description;
  const helpText = [full, doc?.why, helpUri && `Documentation: ${helpUri}`].filter(Boolean).join('\n\n');
  const helpMarkdown = [full, doc?.why, helpUri && `[Documentation](${helpUri})`].filter(Boolean).join('\n\n');
  return {
    id: rule.id,
    name: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: full },
    help: { text: helpText, markdown: helpMarkdown },
    ...(helpUri && { helpUri }),
    defaultConfiguration: { level: LEVEL[rule.severity] },
  };
}

const docCache = new Map<string, { reports: string; why?: string } | null>();
/** The first paragraphs of a built-in rule's "What it reports" and "Why" sections. */
function ruleDoc(id: string): { reports: string; why?: string } | null {
  if (docCache.has(id)) return docCache.get(id)!;
  let found: { reports: string; why?: string } | null = null;
  const text = ruleDocText(id);
  if (text) {
    const reports = firstParagraph(text, 'What it reports');
    const why = firstParagraph(text, 'Why');
    if (reports) found = { reports, ...(why && { why }) };
  }
  docCache.set(id, found);
  return found;
}

/** A section's first paragraph, and the list after it when the paragraph introduces one (ends in ":"). */
function firstParagraph(markdown: string, heading: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === `## ${heading}`);
  if (start < 0) return undefined;
  let text = '';
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    const t = line.trim();
    if (t === '') {
      if (text !== '' && !text.endsWith(':')) break;
      continue;
    }
    if (text === '') text = t;
    else text += /^([-*|]|\d+\.)( |$)/.test(t) || text.endsWith(':') ? `\n${t}` : ` ${t}`;
  }
  return text === '' ? undefined : text;
}

/**
 * A file as one path however it was typed (`.`, `"$PWD"`, `./a//b.json`): from the working folder
 * when it is inside it, else absolute. The URI and the fingerprint both use it.
 */
function fromWorkingFolder(path: string, cwd: string): string {
  if (path === '<stdin>') return path;
  const absolute = resolve(cwd, path);
  return pathInside(absolute, cwd) ?? absolute;
}

function artifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/** `Resources.Role.Properties.Policies[0].PolicyDocument.Statement[1].Action`. */
function qualifiedName(location: string, path: readonly PathSegment[]): string {
  const inner = formatPath(path);
  // A finding about the template (an inline policy resource) has a path from the file's root.
  const root = location.split(/[.[]/)[0];
  if (location === '' || (root !== '' && (inner === root || inner.startsWith(`${root}.`) || inner.startsWith(`${root}[`)))) return inner || location;
  return inner === '' ? location : `${location}${inner.startsWith('[') ? '' : '.'}${inner}`;
}

/**
 * What identifies a finding across edits: rule, file, policy and the offending text, not the line,
 * so code scanning keeps an alert (and its dismissal) when lines above it move. The policy by its
 * name, as a baseline does: its location holds list indices (`UserDetailList[3]`) that an entry
 * added before it shifts.
 */
function fingerprintBase(path: string, f: Finding, source: FrameSource | undefined): string {
  const text = f.fingerprint ?? (source ? spanText(source, f) : JSON.stringify(f.path));
  const policy = f.policy ? f.policy.name : '';
  return createHash('sha256').update([f.ruleId, path, policy, text].join('\0')).digest('hex').slice(0, 32);
}

function spanText(source: FrameSource, f: Finding): string {
  if (f.line === f.endLine) return source.lineText(f.line).slice(f.column - 1, f.endColumn - 1);
  const lines = [source.lineText(f.line).slice(f.column - 1)];
  for (let l = f.line + 1; l < f.endLine; l++) lines.push(source.lineText(l));
  lines.push(source.lineText(f.endLine).slice(0, f.endColumn - 1));
  return lines.join('\n');
}
