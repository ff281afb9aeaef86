import * as http from 'node:http';

/**
 * GETs `url` on a fresh connection (no keep-alive agent, so nothing lingers after a probe) and
 * resolves with the status code. Rejects on connection errors or after `timeoutMs` (default 2 000).
 */
export function httpGetStatus(url: string, timeoutMs = 2_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('timeout', () => request.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    request.once('error', reject);
  });
}
