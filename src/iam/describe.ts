import { countByAccessLevel, type ActionInfo } from './actions.js';

/** `Read 62, Write 91, List 19` */
export function describeAccessLevels(actions: readonly ActionInfo[]): string {
  return [...countByAccessLevel(actions)].map(([level, n]) => `${level} ${n}`).join(', ');
}

/** Action ids, sorted, for messages. */
export function actionIds(actions: readonly ActionInfo[]): string[] {
  return [...new Set(actions.map((a) => a.id))].sort();
}
