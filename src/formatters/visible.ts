/**
 * Text from the linted files shown on a terminal (a code frame, a template path, a file name) with
 * its control characters made visible: a file under review could otherwise clear the screen, set
 * the window title or break a finding's line with an escape sequence. C0 controls become their
 * Unicode control pictures (ESC is ␛), one column each as before, so carets stay aligned; C1
 * controls, which some terminals also obey, become U+FFFD. Tabs are left to the caller.
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex -- these are the characters to replace
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}
