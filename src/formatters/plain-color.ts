import type { ChalkInstance } from 'chalk';

/**
 * What `new Chalk({ level: 0 })` does, without loading chalk: every style, however chained
 * (`color.red.bold(text)`), returns its arguments joined by spaces. Output without colour (a pipe,
 * a file, NO_COLOR) is most runs, and chalk probes the terminal as it loads.
 */
const style = (...parts: unknown[]): string => (parts.length === 1 ? String(parts[0]) : parts.join(' '));
/** Chalk's colour models take a colour first and give a style: `color.hex('#f00')('text')`. */
const MODELS = new Set(['rgb', 'hex', 'ansi256', 'bgRgb', 'bgHex', 'bgAnsi256']);

function chain(write: (...parts: unknown[]) => string): ChalkInstance {
  const self: ChalkInstance = new Proxy(write, {
    get: (target, key) => {
      if (key === 'level') return 0;
      // `visible` prints only with colour, here never, and so does everything chained after it.
      if (key === 'visible') return INVISIBLE;
      if (typeof key === 'string' && MODELS.has(key)) return () => self;
      return key in target ? Reflect.get(target, key) : self;
    },
  }) as unknown as ChalkInstance;
  return self;
}

const INVISIBLE = chain(() => '');
export const PLAIN_COLOR = chain(style);
