/**
 * Starts on picked ports this many times at most: a clash needs another process to grab the port
 * in the milliseconds between pick and bind, so two in a row are already rare.
 */
export const PICKED_PORT_ATTEMPTS = 3;

/**
 * True when a stand-in's start failed because a port it was told to bind was taken. Matches the
 * bind failures as they reach the start error through its log tail: Go's
 * "listen tcp 127.0.0.1:<port>: bind: address already in use" (fake-gcs-server, bigquery-emulator,
 * and the Pub/Sub emulator's "panic: pstest.initNewServer: listen tcp ..."), Kafka's
 * "Socket server failed to bind to 127.0.0.1:<port>: Address already in use." /
 * "java.net.BindException: Address already in use", and Node's "listen EADDRINUSE". Pure.
 */
export function isPortClash(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /address already in use|\bEADDRINUSE\b/i.test(text);
}

/**
 * Runs `start` and, when the ports were `picked` (none given by the caller) and it fails with a
 * port clash ({@link isPortClash}), runs it again, `attempts` times in all. `start` must pick new
 * ports on each call and leave nothing behind when it fails (no process, no temp folder). Other
 * errors, any error when `picked` is false, and the last attempt's error are rethrown; the last
 * one says how many attempts clashed.
 */
export async function retryOnPickedPortClash<T>(
  picked: boolean,
  start: (attempt: number) => Promise<T>,
  attempts = PICKED_PORT_ATTEMPTS,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start(attempt);
    } catch (error) {
      if (!picked || !isPortClash(error)) throw error;
      if (attempt >= attempts) {
        if (error instanceof Error) error.message += `\n(a picked port was taken on each of ${attempts} attempts)`;
        throw error;
      }
    }
  }
}
