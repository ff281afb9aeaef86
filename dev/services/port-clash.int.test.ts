import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBigQueryEmulator } from './bigquery-emulator';
import { startFakeGcs } from './fake-gcs';
import { freePort } from './free-port';
import { startKafkaBroker } from './kafka';
import { startPubSubEmulator } from './pubsub-emulator';

// Each real stand-in is made to lose the pick-then-bind race: a real listener on 127.0.0.1 holds a
// port and the injected picker hands that port out first. The start must fail on it (the stand-in's
// own bind error in its log), start again on a new port, and leave the listener alone.

/** A plain TCP listener on 127.0.0.1 that counts the connections it accepts. */
async function occupyPort(): Promise<{
  port: number;
  server: net.Server;
  accepted: () => number;
  close: () => Promise<void>;
}> {
  const server = net.createServer();
  const sockets = new Set<net.Socket>();
  let count = 0;
  server.on('connection', (socket) => {
    count += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  const close = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, server, accepted: () => count, close };
}

/** Resolves once `server` has accepted one more connection than `before`, made to it now. */
async function stillAccepts(port: number, accepted: () => number): Promise<boolean> {
  const before = accepted();
  const socket = net.connect({ host: '127.0.0.1', port });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const deadline = Date.now() + 5_000;
    while (accepted() === before && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    return accepted() > before;
  } finally {
    socket.destroy();
  }
}

/** A port picker whose `clashAt`-th pick (1-based) is `taken`; every other pick is freePort(). */
function pickerClashingAt(clashAt: number, taken: number): { pickPort: () => Promise<number>; picks: number[] } {
  const picks: number[] = [];
  const pickPort = async (): Promise<number> => {
    const port = picks.length + 1 === clashAt ? taken : await freePort();
    picks.push(port);
    return port;
  };
  return { pickPort, picks };
}

describe('stand-ins started on a picked port that another process took', () => {
  let holder: Awaited<ReturnType<typeof occupyPort>>;
  let logDir: string;
  const stops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    holder = await occupyPort();
    const parent = process.env.TEST_STANDIN_LOG_DIR ?? path.join(os.tmpdir(), 'market-data-standins');
    fs.mkdirSync(parent, { recursive: true });
    logDir = fs.mkdtempSync(path.join(parent, 'port-clash-'));
  });

  afterEach(async () => {
    await Promise.allSettled(stops.splice(0).map((stop) => stop()));
    await holder.close();
  });

  /** The first attempt's log (named after the port it tried) shows the stand-in's own bind failure. */
  const firstAttemptLog = (file: string): string => fs.readFileSync(path.join(logDir, file), 'utf8');

  it('fake-gcs-server starts again on a new port', async () => {
    const { pickPort, picks } = pickerClashingAt(1, holder.port);
    const gcs = await startFakeGcs({ logDir, pickPort });
    stops.push(() => gcs.stop());

    expect(picks).toEqual([holder.port, gcs.port]);
    expect(gcs.port).not.toBe(holder.port);
    expect(firstAttemptLog(`fake-gcs-${holder.port}.log`)).toMatch(
      /listen tcp 127\.0\.0\.1:\d+: bind: address already in use/,
    );
    const response = await fetch(`${gcs.apiEndpoint}/storage/v1/b`);
    expect(response.status).toBe(200);
    expect(holder.server.listening).toBe(true);
    expect(await stillAccepts(holder.port, holder.accepted)).toBe(true);
  });

  it('fake-gcs-server does not start again on a port the caller gave', async () => {
    const { pickPort, picks } = pickerClashingAt(1, holder.port);
    await expect(startFakeGcs({ logDir, port: holder.port, pickPort })).rejects.toThrow(
      /fake-gcs-server exited early[\s\S]*bind: address already in use/,
    );
    expect(picks).toEqual([]);
    expect(fs.readdirSync(logDir)).toEqual([`fake-gcs-${holder.port}.log`]);
    expect(await stillAccepts(holder.port, holder.accepted)).toBe(true);
  });

  it('the Pub/Sub emulator starts again on a new port', async () => {
    const { pickPort, picks } = pickerClashingAt(1, holder.port);
    const pubsub = await startPubSubEmulator({ logDir, pickPort });
    stops.push(() => pubsub.stop());

    expect(picks).toEqual([holder.port, pubsub.port]);
    expect(pubsub.host).toBe(`127.0.0.1:${pubsub.port}`);
    expect(firstAttemptLog(`pubsub-emulator-${holder.port}.log`)).toMatch(
      /panic: pstest\.initNewServer: listen tcp .*: bind: address already in use/,
    );
    expect(await stillAccepts(holder.port, holder.accepted)).toBe(true);
  });

  it('bigquery-emulator starts again when its gRPC port is taken', async () => {
    const { pickPort, picks } = pickerClashingAt(2, holder.port);
    const bigquery = await startBigQueryEmulator({ projectId: 'port-clash', logDir, pickPort });
    stops.push(() => bigquery.stop());

    expect(picks).toHaveLength(4);
    expect(picks[1]).toBe(holder.port);
    expect(bigquery.apiEndpoint).toBe(`http://127.0.0.1:${picks[2]}`);
    expect(bigquery.grpcHost).toBe(`127.0.0.1:${picks[3]}`);
    expect(firstAttemptLog(`bigquery-emulator-${picks[0]}.log`)).toMatch(/bind: address already in use/);
    expect(await stillAccepts(holder.port, holder.accepted)).toBe(true);
  });

  it('the Kafka broker starts again, in a fresh data dir, when its client port is taken', async () => {
    const { pickPort, picks } = pickerClashingAt(1, holder.port);
    const kafka = await startKafkaBroker({ logDir, pickPort });
    stops.push(() => kafka.stop({ removeData: true }));

    expect(picks).toHaveLength(4);
    expect(picks[0]).toBe(holder.port);
    expect([kafka.port, kafka.controllerPort]).toEqual([picks[2], picks[3]]);
    expect(kafka.brokers).toEqual([`127.0.0.1:${picks[2]}`]);
    // The failure surfaces only after the controller had started, deep in a long stack trace.
    expect(firstAttemptLog(`kafka-${holder.port}.log`)).toMatch(
      new RegExp(`Socket server failed to bind to 127\\.0\\.0\\.1:${holder.port}: Address already in use`),
    );
    // formatStorage logs the folder it formatted: the failed attempt's temp dir is gone.
    const failedDataDir = /Formatting metadata directory (\S+)\/kraft /.exec(
      firstAttemptLog(`kafka-${holder.port}.log`),
    )?.[1];
    expect(failedDataDir).toMatch(/market-data-kafka-/);
    expect(failedDataDir).not.toBe(kafka.dataDir);
    expect(fs.existsSync(failedDataDir!)).toBe(false);
    expect(fs.readFileSync(path.join(kafka.dataDir, 'server.properties'), 'utf8')).toContain(
      `PLAINTEXT://127.0.0.1:${kafka.port},`,
    );
    expect(await stillAccepts(holder.port, holder.accepted)).toBe(true);
  }, 240_000);
});
