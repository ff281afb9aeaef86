import { isPortClash, PICKED_PORT_ATTEMPTS, retryOnPickedPortClash } from './picked-ports';

// Start errors as startReady builds them, with log tails each stand-in really printed when its port
// was held by another listener on 127.0.0.1 (captured by running the binaries by hand).
const exitedEarly = (name: string, tail: string): Error =>
  new Error(`${name} exited early with code 1; last lines of /tmp/logs/${name}.log:\n${tail}`);

const CLASHES: Record<string, Error> = {
  'fake-gcs-server': exitedEarly(
    'fake-gcs-server',
    'time=2026-11-24T15:47:59.056Z level=ERROR msg="listen tcp 127.0.0.1:44099: bind: address already in use"',
  ),
  'bigquery-emulator': exitedEarly('bigquery-emulator', 'listen tcp 127.0.0.1:33939: bind: address already in use'),
  'pubsub-emulator (pstest panic)': exitedEarly(
    'pubsub-emulator',
    [
      'panic: pstest.initNewServer: listen tcp 127.0.0.1:44099: bind: address already in use',
      '',
      'goroutine 1 [running]:',
      'cloud.google.com/go/pubsub/v2/pstest.initNewServer({0x1482e7615070?, 0x5?}, 0xbf05f8, {0x0, 0x0, 0x2e?})',
    ].join('\n'),
  ),
  'kafka (Kafka wrapper)': exitedEarly(
    'kafka broker 127.0.0.1:45085',
    'Caused by: org.apache.kafka.common.KafkaException: Socket server failed to bind to 127.0.0.1:45085: Address already in use.\n\tat kafka.network.Acceptor.openServerSocket(SocketServer.scala:736)',
  ),
  'kafka (JDK cause only)': exitedEarly(
    'kafka broker 127.0.0.1:46279',
    'Caused by: java.net.BindException: Address already in use\n\tat java.base/sun.nio.ch.Net.bind0(Native Method)\n\t... 17 more',
  ),
  'node listen': Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8085'), {
    code: 'EADDRINUSE',
  }),
};

const OTHER_FAILURES: Record<string, unknown> = {
  'a timeout': new Error(
    'fake-gcs-server not ready after 30000 ms: connect ECONNREFUSED 127.0.0.1:4443; killed it. Last lines of x.log:\n',
  ),
  'a missing binary': new Error(
    'pubsub-emulator is not installed (missing /c/bin/pubsub-emulator); run `bash dev/install.sh` first.',
  ),
  'an unrelated panic': exitedEarly(
    'bigquery-emulator',
    'panic: runtime error: slice bounds out of range [:3] with capacity 2',
  ),
  'a kafka-storage format failure': new Error(
    'kafka-storage format failed: Command failed: java ... Error: could not find or load main class',
  ),
  'a bind refused for permission': exitedEarly('fake-gcs-server', 'listen tcp 127.0.0.1:80: bind: permission denied'),
  'a thrown string without the text': 'boom',
  undefined: undefined,
};

describe('isPortClash', () => {
  it.each(Object.entries(CLASHES))('recognises the bind failure of %s', (_name, error) => {
    expect(isPortClash(error)).toBe(true);
  });

  it.each(Object.entries(OTHER_FAILURES))('does not take %s for a clash', (_name, error) => {
    expect(isPortClash(error)).toBe(false);
  });

  it('reads a thrown string too', () => {
    expect(isPortClash('listen tcp 127.0.0.1:1: bind: address already in use')).toBe(true);
  });
});

/** A start that fails with `errors` in turn, then resolves with the attempt number. */
function scriptedStart(errors: unknown[]): { start: (attempt: number) => Promise<number>; attempts: number[] } {
  const attempts: number[] = [];
  const start = async (attempt: number): Promise<number> => {
    attempts.push(attempt);
    if (attempts.length <= errors.length) throw errors[attempts.length - 1];
    return attempt;
  };
  return { start, attempts };
}

describe('retryOnPickedPortClash', () => {
  const clash = (): Error => new Error('fake-gcs-server exited early with code 1; ... bind: address already in use');

  it('tries 3 times by default', () => {
    expect(PICKED_PORT_ATTEMPTS).toBe(3);
  });

  it('starts once when the first start succeeds', async () => {
    const { start, attempts } = scriptedStart([]);
    await expect(retryOnPickedPortClash(true, start)).resolves.toBe(1);
    expect(attempts).toEqual([1]);
  });

  it('starts again after clashes on picked ports and returns the first success', async () => {
    const { start, attempts } = scriptedStart([clash(), clash()]);
    await expect(retryOnPickedPortClash(true, start)).resolves.toBe(3);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('gives up after `attempts` clashes with the last error, saying so', async () => {
    const errors = [clash(), clash(), clash(), clash(), clash()];
    const { start, attempts } = scriptedStart(errors);
    const failure = retryOnPickedPortClash(true, start, 4);
    await expect(failure).rejects.toBe(errors[3]);
    await expect(failure).rejects.toThrow(/address already in use\n\(a picked port was taken on each of 4 attempts\)$/);
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it('does not start again after another error, even on picked ports', async () => {
    const timeout = new Error('pubsub-emulator not ready after 30000 ms; killed it');
    const { start, attempts } = scriptedStart([clash(), timeout]);
    await expect(retryOnPickedPortClash(true, start)).rejects.toBe(timeout);
    expect(timeout.message).toBe('pubsub-emulator not ready after 30000 ms; killed it');
    expect(attempts).toEqual([1, 2]);
  });

  it('does not start again when the caller gave the ports', async () => {
    const error = clash();
    const { start, attempts } = scriptedStart([error]);
    await expect(retryOnPickedPortClash(false, start)).rejects.toBe(error);
    expect(error.message).not.toMatch(/attempts/);
    expect(attempts).toEqual([1]);
  });
});
