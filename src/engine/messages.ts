import type { MessageData } from './rule.js';

/** Fills `{{name}}` placeholders; a missing value stays visible rather than vanishing. */
export function interpolate(template: string, data: MessageData | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = data?.[name];
    return value === undefined ? whole : String(value);
  });
}
