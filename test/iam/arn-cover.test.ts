import { describe, expect, it } from 'vitest';
import { covers } from '../../src/iam/arn-cover.js';

describe('covers', () => {
  it.each([
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/logs/*'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/x'],
    ['*', 'arn:aws:s3:::b'],
    ['*', '*'],
    ['*', '${BucketArn}'],
    ['arn:aws:s3:::b', 'arn:aws:s3:::b'],
    // `*` spans `/` and `:`, as IAM matches resources.
    ['arn:aws:s3:::elasticbeanstalk-*', 'arn:aws:s3:::elasticbeanstalk-*/*'],
    ['arn:aws:logs:*:*:/aws/lambda/x*', 'arn:aws:logs:*:*:log-group:/aws/lambda/x*'],
    ['arn:aws:apigateway:*::/restapis/*', 'arn:aws:apigateway:*::/restapis/*/stages/*'],
    ['arn:aws:s3:::*redshift*', 'arn:aws:s3:::redshift-downloads/*'],
    ['arn:aws:s3:::log?', 'arn:aws:s3:::logs'],
    ['arn:aws:s3:::log*', 'arn:aws:s3:::log?'],
    ['arn:aws:s3:::b/a*', 'arn:aws:s3:::b/a**'],
    // A `?` of the covering pattern can take part of a star: both are "one or more characters".
    ['arn:aws:s3:::b/?*', 'arn:aws:s3:::b/*?'],
    ['arn:aws:s3:::b/*?', 'arn:aws:s3:::b/?*'],
    ['arn:aws:s3:::b/*??*', 'arn:aws:s3:::b/?*?'],
    // A placeholder in the covered pattern could be anything.
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/${aws:username}/*'],
    ['arn:*:s3:::*', 'arn:${AWS::Partition}:s3:::${Bucket}'],
    // IAM's escapes are literal characters.
    ['arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/${*}'],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/${?}'],
  ])('%s covers %s', (a, b) => {
    expect(covers(a, b)).toBe(true);
  });

  it.each([
    ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/*'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b'],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::c/*'],
    ['arn:aws:s3:::b', 'arn:aws:s3:::B'],
    ['arn:aws:s3:::b*', '*'],
    ['arn:aws:s3:::log?', 'arn:aws:s3:::log*'],
    ['arn:aws:s3:::*/*aws-glue-*/*', 'arn:aws:s3:::aws-glue-*/*'],
    ['arn:aws:sagemaker:*:*:image/*', 'arn:aws:sagemaker:*:*:image-version/*/*'],
    ['arn:aws:s3:::*ab*', 'arn:aws:s3:::*a*b*'],
    ['arn:aws:s3:::b/??', 'arn:aws:s3:::b/*?'],
    ['arn:aws:s3:::b/?*?', 'arn:aws:s3:::b/*?'],
    // A placeholder reads as `*` on the covered side...
    ['arn:aws:s3:::*', 'arn:${AWS::Partition}:s3:::${Bucket}'],
    ['arn:aws:s3:::b/x', 'arn:aws:s3:::b/${aws:username}'],
    // ... and covers nothing but itself on the covering side.
    ['arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/alice'],
    ['${BucketArn}', 'arn:aws:s3:::b'],
    ['arn:aws:s3:::b/${*}', 'arn:aws:s3:::b/x'],
  ])('%s does not cover %s', (a, b) => {
    expect(covers(a, b)).toBe(false);
  });

  it('agrees with a brute-force check on small patterns', () => {
    // Every pattern of up to four symbols over `a`, `b`, `*`, `?`, against every string of up to
    // six characters over `a`, `b` and `c` (a character neither pattern names).
    const symbols = ['a', 'b', '*', '?'];
    const patterns: string[] = [''];
    for (let len = 1, level = ['']; len <= 4; len++) {
      level = level.flatMap((p) => symbols.map((s) => p + s));
      patterns.push(...level);
    }
    const strings: string[] = [''];
    for (let len = 1, level = ['']; len <= 6; len++) {
      level = level.flatMap((p) => ['a', 'b', 'c'].map((s) => p + s));
      strings.push(...level);
    }
    const matcher = (p: string) => new RegExp(`^${p.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    const matched = new Map(patterns.map((p) => [p, strings.filter((s) => matcher(p).test(s))]));
    const wrong: string[] = [];
    for (const a of patterns) {
      const inA = new Set(matched.get(a));
      for (const b of patterns) {
        const expected = (matched.get(b) as string[]).every((s) => inA.has(s));
        if (covers(a, b) !== expected) wrong.push(`${a} ⊇ ${b}: expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
