/** A problem with configuration or invocation: reported in one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
