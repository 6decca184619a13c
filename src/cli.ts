import { readFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { lint } from './api.js';
import { UsageError } from './config/errors.js';
import { RuleError } from './engine/lint.js';
import { FORMATTERS } from './formatters/index.js';
import { summarize } from './formatters/summary.js';
import { iamDataVersion } from './iam/data.js';
import { isPolicyKind } from './policy/kind.js';
import { POLICY_KINDS, type FileResult, type PolicyKind } from './types.js';

interface CliOptions {
  format: string;
  quiet?: boolean;
  maxWarnings?: number;
  rule: string[];
  config?: string | false;
  ignorePattern: string[];
  policyType?: PolicyKind;
  stdinFilename?: string;
  color?: boolean;
  debug?: boolean;
  fix?: boolean;
}

/** Runs the command line and returns the exit code: 0 clean, 1 findings, 2 usage or internal error. */
export async function main(argv: readonly string[], io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }): Promise<number> {
  const version = toolVersion();
  const data = iamDataVersion();
  const program = new Command('iamlint')
    .description('Lint AWS IAM policies: policy files, CloudFormation and CDK templates')
    .argument('[paths...]', 'files and folders to lint ("-" reads stdin)', ['.'])
    .version(`iamlint ${version} (IAM data ${data.version}, ${data.date})`, '-v, --version')
    .addOption(new Option('-f, --format <name>', 'output format').choices(Object.keys(FORMATTERS)).default('stylish'))
    .option('-q, --quiet', 'report errors only')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', parseCount)
    .option('--rule <id:severity>', 'set a rule\'s severity (off, info, warning, error); repeatable', collect, [])
    .option('-c, --config <file>', 'use this configuration file')
    .option('--no-config', 'do not look for a configuration file')
    .option('--ignore-pattern <glob>', 'skip matching files and folders; repeatable', collect, [])
    .addOption(new Option('--policy-type <kind>', 'kind of bare policy files (otherwise guessed)').choices([...POLICY_KINDS]))
    .option('--stdin-filename <name>', 'name to show for input read from stdin')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .option('--fix', 'apply safe fixes (drop redundant entries) to the files, then report what remains')
    .option('--debug', 'show stack traces for internal errors')
    .showHelpAfterError('(run iamlint --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  let options: CliOptions;
  let paths: string[];
  try {
    program.parse(argv as string[]);
    options = program.opts<CliOptions>();
    paths = program.args.length > 0 ? program.args : ['.'];
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }

  try {
    if (options.policyType && !isPolicyKind(options.policyType)) throw new UsageError(`unknown policy type ${options.policyType}`);
    const outcome = await lint({
      paths,
      useConfig: options.config !== false,
      ...(typeof options.config === 'string' && { configFile: options.config }),
      ruleOverrides: options.rule,
      ignorePatterns: options.ignorePattern,
      ...(options.policyType && { policyType: options.policyType }),
      stdin: () => readStream(io.stdin),
      ...(options.stdinFilename && { stdinFilename: options.stdinFilename }),
      keepSources: options.format === 'stylish',
      ...(options.fix && { fix: true }),
      ...(workersFromEnv(io.env) && { workers: workersFromEnv(io.env) }),
    });
    let results: FileResult[] = outcome.results;
    if (options.quiet) results = results.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') }));
    const formatter = FORMATTERS[options.format] ?? FORMATTERS.stylish!;
    const color = new Chalk({ level: colorLevel(options.color, io.stdout, io.env) });
    io.stdout.write(formatter(results, { sources: outcome.sources, color, tool: { name: 'iamlint', version, iamData: data } }));
    for (const notice of outcome.notices) io.stderr.write(`iamlint: ${notice}\n`);
    const summary = summarize(results);
    if (summary.errors > 0) return 1;
    if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
      io.stderr.write(`iamlint: too many warnings (${summary.warnings}); at most ${options.maxWarnings} allowed\n`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`iamlint: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof RuleError ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
    io.stderr.write(`iamlint: ${message}\n`);
    if (options.debug) io.stderr.write(`${(error instanceof RuleError && error.cause instanceof Error ? error.cause : (error as Error)).stack ?? ''}\n`);
    else io.stderr.write('iamlint: run again with --debug for a stack trace\n');
    return 2;
  }
}

/** IAMLINT_WORKERS=1 keeps a run on one thread (for measuring the speed-up and for debugging). */
function workersFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.IAMLINT_WORKERS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** NO_COLOR (any value) and --no-color turn colour off; --color and FORCE_COLOR turn it on; else a TTY decides. */
function colorLevel(flag: boolean | undefined, stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (flag === false) return 0;
  if (flag === true || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0')) return 1;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  return stdout.isTTY ? 1 : 0;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
