/** The README's Commands section shows real output; these tests keep it real. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README Commands section', () => {
  it('shows real iamlint rules output', () => {
    expect(readme).toContain(runCli(['rules', '--no-config']).stdout.split('\n').slice(0, 4).join('\n'));
  });

  it('shows real iamlint explain output, and the unknown-id message', () => {
    expect(readme).toContain(`$ iamlint explain duplicate-sid\n${runCli(['explain', 'duplicate-sid']).stdout.split('\n').slice(0, 9).join('\n')}\n...\n`);
    expect(readme).toContain(`$ iamlint explain no-wildcard-actoin\n${runCli(['explain', 'no-wildcard-actoin']).stderr}`);
  });

  it('shows real iamlint expand output', () => {
    const args = ['sqs:*', '--access-level', 'read,list', '--resource', 'arn:aws:sqs:us-east-1:123456789012:orders'];
    expect(readme).toContain(`$ iamlint expand '${args[0]}' ${args.slice(1).join(' ')}\n${runCli(['expand', ...args]).stdout}`);
  });

  it('documents every option of every command', () => {
    for (const command of ['rules', 'explain', 'expand']) {
      const help = runCli([command, '--help']).stdout;
      const flags = new Set([...help.matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]));
      expect(flags.size, `${command} --help lists its options`).toBeGreaterThan(1);
      for (const flag of flags) {
        if (flag === '--help') continue;
        expect(readme, `README lacks ${command} ${flag}`).toMatch(new RegExp(`${flag}\\b`));
      }
    }
  });
});
