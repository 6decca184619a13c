/**
 * Escapes text for HTML element content and quoted attribute values. Every piece of policy text,
 * path, message and doc goes through here: a policy holding `<script>` must show as text.
 */
export function html(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** An element id for a rule: plugin ids may hold characters an id or a URL fragment handles badly. */
export function ruleAnchor(id: string): string {
  return `rule-${id.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`)}`;
}
