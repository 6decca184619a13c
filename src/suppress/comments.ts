import { createScanner, SyntaxKind } from 'jsonc-parser';

/**
 * A comment as the directive parser sees it: its text without the comment markers, and where the
 * whole comment sits in the file. Any syntax with comments (JSONC, YAML, later HCL) feeds this shape.
 */
export interface Comment {
  text: string;
  /** Offset of the comment's first marker character. */
  start: number;
  /** Offset just past the comment. */
  end: number;
  /** Offset of `text` in the file, so parts of a directive can be pointed at. */
  textStart: number;
}

/** `//` and `/* *\/` comments of JSONC; the scanner skips strings, so `"a // b"` holds none. */
export function jsoncComments(text: string): Comment[] {
  const comments: Comment[] = [];
  const scanner = createScanner(text, false);
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    if (token !== SyntaxKind.LineCommentTrivia && token !== SyntaxKind.BlockCommentTrivia) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    const closed = token === SyntaxKind.BlockCommentTrivia && text.startsWith('*/', end - 2) && end - start >= 4;
    comments.push({ text: text.slice(start + 2, closed ? end - 2 : end), start, end, textStart: start + 2 });
  }
  return comments;
}

interface CstToken {
  type?: string;
  offset?: number;
  source?: string;
}

/**
 * `#` comments of YAML, from the yaml package's concrete syntax tree: a `#` inside a quoted or
 * block scalar is part of the scalar, which a line scan would get wrong.
 */
export async function yamlComments(text: string): Promise<Comment[]> {
  const { Parser } = await import('yaml');
  const comments: Comment[] = [];
  // An explicit stack: the tree can be as deep as the document, which may be deep.
  const stack: unknown[] = [...new Parser().parse(text)];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    const token = value as CstToken;
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      comments.push({ text: token.source.slice(1), start: token.offset, end: token.offset + token.source.length, textStart: token.offset + 1 });
      continue;
    }
    for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) stack.push(child);
  }
  return comments.sort((a, b) => a.start - b.start);
}
