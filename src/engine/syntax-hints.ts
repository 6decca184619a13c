/**
 * What to do about a syntax error, for the messages iamlint's JSON reader writes and the commonest
 * of the yaml package's. The message says what is wrong and where; the hint says the edit.
 */
const HINTS: readonly [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^(The file|it) is empty$/, () => 'Write a policy document, such as {"Version": "2012-10-17", "Statement": [...]}, or remove it'],
  [/^Expected ',' before this/, () => "Add a ',' between this value and the one before it"],
  [/^Unexpected '([}\]])': the brackets do not match/, (m) => `Remove this '${m[1]}', or add the '${m[1] === '}' ? '{' : '['}' it closes`],
  [/^Expected '([}\]])' to close the (?:object|list) before the end of the (?:file|string)$/, (m) => `Add the missing '${m[1]}' at the end (if the text was cut short, restore the rest)`],
  [/^Expected '([}\]])' to close the (?:object|list)$/, (m) => `Add the missing '${m[1]}' before this`],
  [/^Unexpected text after the end of the document/, () => 'Keep one policy document per file, or merge the statements of both into one "Statement" list'],
  [/^Unexpected "'/, () => 'JSON takes double quotes (") around names and strings, not single ones'],
  [/^Expected a property name in double quotes/, () => 'Write the name in double quotes, such as "Version"'],
  [/^Expected ':' after the property name/, () => "Add a ':' between the name and its value"],
  [/^Unterminated string/, () => 'Close the string with a double quote (")'],
  [/^Invalid character in a string/, () => 'Write line breaks and tabs inside strings as \\n and \\t'],
  [/^Tabs are not allowed as indentation/, () => 'Indent with spaces: YAML does not allow tabs'],
];

export function syntaxHint(message: string): string | undefined {
  for (const [pattern, hint] of HINTS) {
    const m = message.match(pattern);
    if (m) return hint(m);
  }
  return undefined;
}
