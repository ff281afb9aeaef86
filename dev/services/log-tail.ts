import * as fs from 'node:fs';

/**
 * The last `lines` lines of a text file (at most its last 64 KiB), for error messages.
 * Never throws: an unreadable file yields a note saying so.
 */
export function logTail(file: string, lines = 40): string {
  try {
    const size = fs.statSync(file).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, buffer, 0, length, size - length);
    } finally {
      fs.closeSync(fd);
    }
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch (error) {
    return `(could not read ${file}: ${(error as Error).message})`;
  }
}
