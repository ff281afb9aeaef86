import * as os from 'node:os';
import * as path from 'node:path';
import type { StandInPaths } from './paths';

/** Options every start function accepts. */
export interface CommonStartOptions {
  /** Port to bind on 127.0.0.1; a free one is asked from the OS when omitted. */
  port?: number;
  /** Folder for the stand-in's log file. Default `<os tmpdir>/market-data-standins`. */
  logDir?: string;
  /** Deadline for readiness, in milliseconds (defaults differ per stand-in). */
  timeoutMs?: number;
  /** Where the binaries are; default `standInPaths(process.env)`. */
  paths?: StandInPaths;
}

/** The log folder to use when none was given. */
export function defaultLogDir(): string {
  return path.join(os.tmpdir(), 'market-data-standins');
}
