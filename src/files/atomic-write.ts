import { closeSync, existsSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file being written through a temporary file beside it: `commit` renames it into place, `abort` drops it. */
export interface AtomicFile {
  write(text: string): void;
  commit(): void;
  abort(): void;
}

/**
 * Opens a temporary file beside `file` (or beside its target, through a symlink: renaming over the
 * link would replace the link itself), with the mode of the file it replaces. Readers of `file`
 * see the old text or the new, never a part: fixes, report files and baselines all go through here.
 */
export function openAtomic(file: string): AtomicFile {
  const exists = existsSync(file);
  // A device or a pipe (`-o /dev/stdout`, a process substitution) cannot be replaced by a rename,
  // and has no old text to keep: it is written as it is.
  const kind = exists ? statSync(file) : undefined;
  if (kind && !kind.isFile() && !kind.isDirectory()) return direct(file);
  const path = exists ? realpathSync(file) : file;
  const temp = join(dirname(path), `.${basename(path)}.iamlint-${process.getBuiltinModule('node:crypto').randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'w', exists ? statSync(path).mode : 0o666);
  let open = true;
  const shut = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  const abort = () => {
    shut();
    rmSync(temp, { force: true });
  };
  return {
    write(text) {
      try {
        if (text !== '') writeFileSync(fd, text);
      } catch (error) {
        abort();
        throw error;
      }
    },
    commit() {
      try {
        // On disk before the rename, so even a crash of the machine leaves the old or the new text.
        fsyncSync(fd);
        shut();
        renameSync(temp, path);
      } catch (error) {
        abort();
        throw error;
      }
    },
    abort,
  };
}

/** The process's own output by name: opening /dev/stdout fails on a socket (how Node's spawnSync connects it). */
const STANDARD: Record<string, number> = { '/dev/stdout': 1, '/dev/stderr': 2, '/dev/fd/1': 1, '/dev/fd/2': 2 };

function direct(file: string): AtomicFile {
  const standard = STANDARD[file];
  const fd = standard ?? openSync(file, 'w');
  let open = standard === undefined;
  const shut = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write(text) {
      if (text !== '') writeFileSync(fd, text);
    },
    commit: shut,
    abort: shut,
  };
}

/** Writes a whole file through `openAtomic`; also creates files (the baseline). */
export function writeAtomically(file: string, text: string): void {
  const out = openAtomic(file);
  out.write(text);
  out.commit();
}
