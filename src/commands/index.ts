import { Option, type Command } from 'commander';
import { UsageError } from '../config/errors.js';

/** Words that, as the first argument, name a command instead of a path to lint. */
export const COMMAND_NAMES = ['rules', 'explain', 'expand'] as const;

export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface CommandHost {
  io: CommandIo;
  /** The CLI's own colour decision (flags, NO_COLOR, FORCE_COLOR, TTY). */
  colorLevel(flag: boolean | undefined, stdout: CommandIo['stdout'], env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3;
  /** Receives the command's exit code once it has run. */
  run(exit: Promise<number>): void;
}

export interface ConfigFlags {
  config?: string | false;
}

/**
 * Adds the commands beside the default lint command. Each command's module is imported only when
 * it runs, so linting does not pay for them at start-up.
 */
export function addCommands(program: Command, host: CommandHost): void {
  program
    .enablePositionalOptions()
    .helpCommand(false)
    // A program with commands needs an action of its own, or commander takes a path for an unknown command.
    .action(() => {})
    .addHelpText('after', `\nA first argument ${COMMAND_NAMES.join(', ')} is a command (iamlint <command> --help); to lint a folder with one of these names, write ./rules.\n`);

  const formatOption = () => new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text');
  const start = (load: () => Promise<number>) => host.run(guard(() => lintOptionsBefore(program) ?? load(), host.io));

  program
    .command('rules')
    .description('list every rule (built-in and from configured plugins): id, default severity, kinds, fix, description')
    .addOption(formatOption())
    .option('-c, --config <file>', 'use this configuration file (for plugin rules)')
    .option('--no-config', 'do not look for a configuration file')
    .action((opts: { format: 'text' | 'json' } & ConfigFlags) => start(async () => (await import('./rules.js')).rulesCommand(opts, host)));

  program
    .command('explain')
    .description("show a rule's documentation and how to suppress it")
    .argument('<rule-id>', 'the rule to explain')
    .option('-c, --config <file>', 'use this configuration file (for plugin rules)')
    .option('--no-config', 'do not look for a configuration file')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action((id: string, opts: ConfigFlags & { color?: boolean }) => start(async () => (await import('./explain.js')).explainCommand(id, opts, host)));

  program
    .command('expand')
    .description('list the actions an action pattern grants, with access levels and resource types')
    .argument('<patterns...>', 'action patterns: s3:Get*, iam:*Policy*, *')
    .option('--access-level <levels>', 'keep these access levels only (list, read, write, permissions-management, tagging; comma-separated)')
    .option('--resource <arn>', 'keep the actions that can act on this resource')
    .addOption(formatOption())
    .action((patterns: string[], opts: { format: 'text' | 'json'; accessLevel?: string; resource?: string }) =>
      start(async () => (await import('./expand.js')).expandCommand(patterns, opts, host)),
    );
}

/**
 * `iamlint -c x.json rules` or `iamlint -f json rules`: options written before a command are the
 * lint command's, which the command never sees; refused, as silently ignoring them gave a text
 * table to a script that asked for JSON.
 */
function lintOptionsBefore(program: Command): never | undefined {
  // --config and --no-config share one value: it is named once.
  const byValue = new Map<string, string[]>();
  for (const o of program.options) if (program.getOptionValueSource(o.attributeName()) === 'cli') byValue.set(o.attributeName(), [...(byValue.get(o.attributeName()) ?? []), o.long ?? o.flags]);
  const given = [...byValue.values()].map((names) => names.join('/'));
  if (given.length === 0) return undefined;
  const command = program.args[0] ?? 'the command';
  throw new UsageError(`${given.join(', ')} before "${command}" ${given.length === 1 ? 'is an option' : 'are options'} of linting; write the command's options after it (iamlint ${command} --help)`);
}

const tolerant = new WeakSet<object>();

/** `iamlint expand '*' | head`, `iamlint . | head`: the reader leaving early is not an error, nor a crash. */
export function toleratePipeClose(io: Pick<CommandIo, 'stdout' | 'stderr'>): void {
  if (tolerant.has(io.stdout)) return;
  tolerant.add(io.stdout);
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') io.stderr.write(`iamlint: cannot write the output: ${error.message}\n`);
  });
}

async function guard(load: () => Promise<number>, io: CommandIo): Promise<number> {
  toleratePipeClose(io);
  try {
    return await load();
  } catch (error) {
    const message = error instanceof UsageError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`iamlint: ${message}\n`);
    return 2;
  }
}

/** Built-in rules and those of the configured plugins, as linting would see them. */
export async function ruleRegistry(flags: ConfigFlags): Promise<{ builtin: Set<string>; rules: import('../engine/rule.js').AnyRule[] }> {
  const [{ builtinRules }, { loadConfig }, { buildRegistry }] = await Promise.all([
    import('../../rules/index.js'),
    import('../config/load.js'),
    import('../config/resolve-rules.js'),
  ]);
  const loaded = await loadConfig({ cwd: process.cwd(), useConfig: flags.config !== false, ...(typeof flags.config === 'string' && { configFile: flags.config }) });
  return { builtin: new Set(builtinRules.map((r) => r.meta.id)), rules: [...buildRegistry(builtinRules, loaded.pluginRules).values()] };
}
