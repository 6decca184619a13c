import { html } from './escape.js';

/**
 * Renders a rule's Markdown doc as HTML for the report: headings, paragraphs, lists, fenced code
 * and inline code, which is all rules/*.md use. The text is escaped before any markup is added,
 * so a doc cannot inject markup either.
 */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split(/\r?\n/);
  let paragraph: string[] = [];
  let list: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join(' '))}</p>`);
    if (list.length > 0) out.push(`<ul>${list.map((item) => `<li>${inline(item)}</li>`).join('')}</ul>`);
    paragraph = [];
    list = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^```(\w*)/.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
      out.push(`<pre><code>${html(code.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      // The doc's own title repeats the rule id the <summary> already shows.
      if (heading[1] === '#') continue;
      out.push(`<h4>${inline(heading[2]!)}</h4>`);
      continue;
    }
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (item) {
      if (paragraph.length > 0) flush();
      list.push(item[1]!);
    } else if (line.trim() === '') {
      flush();
    } else if (list.length > 0 && /^\s+/.test(line)) {
      list[list.length - 1] += ` ${line.trim()}`;
    } else {
      if (list.length > 0) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return out.join('\n');
}

/** Inline code spans, and https links (following one is the reader's choice; the page loads nothing). */
function inline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? `<code>${html(part.slice(1, -1))}</code>` : links(html(part))))
    .join('');
}

function links(escaped: string): string {
  return escaped.replace(/https:\/\/[^\s<>"']+?(?=[.,;:)]?(?:\s|$))/g, (url) => `<a href="${url}" rel="noreferrer">${url}</a>`);
}
