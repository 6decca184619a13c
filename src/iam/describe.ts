import { ACCESS_LEVELS, levelCounts, type AccessLevel, type ActionInfo } from './actions.js';
import { groupDigits } from '../util/numbers.js';

/** `List 19, Read 62, Write 91` */
export function describeAccessLevels(actions: readonly ActionInfo[]): string {
  return describeLevelCounts(levelCounts(actions));
}

/** The same from counts indexed as ACCESS_LEVELS (levelCounts). */
export function describeLevelCounts(counts: readonly number[], format = (level: AccessLevel, n: string) => `${level} ${n}`, separator = ', '): string {
  const parts: string[] = [];
  ACCESS_LEVELS.forEach((level, i) => {
    if ((counts[i] as number) > 0) parts.push(format(level, groupDigits(counts[i] as number)));
  });
  return parts.join(separator);
}

/** `1 action`, `22,091 actions`. */
export function actionCount(n: number): string {
  return `${groupDigits(n)} action${n === 1 ? '' : 's'}`;
}

/** Action ids, sorted, for messages. */
export function actionIds(actions: readonly ActionInfo[]): string[] {
  return [...new Set(actions.map((a) => a.id))].sort();
}
