import { html } from './escape.js';

export interface Bar {
  label: string;
  count: number;
  /** A CSS class for the bar's colour (the severities). */
  tone?: string;
  /** When set, clicking the bar sets this filter (severity, rule or file) to the label. */
  filter?: string;
  value?: string;
}

const MAX_BARS = 12;

/** A small horizontal bar chart in plain HTML and CSS: a label, a bar as wide as its share, the count. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const shown = bars.slice(0, MAX_BARS);
  const max = Math.max(1, ...shown.map((b) => b.count));
  const rows = shown.map((b) => {
    const width = Math.max(2, Math.round((b.count / max) * 100));
    const label = b.filter
      ? `<button type="button" class="bar-label" data-filter="${html(b.filter)}" data-value="${html(b.value ?? b.label)}" title="Show only these findings">${html(b.label)}</button>`
      : `<span class="bar-label">${html(b.label)}</span>`;
    return `<li>${label}<span class="bar-count">${b.count}</span><span class="bar-track"><span class="bar ${html(b.tone ?? '')}" style="width:${width}%"></span></span></li>`;
  });
  const more = bars.length > shown.length ? `<p class="more">and ${bars.length - shown.length} more</p>` : '';
  return `<figure class="chart"><figcaption>${html(title)}</figcaption><ul class="bars">${rows.join('')}</ul>${more}</figure>`;
}

/** Counts by key, largest first, ties in first-seen order. */
export function countBy<T>(items: readonly T[], key: (item: T) => string | undefined): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count);
}
