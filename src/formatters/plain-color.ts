import type { ChalkInstance } from 'chalk';

/**
 * What `new Chalk({ level: 0 })` does, without loading chalk: every style, however chained
 * (`color.red.bold(text)`), returns its arguments joined by spaces. Output without colour (a pipe,
 * a file, NO_COLOR) is most runs, and chalk probes the terminal as it loads.
 */
const style = (...parts: unknown[]): string => (parts.length === 1 ? String(parts[0]) : parts.join(' '));
export const PLAIN_COLOR = new Proxy(style, { get: (target, key) => (key === 'level' ? 0 : key in target ? Reflect.get(target, key) : PLAIN_COLOR) }) as unknown as ChalkInstance;
