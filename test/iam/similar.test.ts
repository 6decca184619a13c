/** Did-you-mean: edit distance for typos, one added or dropped run of letters for a word too many or too few. */
import { describe, expect, it } from 'vitest';
import { closest, oneRunApart } from '../../src/iam/similar.js';

describe('closest', () => {
  it.each([
    ['DeletObject', ['deleteobject', 'putobject'], ['deleteobject']],
    ['getobjekt', ['getobject', 'getobjectacl'], ['getobject']],
    ['GetLifecycleConfiguration', ['getbucketlifecycleconfiguration'], []],
  ])('%s among %j gives %j', (word, candidates, expected) => {
    expect(closest(word, candidates)).toEqual(expected);
  });
});

describe('oneRunApart', () => {
  it.each([
    ['GetBucketLifecycleConfiguration', ['getlifecycleconfiguration', 'putlifecycleconfiguration'], ['getlifecycleconfiguration']],
    ['CreateOriginAccessIdentity', ['createcloudfrontoriginaccessidentity', 'createdistribution'], ['createcloudfrontoriginaccessidentity']],
    // Shortest run first, then by name; a one-letter difference is edit distance's to find.
    ['ListKeys', ['listkeypolicies', 'listaliaskeys', 'listkeysx', 'listmanagedkeys'], ['listaliaskeys', 'listmanagedkeys']],
    // Not a run in the middle: a changed start or end, or a name too short to say.
    ['PutObject', ['getobject', 'putobjectacl'], []],
    ['GetX', ['getxyz'], []],
  ])('%s among %j gives %j', (word, candidates, expected) => {
    expect(oneRunApart(word, candidates)).toEqual(expected);
  });
});
