/**
 * Orders strings by UTF-16 code unit, as `<` does: the same on every machine, unlike
 * `localeCompare`, whose order follows the locale and whose first call loads ICU's collator
 * (~8 ms of a one-file run).
 */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
