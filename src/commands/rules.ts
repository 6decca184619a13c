import { POLICY_KINDS } from '../types.js';
import { ruleRegistry, type CommandHost, type ConfigFlags } from './index.js';
import { table } from './text.js';

export interface RuleListing {
  id: string;
  severity: string;
  /** False for rules that run only once configured (`offByDefault`). */
  enabledByDefault: boolean;
  fixable: boolean;
  kinds: string[];
  description: string;
  source: 'builtin' | 'plugin';
  options: string[];
  docs?: string;
}

/** `iamlint rules`: every rule linting would know, in registry order (built-ins first). */
export async function rulesCommand(opts: { format: 'text' | 'json' } & ConfigFlags, host: CommandHost): Promise<number> {
  const { builtin, rules } = await ruleRegistry(opts);
  const listing: RuleListing[] = rules.map(({ meta }) => ({
    id: meta.id,
    severity: meta.severity,
    enabledByDefault: meta.offByDefault !== true,
    fixable: meta.fixable === true,
    kinds: [...meta.kinds],
    description: meta.description,
    source: builtin.has(meta.id) ? 'builtin' : 'plugin',
    options: Object.keys(meta.options ?? {}),
    ...(meta.docs && { docs: meta.docs }),
  }));
  if (opts.format === 'json') {
    host.io.stdout.write(`${JSON.stringify({ rules: listing }, null, 2)}\n`);
    return 0;
  }
  const rows = listing.map((r) => [
    r.id,
    r.enabledByDefault ? r.severity : `${r.severity} (off)`,
    r.fixable ? 'yes' : '',
    r.kinds.length === POLICY_KINDS.length ? 'all' : r.kinds.join(', '),
    r.description,
  ]);
  const plugins = listing.filter((r) => r.source === 'plugin').length;
  host.io.stdout.write(table(['rule', 'severity', 'fix', 'kinds', 'description'], rows));
  host.io.stdout.write(
    `\n${listing.length} rules${plugins ? ` (${plugins} from plugins)` : ''}. "(off)": off unless configured; fix: --fix can fix its findings. ` +
      'iamlint explain <rule> shows a rule\'s documentation.\n',
  );
  return 0;
}
