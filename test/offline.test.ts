/**
 * Offline is tested, not assumed: the CLI runs over every fixture inside a network namespace with
 * no interface but a downed loopback (`unshare -n`, or `-rn` for a user other than root), and its output is byte for byte the output of
 * the same run outside it. Skips, saying why, where unshare is missing or not permitted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, repoRoot } from './helpers/cli.js';

/**
 * `unshare -n` needs root; any other user gets a network namespace inside a user namespace of its
 * own (`-rn`, where user namespaces are allowed), so a developer's run tests this too.
 */
function probe(flags: string): { ok: boolean; why: string; flags: string } {
  const r = spawnSync('unshare', [flags, 'sh', '-c', 'cat /proc/net/dev'], { encoding: 'utf8' });
  if (r.error) return { ok: false, why: `unshare not found (${(r.error as NodeJS.ErrnoException).code}); install util-linux`, flags };
  if (r.status !== 0) return { ok: false, why: `unshare ${flags} is not permitted here: ${r.stderr.trim().split('\n')[0]}`, flags };
  // Only the loopback, and it is down: nothing can be reached, not even localhost.
  const interfaces = r.stdout.split('\n').slice(2).map((l) => l.split(':')[0]!.trim()).filter(Boolean);
  if (interfaces.join(',') !== 'lo') return { ok: false, why: `the namespace has interfaces ${interfaces.join(', ')}`, flags };
  return { ok: true, why: '', flags };
}

const asRoot = probe('-n');
const namespace = asRoot.ok ? asRoot : probe('-rn');
const SKIP_REASON = `skipping the offline test: ${namespace.why}`;
if (!namespace.ok) console.warn(`iamlint: ${SKIP_REASON}`);

function run(args: string[], offline: boolean): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FORCE_COLOR;
  // Proxies or not, nothing may be fetched: point them nowhere so a request would fail loudly.
  Object.assign(env, { HTTP_PROXY: 'http://127.0.0.1:9', HTTPS_PROXY: 'http://127.0.0.1:9' });
  const command = offline ? ['unshare', namespace.flags, process.execPath, bin, ...args] : [process.execPath, bin, ...args];
  const r = spawnSync(command[0]!, command.slice(1), { cwd: repoRoot, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  expect(r.error).toBeUndefined();
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!namespace.ok)(namespace.ok ? 'the CLI with no network' : SKIP_REASON, () => {
  it('gives byte-identical output over the fixtures inside and outside a network namespace, in every format', () => {
    const outputs = mkdtempSync(join(tmpdir(), 'iamlint-offline-'));
    try {
      const formats = ['json', 'sarif', 'junit', 'html'];
      const runIn = (where: string, offline: boolean) => {
        mkdirSync(join(outputs, where));
        return run(['--no-config', '-f', 'stylish', ...formats.flatMap((f) => ['-f', `${f}:${join(outputs, where, `report.${f}`)}`]), 'fixtures'], offline);
      };
      const online = runIn('online', false);
      const offline = runIn('offline', true);
      expect(online.status).toBe(1);
      expect(offline.status).toBe(online.status);
      expect(offline.stderr).toBe(online.stderr);
      expect(offline.stdout.length).toBeGreaterThan(1000);
      expect(offline.stdout === online.stdout).toBe(true);
      for (const f of formats) {
        const a = readFileSync(join(outputs, 'online', `report.${f}`));
        const b = readFileSync(join(outputs, 'offline', `report.${f}`));
        expect(a.length, f).toBeGreaterThan(1000);
        expect(a.equals(b), `${f} report differs`).toBe(true);
      }
    } finally {
      rmSync(outputs, { recursive: true, force: true });
    }
  });
});
