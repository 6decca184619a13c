import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinRules } from '../../rules/index.js';
import type { AnyRule } from '../engine/rule.js';
import { UsageError } from './errors.js';
import { ConfigFileError, loadJsConfig, loadJsonConfig } from './loaders.js';
import { checkUniqueIds, pluginExports } from './plugin-rules.js';
import { validateConfigShape, type RawConfig } from './validate.js';

export interface LoadedConfig {
  /** The file it came from, for messages; undefined when no config was found. */
  file?: string;
  config: RawConfig;
  /** Rules contributed by plugins, in the order listed. */
  pluginRules: AnyRule[];
}

const MODULE_NAME = 'iamlint';
const SEARCH_PLACES = [
  'package.json',
  '.iamlintrc',
  '.iamlintrc.json',
  '.iamlintrc.yaml',
  '.iamlintrc.yml',
  'iamlint.config.js',
  'iamlint.config.mjs',
  'iamlint.config.cjs',
];

/** Finds and validates the config: an explicit file, or the nearest one from `cwd` up to the project root. */
export async function loadConfig(options: { cwd: string; configFile?: string; useConfig: boolean }): Promise<LoadedConfig> {
  if (!options.useConfig && !options.configFile) return { config: {}, pluginRules: [] };
  const file = options.configFile ? resolve(options.cwd, options.configFile) : findConfigFile(options.cwd);
  if (!file) return { config: {}, pluginRules: [] };
  // cosmiconfig costs start-up time, so it is loaded only once a config file is known to exist.
  const { cosmiconfig } = await import('cosmiconfig');
  checkWorkingPackageJson(options.cwd);
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    loaders: { '.json': loadJsonConfig, '.js': loadJsConfig, '.mjs': loadJsConfig, '.cjs': loadJsConfig },
  });
  let found: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  try {
    found = await explorer.load(file);
  } catch (error) {
    throw new UsageError(`cannot read configuration ${relativeToCwd(file, options.cwd)}: ${loadError(error)}`);
  }
  // A package.json given with --config without our key would otherwise be the defaults, silently.
  if (!found && options.configFile) throw new UsageError(`--config ${options.configFile}: it has no "${MODULE_NAME}" key`);
  if (!found || found.isEmpty) return { ...(found && { file: found.filepath }), config: {}, pluginRules: [] };
  const config = validateConfigShape(found.config, found.filepath);
  const pluginRules = await loadPlugins(config.plugins ?? [], found.filepath);
  return { file: found.filepath, config, pluginRules };
}

/**
 * cosmiconfig reads the package.json of the working folder for options of its own (a "cosmiconfig"
 * key) and throws on a broken one: said here, with the place, instead of as an internal error.
 */
function checkWorkingPackageJson(cwd: string): void {
  const file = join(process.cwd(), 'package.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return;
  }
  try {
    JSON.parse(text);
  } catch (error) {
    let where = `not valid JSON (${(error as Error).message})`;
    try {
      loadJsonConfig(file, text);
    } catch (found) {
      if (found instanceof ConfigFileError) where = found.message;
    }
    throw new UsageError(`cannot read ${relativeToCwd(file, cwd)}: ${where}`);
  }
}

/** What is wrong with a config file, in one line. */
function loadError(error: unknown): string {
  if (error instanceof ConfigFileError) return error.message;
  if (!(error instanceof Error)) return String(error);
  // cosmiconfig's YAML errors: "YAML Error in <file>:" on one line, what is wrong and where on the next, then a code frame.
  const lines = error.message.split('\n').filter((l) => l.trim() !== '');
  return (/^\w+ Error in /.test(lines[0] ?? '') ? lines.slice(1, 2) : lines.slice(0, 1)).join(' ');
}

function relativeToCwd(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel === '' || isAbsolute(rel) ? file : rel;
}

/**
 * The nearest config file from `cwd` upwards, stopping at the project root (the first folder
 * with a package.json or .git), as cosmiconfig's "project" strategy does. A package.json counts
 * only when it has an `iamlint` key.
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of SEARCH_PLACES) {
      const candidate = join(dir, name);
      if (!existsSync(candidate)) continue;
      if (name !== 'package.json' || packageHasConfig(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

function packageHasConfig(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  try {
    return (JSON.parse(text) as Record<string, unknown>)[MODULE_NAME] !== undefined;
  } catch {
    // A package.json broken where it holds our key is our config, to report, not to pass over.
    return new RegExp(`"${MODULE_NAME}"\\s*:\\s*\\{`).test(text);
  }
}

/**
 * Loads plugins named relative to the config file (`./my-rules.js`) or as packages. A plugin's
 * default export is a rule, a list of rules, or `{ rules: [...] }`.
 */
async function loadPlugins(names: string[], configFile: string): Promise<AnyRule[]> {
  const rules: { rule: AnyRule; plugin: string }[] = [];
  const base = dirname(configFile);
  // node:module is loaded here, where plugins need it: it starts node's ES module loader (~1 ms).
  const require = process.getBuiltinModule('node:module').createRequire(resolve(base, 'noop.js'));
  for (const name of names) {
    let url: string;
    try {
      url = pathToFileURL(name.startsWith('.') || name.startsWith('/') ? resolve(base, name) : require.resolve(name)).href;
    } catch {
      throw new UsageError(`${configFile}: plugins: cannot find "${name}"`);
    }
    let mod: { default?: unknown };
    try {
      mod = (await import(url)) as { default?: unknown };
    } catch (error) {
      throw new UsageError(`${configFile}: plugins: cannot load "${name}": ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    for (const rule of pluginExports(mod.default ?? mod, name, configFile)) rules.push({ rule, plugin: name });
  }
  checkUniqueIds(rules, new Set(builtinRules.map((r) => r.meta.id)), configFile);
  return rules.map((r) => r.rule);
}
