import { IngestError } from '../errors';

/** A successful (2xx) answer, fully read. */
export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  body: Buffer;
  /** The request URL with credential query values redacted: safe for logs and lake metadata. */
  url: string;
  /** The body decoded as UTF-8. */
  text(): string;
  /** The body parsed as JSON. @throws InvalidResponseError when it is not JSON. */
  json<T = unknown>(): T;
}

/** A 2xx answer whose body is not what the protocol promises (e.g. not JSON). Terminal. */
export class InvalidResponseError extends IngestError {}

/** The first `max` characters of `body`, whitespace collapsed, for error messages. */
export function excerpt(body: Buffer | string, max = 300): string {
  const text = (typeof body === 'string' ? body : body.subarray(0, max * 4).toString('utf8'))
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

export function toHttpResponse(status: number, headers: Headers, body: Buffer, url: string): HttpResponse {
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => {
    plain[name] = value;
  });
  return {
    status,
    headers: plain,
    body,
    url,
    text: () => body.toString('utf8'),
    json: <T>() => {
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch (cause) {
        throw new InvalidResponseError(
          `${url} answered ${status} with a body that is not JSON: ${excerpt(body, 120)}`,
          {
            cause,
            context: { url, status },
          },
        );
      }
    },
  };
}
