import * as os from 'node:os';
import * as path from 'node:path';
import type { StandInPaths } from './paths';

/** Options every start function accepts. */
export interface CommonStartOptions {
  /**
   * Port to bind on 127.0.0.1; a free one is picked when omitted. Picked ports are tried again
   * (new ones, up to 3 starts) if another process takes one before the stand-in binds it;
   * a given port is not.
   */
  port?: number;
  /**
   * Picks each port the caller did not give. Default `freePort` (the OS's choice). Tests
   * inject one to force a clash on the first start.
   */
  pickPort?: () => Promise<number>;
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
