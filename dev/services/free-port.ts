import * as net from 'node:net';

/**
 * Asks the OS for a free TCP port on `host`: listens on port 0, reads the port, closes.
 * Another process could take the port before the caller binds it; the stand-ins bind within
 * milliseconds, exit with "address already in use" if that happens, and are started again on new
 * ports (picked-ports.ts).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`could not read a free port on ${host}`))));
    });
  });
}
