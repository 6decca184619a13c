/**
 * Module-level caches are keyed by text as written or lower-cased. IAM action names and condition
 * keys and operators are case-insensitive, ARNs and condition values are not: whatever a cache holds
 * from one spelling, a policy written another way must get the findings it gets on its own, with its
 * own text in messages and suggestions. Each policy is linted once in one order and once in the
 * reverse order, so every one of them meets caches filled first by every other spelling.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { lintSource, type ActiveRule } from '../../src/engine/lint.js';
import { SourceFile } from '../../src/source/source-file.js';

const RULES: ActiveRule[] = builtinRules.map((rule) => ({ rule, severity: rule.meta.severity, severityConfigured: false, options: rule.defaultOptions ?? {} }));

const spellings = (word: string) => [word, word.toLowerCase(), word.toUpperCase()];

function policies(): string[] {
  const out: string[] = [];
  for (const action of [...spellings('s3:GetObject*'), ...spellings('iam:PassRole'), ...spellings('S3:*'), ...spellings('ec2:Describe*'), ...spellings('s3:GetObjekt')]) {
    for (const resource of ['*', 'arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/*', 'ARN:AWS:S3:::bucket', 'arn:aws:iam::123456789012:role/*', 'arn:aws:ec2:*:*:Instance/*']) {
      out.push(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [action, action.replace('*', 'Acl')], Resource: resource }] }, null, 2));
    }
  }
  for (const key of [...spellings('aws:SourceIp'), ...spellings('aws:RequestTag/Team'), ...spellings('s3:prefix'), ...spellings('iam:PassedToService')]) {
    for (const operator of [...spellings('StringEquals'), 'ForAllValues:StringLike', 'forallvalues:stringlike', 'IpAddress', 'Bool']) {
      for (const value of ['Ops', 'ops', '10.0.0.0/8', 'true']) {
        out.push(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ListBucket', 'iam:PassRole'], Resource: '*', Condition: { [operator]: { [key]: value } } }] }, null, 2));
      }
    }
  }
  return out;
}

async function findings(text: string, i: number) {
  const result = await lintSource(new SourceFile(`p${i}.json`, text), { rules: RULES });
  return result.findings.map((f) => `${f.ruleId} ${f.line}:${f.column} ${f.message} | ${f.suggestion ?? ''}`);
}

describe('caches keyed by spelling', () => {
  it('give every spelling its own findings, whichever spelling came first', async () => {
    const texts = policies();
    const forward: string[][] = [];
    for (const [i, t] of texts.entries()) forward.push(await findings(t, i));
    const backward: string[][] = new Array(texts.length);
    for (let i = texts.length - 1; i >= 0; i--) backward[i] = await findings(texts[i] as string, i);
    for (let i = 0; i < texts.length; i++) expect({ policy: texts[i], findings: backward[i] }).toEqual({ policy: texts[i], findings: forward[i] });
    // The policies do reach the rules that cache per text.
    const rules = new Set(forward.flat().map((f) => f.split(' ')[0]));
    for (const id of ['redundant-action', 'no-wildcard-resource', 'no-passrole-wildcard', 'unknown-action', 'resource-mismatch']) expect(rules).toContain(id);
  }, 60_000);
});
