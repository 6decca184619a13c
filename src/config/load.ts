import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyRule } from '../engine/rule.js';
import { UsageError } from './errors.js';
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
  const explorer = cosmiconfig(MODULE_NAME, { searchPlaces: SEARCH_PLACES });
  let found: { config: unknown; filepath: string; isEmpty?: boolean } | null;
  try {
    found = await explorer.load(file);
  } catch (error) {
    // cosmiconfig's message is the file on one line, what is wrong and where on the next, then a code frame.
    const message = error instanceof Error ? error.message.split('\n').filter((l) => l.trim() !== '').slice(0, 2).join(' ') : String(error);
    throw new UsageError(`cannot read configuration${options.configFile ? ` ${options.configFile}` : ''}: ${message}`);
  }
  if (!found || found.isEmpty) return { ...(found && { file: found.filepath }), config: {}, pluginRules: [] };
  const config = validateConfigShape(found.config, found.filepath);
  const pluginRules = await loadPlugins(config.plugins ?? [], found.filepath);
  return { file: found.filepath, config, pluginRules };
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
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    return pkg[MODULE_NAME] !== undefined;
  } catch {
    return false;
  }
}

/**
 * Loads plugins named relative to the config file (`./my-rules.js`) or as packages. A plugin's
 * default export is a rule, a list of rules, or `{ rules: [...] }`.
 */
async function loadPlugins(names: string[], configFile: string): Promise<AnyRule[]> {
  const rules: AnyRule[] = [];
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
    rules.push(...pluginExports(mod.default ?? mod, name, configFile));
  }
  return rules;
}

function pluginExports(value: unknown, name: string, configFile: string): AnyRule[] {
  const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.rules) ? value.rules : [value];
  for (const rule of list) {
    if (!isObject(rule) || !isObject(rule.meta) || typeof rule.meta.id !== 'string' || typeof rule.create !== 'function') {
      throw new UsageError(`${configFile}: plugins: "${name}" does not export rules made with defineRule()`);
    }
  }
  return list as AnyRule[];
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null;
}
