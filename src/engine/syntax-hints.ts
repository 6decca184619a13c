/**
 * What to do about a syntax error, for the messages iamlint's JSON reader writes and the commonest
 * of the yaml package's. The message says what is wrong and where; the hint says the edit.
 */
const HINTS: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^The file is empty$/, () => 'Write the policy (or the template holding it) into the file, or remove the file'],
  [/^it is empty$/, () => 'Write the policy document into the string, such as {"Version": "2012-10-17", "Statement": [...]}'],
  [/^Expected ',' before this/, () => "Add a ',' between this value and the one before it"],
  // A '}' where ',' or ']' should come is inside a list, so the list's ']' is what is missing (and the other way round).
  [/^Unexpected '([}\]])': the brackets do not match/, (m) => `Add the missing '${m[1] === '}' ? ']' : '}'}' before this, or remove this '${m[1]}'`],
  [/^Unexpected ':' inside a list/, () => "Close the list with ']' before the name this ':' follows, or open an object with '{' before it"],
  [/^Expected '([}\]])' to close the (?:object|list) before the end of the (?:file|string)$/, (m) => `Add the missing '${m[1]}' at the end (if the text was cut short, restore the rest)`],
  [/^Expected '([}\]])' to close the (?:object|list)$/, (m) => `Add the missing '${m[1]}' before this`],
  [/^Unexpected text after the end of the document/, () => 'Remove what follows the end of the document (a stray bracket?), or move a second policy to a file of its own'],
  [/^Unexpected "'/, () => 'JSON takes double quotes (") around names and strings, not single ones'],
  [/^Expected a property name in double quotes/, () => 'Write the name in double quotes, such as "Version"'],
  [/^Expected ':' after the property name/, () => "Add a ':' between the name and its value"],
  [/^Unterminated string/, () => 'Close the string with a double quote (")'],
  [/^Invalid character in a string/, () => 'Write line breaks and tabs inside strings as \\n and \\t'],
  [/^Tabs are not allowed as indentation/, () => 'Indent with spaces: YAML does not allow tabs'],
];

/**
 * `inString`: the error is in a policy written as a string of a template or Terraform file, whose own
 * escapes stand between the text and the JSON: `\n` there is already a line break.
 */
export function syntaxHint(message: string, inString = false): string | undefined {
  if (inString && message.startsWith('Invalid character in a string')) return undefined;
  for (const [pattern, hint] of HINTS) {
    const m = message.match(pattern);
    if (m) return hint(m);
  }
  return undefined;
}
