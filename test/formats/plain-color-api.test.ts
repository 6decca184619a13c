import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { PLAIN_COLOR } from '../../src/formatters/plain-color.js';

const chalk = new Chalk({ level: 0 });
type Use = (c: typeof chalk) => unknown;

describe('PLAIN_COLOR beyond plain styles', () => {
  it.each<[string, Use]>([
    ['visible, which prints only with colour', (c) => c.visible('shown only in colour')],
    ['visible in a chain', (c) => c.red.visible('x')],
    ['a hex colour', (c) => c.hex('#ff0000')('x')],
    ['an rgb background in a chain', (c) => c.bold.bgRgb(1, 2, 3)('x', 'y')],
    ['an ansi256 colour', (c) => c.ansi256(201).underline('x')],
    ['a template literal argument', (c) => c.green(`n = ${3}`)],
    ['a style called with an array', (c) => c.dim(['a', 'b'] as unknown as string)],
  ])('%s gives what chalk at level 0 gives', (_name, use) => {
    expect(use(PLAIN_COLOR)).toBe(use(chalk));
  });

  it('reports level 0 in a chain too', () => {
    expect(PLAIN_COLOR.red.bold.level).toBe(0);
  });
});
