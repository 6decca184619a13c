import { UsageError } from '../config/errors.js';
import { describeIoError } from './walk.js';

/**
 * Runs a write of a report or baseline file, a failure of which (a read-only folder, a file where a
 * folder should be) is the user's to fix: one line naming the file asked for, exit 2, not an
 * internal error naming the temporary file.
 */
export function writingTo<T>(file: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    // Errors of the file system (EACCES, EISDIR, ...), not Node's own ERR_* ones, which are iamlint's to fix.
    if (/^E[A-Z]+$/.test(String((error as NodeJS.ErrnoException)?.code))) throw new UsageError(`cannot write ${file}: ${describeIoError(error)}`);
    throw error;
  }
}
