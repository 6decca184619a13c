import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { lint } from './api.js';
import { checkBaselineTarget, writeBaseline } from './baseline/baseline.js';
import { checkWriteTargets } from './files/write-targets.js';
import { createProgress } from './cli/progress.js';
import { addCommands, toleratePipeClose } from './commands/index.js';
import { UsageError } from './config/errors.js';
import { RuleError } from './engine/lint.js';
import type { FrameSource } from './formatters/code-frame.js';
import { DOCUMENT_FORMATS, FORMATTERS, STREAM_FORMATTERS } from './formatters/index.js';
import { parseOutputs, streamReports, writeReport, type OutputSpec } from './formatters/outputs.js';
import { addToSummary, emptySummary } from './formatters/summary.js';
import type { FormatContext, FormatRule } from './formatters/types.js';
import { loadConfig } from './config/load.js';
import { PLAIN_COLOR } from './formatters/plain-color.js';
import { iamDataVersion } from './iam/data.js';
import { isPolicyKind } from './policy/kind.js';
import { POLICY_KINDS, type FileResult, type PolicyKind } from './types.js';

interface CliOptions {
  format: string[];
  outputFile?: string;
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
  requireReason?: boolean;
  reportUnusedSuppressions?: boolean;
  fixDryRun?: boolean;
  fixSuggestions: string[];
  baseline?: string;
  writeBaseline?: string;
  printConfig?: string;
}

/** Where the CLI reads and writes; `main` takes other streams in tests. */
export interface CliIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

// Getters, read when used: process.stdin opens the stream on first use, which loads node's file
// streams (~2 ms of a small run's start-up), and only `-` reads it.
const processIo: CliIo = {
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
  get stdin() {
    return process.stdin;
  },
  get env() {
    return process.env;
  },
};

/** Runs the command line and returns the exit code: 0 clean, 1 findings, 2 usage or internal error. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  toleratePipeClose(io);
  const version = toolVersion();
  const data = iamDataVersion();
  const program = new Command('iamlint')
    .description('Lint AWS IAM policies: policy files, CloudFormation and CDK templates')
    .argument('[paths...]', 'files and folders to lint ("-" reads stdin)', ['.'])
    .version(`iamlint ${version} (IAM data ${data.version}, ${data.date})`, '-v, --version')
    .option('-f, --format <name[:file]>', `output format (${Object.keys(FORMATTERS).join(', ')}), to stdout or to a file; repeatable`, collect, [])
    .option('-o, --output-file <path>', 'write the report to this file instead of stdout')
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
    .option('--fix-dry-run', 'print the changes --fix would make as a unified diff, writing nothing')
    .option('--fix-suggestions <rule-id>', 'with the safe fixes, also apply this rule\'s suggested fixes, which change what a policy allows; repeatable', collect, [])
    .option('--baseline <file>', 'fail only on findings this baseline file does not record')
    .option('--write-baseline <file>', 'record the current findings in this baseline file and exit 0')
    .option('--require-reason', 'report suppression comments and metadata that give no reason')
    .option('--report-unused-suppressions', 'report suppression comments and metadata that silence nothing')
    .option('--print-config <file>', 'print the configuration that applies to a file (rules, policy kind, whether it is ignored) as JSON, and lint nothing')
    .option('--debug', 'show stack traces for internal errors')
    .showHelpAfterError('(run iamlint --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  let command: Promise<number> | undefined;
  addCommands(program, { io, colorLevel, run: (exit) => (command = exit) });

  let options: CliOptions;
  let paths: string[];
  try {
    program.parse(argv as string[]);
    if (command) return await command;
    options = program.opts<CliOptions>();
    paths = program.args.length > 0 ? program.args : ['.'];
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }

  try {
    if (options.policyType && !isPolicyKind(options.policyType)) throw new UsageError(`unknown policy type ${options.policyType}`);
    if (options.printConfig !== undefined) {
      refusePrintConfigWith(options, program.args);
      const { configForFile } = await import('./config/print-config.js');
      const config = await configForFile(options.printConfig, {
        cwd: process.cwd(),
        useConfig: options.config !== false,
        ...(typeof options.config === 'string' && { configFile: options.config }),
        ruleOverrides: options.rule,
        ignorePatterns: options.ignorePattern,
        ...(options.policyType && { policyType: options.policyType }),
      });
      io.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
      return 0;
    }
    const outputs = parseOutputs(options.format, options.outputFile);
    const writes = outputs.flatMap((o) => (o.file === undefined ? [] : [{ given: o.file === options.outputFile ? `--output-file ${o.file}` : `-f ${o.format}:${o.file}`, file: o.file }]));
    if (options.writeBaseline !== undefined) writes.push({ given: `--write-baseline ${options.writeBaseline}`, file: options.writeBaseline });
    checkWriteTargets(writes, paths, process.cwd());
    if (options.writeBaseline !== undefined) checkBaselineTarget(options.writeBaseline, process.cwd());
    if (options.fix && options.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together');
    if (options.stdinFilename !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename names the text read from stdin: give - as a path to read it');
    const fixes = options.fix ? '--fix' : options.fixDryRun ? '--fix-dry-run' : options.fixSuggestions.length > 0 ? '--fix-suggestions' : undefined;
    if (fixes && paths.includes('-')) throw new UsageError(`${fixes} works on files, not on text read from stdin`);
    const progress = createProgress(io.stderr, { stdoutIsTTY: io.stdout.isTTY === true, env: io.env });
    // Linting leaves mostly garbage behind, but V8, given gigabytes of headroom, lets a busy heap grow to
    // up to four times what it holds before a full collection: 220 MB on one thread (310 MB on two) for
    // a 10,000-file tree that holds 40 MB. A 1.5x step gave 180 MB (260 MB) for about 5% more CPU time;
    // small runs never reach a full collection. The CLI owns its process: the API leaves V8 alone.
    setFlagsFromString('--heap-growing-percent=50');
    const level = colorLevel(options.color, io.stdout, io.env);
    const terminalColor = level > 0 ? new (await import('chalk')).Chalk({ level }) : PLAIN_COLOR;
    // SARIF and HTML describe each rule: a plugin's rules by their own meta, read from the configuration.
    const rules = outputs.some((o) => o.format === 'sarif' || o.format === 'html') ? await pluginRuleMeta(options) : [];
    const contextFor = (output: OutputSpec, sources: FormatContext['sources'] = new Map()): FormatContext => ({
      sources,
      ...(rules.length > 0 && { rules }),
      // Colour is for a terminal; report files never get it.
      color: output.file === undefined ? terminalColor : PLAIN_COLOR,
      tool: { name: 'iamlint', version, iamData: data },
      ...(paths.includes('-') && { stdinName: options.stdinFilename ?? '<stdin>' }),
    });
    const shown = (r: FileResult): FileResult => (options.quiet ? { ...r, findings: r.findings.filter((f) => f.severity === 'error') } : r);
    const summary = emptySummary();
    // Formats that can stream write each file's findings as soon as it is done: a large run holds neither results nor sources.
    const streamed = !options.writeBaseline && !options.fixDryRun && outputs.every((o) => Object.hasOwn(STREAM_FORMATTERS, o.format)) ? await streamReports(outputs, contextFor, io.stdout, progress.end) : undefined;
    const outcome = await lint({
      paths,
      useConfig: options.config !== false,
      ...(typeof options.config === 'string' && { configFile: options.config }),
      ruleOverrides: options.rule,
      ignorePatterns: options.ignorePattern,
      ...(options.policyType && { policyType: options.policyType }),
      stdin: () => readStream(io.stdin),
      ...(options.stdinFilename && { stdinFilename: options.stdinFilename }),
      // Code frames need the file text: stylish and html show them.
      keepSources: outputs.some((o) => o.format === 'stylish' || o.format === 'html'),
      ...(options.fix && { fix: true }),
      ...(options.requireReason && { requireReason: true }),
      ...(options.reportUnusedSuppressions && { reportUnusedSuppressions: true }),
      ...(options.fixDryRun && { fixDryRun: true }),
      ...(options.fixSuggestions.length > 0 && { fixSuggestions: options.fixSuggestions }),
      ...(options.baseline && !options.writeBaseline && { baseline: options.baseline }),
      // Only baselines and SARIF match on fingerprints.
      fingerprints: options.writeBaseline !== undefined || outputs.some((o) => o.format === 'sarif'),
      onProgress: progress.update,
      ...(workersFromEnv(io.env) && { workers: workersFromEnv(io.env) }),
      ...(streamed && {
        onResult: (result: FileResult, source: FrameSource | undefined) => {
          const r = shown(result);
          addToSummary(summary, r);
          return streamed.file(r, source);
        },
      }),
    })
      .catch((error: unknown) => {
        streamed?.abort();
        throw error;
      })
      .finally(() => progress.end());
    if (options.writeBaseline) {
      const recorded = writeBaseline(outcome.results, options.writeBaseline, process.cwd());
      io.stderr.write(`iamlint: recorded ${recorded} finding${recorded === 1 ? '' : 's'} in ${options.writeBaseline}\n`);
      return 0;
    }
    // A machine-read report on stdout (json, sarif, junit, html) must stay parseable: its diffs go to stderr.
    const diffsTo = outputs.some((o) => o.file === undefined && DOCUMENT_FORMATS.has(o.format)) ? io.stderr : io.stdout;
    for (const diff of outcome.fixDiffs ?? []) diffsTo.write(diff);
    if (streamed) streamed.end();
    else {
      const results = outcome.results.map(shown);
      for (const r of results) addToSummary(summary, r);
      for (const output of outputs) {
        const text = (await FORMATTERS[output.format]!())(results, contextFor(output, outcome.sources));
        if (output.file === undefined) io.stdout.write(text);
        else writeReport(output.file, text);
      }
    }
    // pre-commit hands the hook every staged file its pattern matches: skipping those without a policy is expected.
    if (io.env.PRE_COMMIT !== '1') for (const notice of outcome.notices) io.stderr.write(`iamlint: ${notice}\n`);
    // A policy left unlinted in a file that was linted is said every time, pre-commit included.
    for (const note of outcome.notRead) io.stderr.write(`iamlint: ${note}\n`);
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

/**
 * --print-config prints and lints nothing, as in ESLint: paths, and flags that would write, fix or
 * report, are refused rather than silently skipped (a script would take the exit code 0 for done).
 */
function refusePrintConfigWith(options: CliOptions, paths: readonly string[]): void {
  if (options.printConfig === '' || options.printConfig === '-') throw new UsageError('--print-config needs the path of a file');
  if (paths.length > 0) throw new UsageError(`--print-config takes one file, given as its value; it lints nothing, so it takes no paths (${paths.join(' ')})`);
  const acting: [string, boolean][] = [
    ['--format', options.format.length > 0],
    ['--output-file', options.outputFile !== undefined],
    ['--fix', options.fix === true],
    ['--fix-dry-run', options.fixDryRun === true],
    ['--fix-suggestions', options.fixSuggestions.length > 0],
    ['--baseline', options.baseline !== undefined],
    ['--write-baseline', options.writeBaseline !== undefined],
    ['--stdin-filename', options.stdinFilename !== undefined],
    ['--max-warnings', options.maxWarnings !== undefined],
    ['--quiet', options.quiet === true],
    ['--require-reason', options.requireReason === true],
    ['--report-unused-suppressions', options.reportUnusedSuppressions === true],
  ];
  const given = acting.filter(([, set]) => set).map(([flag]) => flag);
  if (given.length > 0) throw new UsageError(`--print-config lints nothing, so ${given.join(', ')} would do nothing with it`);
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
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number, 0 or more');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * --no-color and --color decide; then FORCE_COLOR (`0` or `false` off, any other value on, as chalk
 * reads it); then NO_COLOR (any value) and TERM=dumb turn it off; else a TTY decides.
 */
function colorLevel(flag: boolean | undefined, stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (flag !== undefined) return flag ? 1 : 0;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false' ? 0 : 1;
  if ((env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb') return 0;
  return stdout.isTTY ? 1 : 0;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The meta of the configuration's plugin rules, as report formats describe rules. */
async function pluginRuleMeta(options: { config?: string | false }): Promise<FormatRule[]> {
  const loaded = await loadConfig({ cwd: process.cwd(), useConfig: options.config !== false, ...(typeof options.config === 'string' && { configFile: options.config }) });
  return loaded.pluginRules.map(({ meta }) => ({ id: meta.id, severity: meta.severity, description: meta.description, ...(meta.docs && { docs: meta.docs }) }));
}
