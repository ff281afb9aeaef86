/**
 * Runs the replay server on its own for the demo or manual checks:
 *   npx tsx dev/replay/main.ts [--port 8700] [--seed 1] [--today YYYY-MM-DD]
 * Prints the base URL and credentials as one JSON line, then serves until SIGINT/SIGTERM.
 */
import { startPriceReplayServer } from './server';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}

async function main(): Promise<void> {
  const port = arg('port');
  const server = await startPriceReplayServer({
    ...(port === undefined ? {} : { port: Number(port) }),
    ...(arg('seed') === undefined ? {} : { seed: arg('seed') }),
    ...(arg('today') === undefined ? {} : { today: arg('today') }),
  });
  process.stdout.write(
    `${JSON.stringify({ baseUrl: server.baseUrl, today: server.today, credentials: server.credentials })}\n`,
  );
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`replay server failed: ${String(error)}\n`);
  process.exit(1);
});
