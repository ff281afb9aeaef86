import { IngestError } from '../errors';

/** A request for one page, ready to run (usually a closure over `http.getJson`). */
export type PageRequest<P> = () => Promise<P>;

/**
 * Pages as an async generator (faros style): runs `firstRequest`, yields its page, asks
 * `nextRequest(page, index)` for the following request, and stops when it answers undefined.
 * Pages are fetched lazily, one at a time, so a consumer that stops early stops the fetching.
 *
 * @throws whatever a request throws (after the client's own retries), or a non-retriable
 *   IngestError after `maxPages` pages (default 100 000), which means a cursor that never ends.
 */
export async function* paginate<P>(
  firstRequest: PageRequest<P>,
  nextRequest: (page: P, index: number) => PageRequest<P> | undefined,
  options: { maxPages?: number } = {},
): AsyncGenerator<P, void, undefined> {
  const maxPages = options.maxPages ?? 100_000;
  let request: PageRequest<P> | undefined = firstRequest;
  for (let index = 0; request !== undefined; index += 1) {
    if (index >= maxPages) {
      throw new IngestError(`pagination did not end after ${maxPages} pages; the cursor may be looping`, {
        context: { maxPages },
      });
    }
    const page: P = await request();
    yield page;
    request = nextRequest(page, index);
  }
}
