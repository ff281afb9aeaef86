/**
 * The `mdp` command line (commander): `run`, `backfill`, `status`, `query`. Parsing happens
 * first and alone, so a usage error exits 2 before any config is loaded or connection opened.
 * Exit codes: 0 ok, 1 the run failed or was partial (stderr says which) or a command failed at
 * run time, 2 usage or configuration error.
 */
import { Command, CommanderError, Option } from 'commander';
import { createCliContext, type CliContext, type CliIo, type GlobalOptions } from './context';
import { prepareQuery } from './commands/query';
import { prepareRun, type RunOptions } from './commands/run';
import { statusCommand } from './commands/status';
import { EXIT, UsageError, parsePositiveInt } from './usage';

type Prepared = (ctx: CliContext) => Promise<number>;

const EXAMPLES = `
Examples:
  mdp backfill prices --from 2024-01-01 --to 2024-03-31 --tickers AAPL,MSFT
  mdp run prices                     incremental run of the watchlist (lag window included)
  mdp status                         last run, freshness and counts per pipeline
  mdp query "SELECT ticker, count(*) AS bars FROM prices_daily GROUP BY ticker"
  mdp status --json | jq .           machine-readable output on stdout, logs on stderr`;

function buildProgram(io: CliIo, choose: (prepared: Prepared) => void): Command {
  const program = new Command('mdp')
    .description(
      'Market-data platform: run and backfill pipelines in-process, check their status, query the warehouse.',
    )
    // Not --env-file: Node 20 reads that flag even after the script name and exits on a missing file.
    .addOption(
      new Option('--dotenv <path>', 'dotenv file read under the environment (a missing file is fine)').default('.env'),
    )
    .addOption(
      new Option('--log-level <level>', 'log lines on stderr at or above this level')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('warn'),
    )
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .showHelpAfterError('(run "mdp --help" for usage)')
    .addHelpText('after', EXAMPLES);

  const scopeOptions = (command: Command) =>
    command
      .option('--from <date>', 'first day, YYYY-MM-DD')
      .option('--to <date>', 'last day, YYYY-MM-DD (default today)')
      .option('--tickers <list>', 'comma-separated scopes (tickers); default the configured watchlist')
      .option('--json', 'print the run summary as JSON on stdout');

  scopeOptions(
    program
      .command('run')
      .argument('<pipeline>', 'pipeline name')
      .description('run a pipeline once: incremental, or a backfill when --from/--to is given'),
  ).action((pipeline: string, options: RunOptions) =>
    choose(
      prepareRun(
        pipeline,
        options.from !== undefined || options.to !== undefined ? 'backfill' : 'incremental',
        options,
      ),
    ),
  );

  scopeOptions(
    program
      .command('backfill')
      .argument('<pipeline>', 'pipeline name')
      .description('backfill a date range with a progress bar; finished slices of the same range are skipped'),
  )
    .option('--backfill-id <id>', 'resume identity (default <from>_<to>)')
    .option('--no-progress', 'no progress bar')
    .action((pipeline: string, options: RunOptions) => choose(prepareRun(pipeline, 'backfill', options)));

  program
    .command('status')
    .description('per pipeline: latest run, state, freshness, records in/valid/quarantined (from ingestion_runs)')
    .option('--json', 'print the statuses as JSON on stdout')
    .action((options: { json?: boolean }) => choose((ctx) => statusCommand(ctx, options)));

  program
    .command('query')
    .argument('<sql>', 'one SELECT or WITH statement')
    .description('run a read-only query against the configured warehouse and print the rows')
    .option('--json', 'print the rows as a JSON array on stdout')
    .option('--max-rows <n>', 'rows shown in the table', '200')
    .action((sql: string, options: { json?: boolean; maxRows: string }) =>
      choose(
        prepareQuery(sql, {
          maxRows: parsePositiveInt(options.maxRows, '--max-rows'),
          ...(options.json ? { json: true } : {}),
        }),
      ),
    );
  return program;
}

/** Runs the command line `argv` (without node and script) and resolves to the exit code; never rejects. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let prepared: Prepared | undefined;
  const program = buildProgram(io, (chosen) => (prepared = chosen));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (!prepared) throw new UsageError('no command given (run "mdp --help" for usage)');
    const ctx = createCliContext(io, program.opts<GlobalOptions>());
    return await prepared(ctx);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version are successes; commander already printed its message.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(`error: ${message}\n`);
    return EXIT.runFailed;
  }
}
