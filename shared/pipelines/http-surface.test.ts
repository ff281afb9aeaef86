/**
 * The pure half of http-surface.ts: how an error functions-framework's middleware passes on becomes
 * a JSON answer, and that the guard sits on the very Express the framework loads (once). The HTTP
 * behaviour of every function under the real framework is functions/http-surface.test.ts.
 */
import { dirname } from 'node:path';
import { frameworkErrorAnswer, guardFrameworkHttp, MAX_REQUEST_BODY_BYTES } from './http-surface';

/** An error shaped as body-parser (http-errors) makes them. */
function parserError(status: number, type: string, message: string, name = 'Error'): Error {
  return Object.assign(new Error(message), {
    name,
    status,
    statusCode: status,
    expose: status < 500,
    type,
    body: '{"secret":"s3cr3t"',
  });
}

describe('frameworkErrorAnswer', () => {
  it('malformed JSON is the bad-request shape with JSON.parse’s words and nothing else of the error', () => {
    const answer = frameworkErrorAnswer(
      parserError(400, 'entity.parse.failed', "Expected property name or '}' in JSON at position 1", 'SyntaxError'),
    );
    expect(answer).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: 'The body is not valid JSON.',
        problems: [{ path: '', code: 'invalid_json', message: "Expected property name or '}' in JSON at position 1" }],
      },
    });
  });

  it('a body over the parser’s own limit is the same 413 as ours', () => {
    expect(frameworkErrorAnswer(parserError(413, 'entity.too.large', 'request entity too large'))).toEqual({
      status: 413,
      body: {
        error: 'payload_too_large',
        message: `The body is too large; the limit is ${MAX_REQUEST_BODY_BYTES} bytes (MAX_REQUEST_BODY_BYTES).`,
        limitBytes: MAX_REQUEST_BODY_BYTES,
      },
    });
  });

  it('an undecodable charset repeats the caller’s charset; another 415 says only that it cannot decode', () => {
    expect(frameworkErrorAnswer(parserError(415, 'charset.unsupported', 'unsupported charset "LATIN9"'))).toEqual({
      status: 415,
      body: { error: 'unsupported_media_type', message: 'The body cannot be decoded: unsupported charset "LATIN9".' },
    });
    expect(frameworkErrorAnswer(parserError(415, 'something.else', 'at /srv/app/node_modules/x.js:1'))).toEqual({
      status: 415,
      body: { error: 'unsupported_media_type', message: 'The body cannot be decoded.' },
    });
  });

  it('another 4xx (an aborted or short body) is a 400-shaped answer with the parser’s type as the code', () => {
    expect(
      frameworkErrorAnswer(parserError(400, 'request.size.invalid', 'request size did not match content length')),
    ).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: 'The request body could not be read.',
        problems: [{ path: '', code: 'request.size.invalid', message: 'the body could not be read' }],
      },
    });
  });

  it.each([
    ['an Error without a status', new Error('ENOENT: no such file, open /work/main/secret.json')],
    ['a 5xx', parserError(503, 'x', 'upstream at /srv/app/index.js:3')],
    ['a 3xx status', parserError(302, 'x', 'redirect to /srv')],
    ['a thrown string', 'boom at /work/main'],
    ['undefined fields', {}],
  ])('%s is a 500 that names nothing of the server', (_what, error) => {
    const answer = frameworkErrorAnswer(error);
    expect(answer).toEqual({
      status: 500,
      body: { error: 'internal_error', message: 'The function could not answer; see the server log.' },
    });
  });
});

describe('guardFrameworkHttp', () => {
  it('wraps application.handle of the Express functions-framework loads, once', () => {
    const frameworkDir = dirname(require.resolve('@google-cloud/functions-framework'));
    const express = require(require.resolve('express', { paths: [frameworkDir] })) as {
      application: { handle: unknown };
    };
    guardFrameworkHttp();
    const guarded = express.application.handle;
    expect((guarded as { name: string }).name).toBe('guardedHandle');
    guardFrameworkHttp();
    expect(express.application.handle).toBe(guarded);
  });
});
