import * as net from 'node:net';
import { kafkaPlainAnswer, tlsHandshake } from './listener-probe';

/** A local TCP server doing `onConnect` with each socket; it and its sockets are closed after each test. */
const servers: net.Server[] = [];
const sockets: net.Socket[] = [];
async function serve(onConnect: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onConnect(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const port = await serve(() => undefined);
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return port;
}

/** Answers the first request as a Kafka broker frames any answer: size, then the request's correlation id. */
function answerLikeKafka(socket: net.Socket): void {
  socket.once('data', (request: Buffer) => {
    const answer = Buffer.alloc(8);
    answer.writeInt32BE(4, 0);
    answer.writeInt32BE(request.readInt32BE(8), 4); // size(4) apiKey(2) version(2) correlationId(4)
    socket.end(answer);
  });
}

describe('kafkaPlainAnswer', () => {
  it('sends ApiVersions v0 and hears a framed answer with its correlation id', async () => {
    let request: Buffer | undefined;
    const port = await serve((socket) => {
      socket.once('data', (data: Buffer) => (request = data));
      answerLikeKafka(socket);
    });
    expect(await kafkaPlainAnswer('127.0.0.1', port, 2_000)).toBe('answers');
    expect(request!.readInt32BE(0)).toBe(request!.length - 4);
    expect(request!.readInt16BE(4)).toBe(18); // ApiVersions
    expect(request!.readInt16BE(6)).toBe(0);
  });

  it.each([
    [
      'closes without a word (a TLS listener does)',
      (socket: net.Socket) => socket.once('data', () => socket.destroy()),
    ],
    [
      'answers with something else (a TLS alert)',
      (socket: net.Socket) =>
        socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32, 0x00, 0x00]))),
    ],
    ['never answers', () => undefined],
  ])('is no-answer when the peer %s', async (_label, behave) => {
    const port = await serve(behave);
    expect(await kafkaPlainAnswer('127.0.0.1', port, 300)).toBe('no-answer');
  });

  it('is unreachable when nothing listens', async () => {
    expect(await kafkaPlainAnswer('127.0.0.1', await closedPort(), 2_000)).toBe('unreachable');
  });
});

describe('tlsHandshake', () => {
  it('is no-tls when a plaintext peer closes on the ClientHello', async () => {
    const port = await serve((socket) => socket.once('data', () => socket.destroy()));
    expect((await tlsHandshake('127.0.0.1', port, { verify: true, timeoutMs: 2_000 })).kind).toBe('no-tls');
  });

  it('is no-tls when a peer holds the connection but never answers', async () => {
    const port = await serve(() => undefined);
    expect((await tlsHandshake('127.0.0.1', port, { verify: true, timeoutMs: 300 })).kind).toBe('no-tls');
  });

  it('is unreachable when nothing listens', async () => {
    expect(await tlsHandshake('127.0.0.1', await closedPort(), { verify: true, timeoutMs: 2_000 })).toEqual({
      kind: 'unreachable',
    });
  });
});
