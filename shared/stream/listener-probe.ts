import * as net from 'node:net';
import * as tls from 'node:tls';
import { isCertificateCode } from './kafka-errors';

/** What a TLS handshake with a listener came to. */
export type TlsOutcome =
  | { kind: 'secure' }
  /** No TCP connection (refused, no route, timed out): says nothing about the protocol. */
  | { kind: 'unreachable' }
  /** TCP connected, and the certificate failed verification. */
  | { kind: 'untrusted'; error: Error & { code?: string } }
  /** TCP connected, and the handshake failed otherwise (the peer closed, spoke something else). */
  | { kind: 'no-tls'; error: Error };

/** What a plaintext Kafka request to a listener came to. */
export type PlainOutcome = 'answers' | 'unreachable' | 'no-answer';

const CORRELATION_ID = 0x6d64_7066; // 'mdpf'

/**
 * One TLS handshake with `host:port`, verifying the certificate against `ca` (PEM; Node's default
 * CAs when undefined) and the host name as kafkajs does (SNI for a name, the IP SAN for an IP),
 * unless `verify` is false. Never rejects; closes its socket before resolving.
 */
export function tlsHandshake(
  host: string,
  port: number,
  options: { ca?: string; verify: boolean; timeoutMs: number },
): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const tcp = net.connect({ host, port });
    let socket: tls.TLSSocket | undefined;
    const finish = (outcome: TlsOutcome) => {
      clearTimeout(timer);
      socket?.destroy();
      tcp.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () =>
        finish(
          socket
            ? { kind: 'no-tls', error: new Error(`no TLS handshake within ${options.timeoutMs} ms`) }
            : { kind: 'unreachable' },
        ),
      options.timeoutMs,
    );
    tcp.once('error', () => finish({ kind: 'unreachable' }));
    tcp.once('connect', () => {
      tcp.removeAllListeners('error');
      socket = tls.connect({
        socket: tcp,
        ...(net.isIP(host) ? {} : { servername: host }),
        ...(options.ca === undefined ? {} : { ca: [options.ca] }),
        rejectUnauthorized: options.verify,
      });
      socket.once('secureConnect', () => finish({ kind: 'secure' }));
      socket.once('error', (error: Error & { code?: string }) =>
        finish(isCertificateCode(error.code) ? { kind: 'untrusted', error } : { kind: 'no-tls', error }),
      );
    });
  });
}

/**
 * Sends one plaintext ApiVersions v0 request to `host:port` and waits for the first 8 bytes of
 * an answer with our correlation id. `answers`: a Kafka listener that speaks PLAINTEXT.
 * `no-answer`: connected, but the peer closed or sent something else (a TLS listener closes on
 * plaintext). Never rejects; closes its socket before resolving.
 */
export function kafkaPlainAnswer(host: string, port: number, timeoutMs: number): Promise<PlainOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let connected = false;
    let received = Buffer.alloc(0);
    const finish = (outcome: PlainOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish(connected ? 'no-answer' : 'unreachable'), timeoutMs);
    socket.on('error', () => finish(connected ? 'no-answer' : 'unreachable'));
    socket.on('close', () => finish('no-answer'));
    socket.on('connect', () => {
      connected = true;
      socket.write(apiVersionsRequest());
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 8) finish(received.readInt32BE(4) === CORRELATION_ID ? 'answers' : 'no-answer');
    });
  });
}

/** ApiVersions (key 18) v0, the first request every Kafka client sends: size, key, version, correlation id, client id. */
function apiVersionsRequest(): Buffer {
  const clientId = Buffer.from('market-data-listener-probe');
  const body = Buffer.alloc(10 + clientId.length);
  body.writeInt16BE(18, 0);
  body.writeInt16BE(0, 2);
  body.writeInt32BE(CORRELATION_ID, 4);
  body.writeInt16BE(clientId.length, 8);
  clientId.copy(body, 10);
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}
