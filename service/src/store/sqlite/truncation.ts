/**
 * A cut-off database file (a copy interrupted, a restore from a partial backup) opens without
 * complaint: SQLite only fails when a query reaches a missing page, possibly long after start.
 * The file header says how many pages the database has (valid when the change counter at offset
 * 24 equals the version-valid-for number at offset 92, https://sqlite.org/fileformat.html#in_header_database_size),
 * so reading 100 bytes finds the cut at start-up without scanning the whole file.
 */
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';

/** Why the file is shorter than its own header says, or null when it is not (or cannot tell). */
export function truncation(path: string): string | null {
  // After a crash mid-checkpoint the file may be shorter than a header already copied from the
  // write-ahead log, which still holds the pages: SQLite recovers from it, so do not judge then.
  if (walSize(path) > 0) return null;
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const header = Buffer.alloc(100);
    if (readSync(fd, header, 0, 100, 0) < 100) return null; // empty or not SQLite: SQLite decides
    if (header.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') return null;
    const rawPageSize = header.readUInt16BE(16);
    const pageSize = rawPageSize === 1 ? 65_536 : rawPageSize;
    const pages = header.readUInt32BE(28);
    const valid = pages > 0 && header.readUInt32BE(24) === header.readUInt32BE(92);
    if (!valid || pages * pageSize <= size) return null;
    return `file is truncated: ${size} bytes where its header records ${pages} pages of ${pageSize} bytes`;
  } finally {
    closeSync(fd);
  }
}

function walSize(path: string): number {
  try {
    return statSync(`${path}-wal`).size;
  } catch {
    return 0;
  }
}
