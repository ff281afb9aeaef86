import { constants, type ZlibOptions } from 'node:zlib';

/**
 * How every gzipped JSON-lines object in the lake is compressed (raw pages, the news stream).
 * They are an archive read rarely, so speed wins: level 1 is several times faster than zlib's
 * default 6 on JSON, for objects about 15% larger. Deterministic like any level: the same lines
 * give the same bytes (mtime 0), so a rewritten object is identical.
 */
export const ARCHIVE_GZIP: Readonly<ZlibOptions> = { level: constants.Z_BEST_SPEED };
