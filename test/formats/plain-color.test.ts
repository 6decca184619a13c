import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { PLAIN_COLOR } from '../../src/formatters/plain-color.js';

const chalk = new Chalk({ level: 0 });

describe('PLAIN_COLOR: chalk without colour, without loading chalk', () => {
  it.each([
    ['one style', (c: typeof chalk) => c.red('text')],
    ['chained styles', (c: typeof chalk) => c.red.bold.underline('✖ 3')],
    ['several arguments', (c: typeof chalk) => c.dim('a', 'b', 3)],
    ['a number', (c: typeof chalk) => c.yellow(42 as unknown as string)],
    ['no argument', (c: typeof chalk) => c.cyan()],
  ])('%s gives what chalk at level 0 gives', (_name, use) => {
    expect(use(PLAIN_COLOR)).toBe(use(chalk));
  });

  it('reports level 0', () => {
    expect(PLAIN_COLOR.level).toBe(0);
  });
});
