/**
 * `13,719`: digits grouped by thousands, as messages print counts. Written out because
 * toLocaleString loads the locale data on its first call, which costs more than a whole run's counting.
 */
export function groupDigits(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return n.toLocaleString('en-US');
  const digits = String(n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}
