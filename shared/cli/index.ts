/**
 * shared/cli: the `mdp` command line (run, backfill with a progress bar, status, query). An entry
 * point like functions/: it runs pipelines through shared/pipelines and reads the warehouse, and
 * nothing in shared/ imports it.
 */
export { runCli } from './program';
export { EXIT, UsageError } from './usage';
export type { CliIo, CliStream, GlobalOptions } from './context';
export { checkReadOnlySql, type ReadOnlyVerdict } from './read-only-sql';
