/** How linting and --fix read a file: decoded as UTF-8, a byte order mark set apart, a size limit. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSourceText, withoutBom } from '../../src/files/read-source.js';
import { scratch } from '../helpers/cli.js';

const work = scratch({});
afterAll(() => work.cleanup());

describe('withoutBom', () => {
  it.each([
    ['no mark', { text: '{}' }, { text: '{}', bom: '' }],
    ['a mark', { text: '\uFEFF{}' }, { text: '{}', bom: '\uFEFF' }],
    ['a mark before a bad byte: the offset moves with the text', { text: '\uFEFF{"a":"\uFFFD"}', invalidUtf8: { offset: 7, byte: 0xff } }, { text: '{"a":"\uFFFD"}', bom: '\uFEFF', invalidUtf8: { offset: 6, byte: 0xff } }],
    ['a mark only in the middle is text', { text: '{"a":"\uFEFF"}' }, { text: '{"a":"\uFEFF"}', bom: '' }],
  ])('%s', (_name, decoded, expected) => {
    expect(withoutBom(decoded)).toEqual(expected);
  });
});

describe('readSourceText', () => {
  it('reads bytes with a mark and a byte that is not UTF-8', () => {
    const file = join(work.dir, 'bad.json');
    writeFileSync(file, Buffer.concat([Buffer.from('\uFEFF{"a":"'), Buffer.from([0xc3]), Buffer.from('"}')]));
    expect(readSourceText(file)).toEqual({ text: '{"a":"\uFFFD"}', bom: '\uFEFF', invalidUtf8: { offset: 6, byte: 0xc3 } });
  });

  it('throws for a file that is not there (callers report it)', () => {
    expect(() => readSourceText(join(work.dir, 'missing.json'))).toThrow(/ENOENT/);
  });
});
