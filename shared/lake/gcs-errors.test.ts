import { ApiError } from '@google-cloud/storage';
import { StorageError } from '../errors';
import { LakeObjectNotFound } from './errors';
import { gcsError } from './gcs-errors';

function apiError(code: number): ApiError {
  const error = new ApiError(`HTTP ${code}`);
  error.code = code;
  return error;
}

function errno(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code });
}

describe('gcsError', () => {
  it.each([
    ['404 on get', 'get', apiError(404), 'LakeObjectNotFound', false],
    ['404 on put (no bucket)', 'put', apiError(404), 'StorageError', false],
    ['408', 'get', apiError(408), 'StorageError', true],
    ['429', 'put', apiError(429), 'StorageError', true],
    ['500', 'list', apiError(500), 'StorageError', true],
    ['503', 'delete', apiError(503), 'StorageError', true],
    ['400', 'put', apiError(400), 'StorageError', false],
    ['403', 'get', apiError(403), 'StorageError', false],
    ['412', 'put', apiError(412), 'StorageError', false],
    ['ECONNRESET', 'put', errno('ECONNRESET'), 'StorageError', true],
    ['ECONNREFUSED', 'get', errno('ECONNREFUSED'), 'StorageError', true],
    [
      'a gaxios-style response status',
      'get',
      Object.assign(new Error('x'), { response: { status: 502 } }),
      'StorageError',
      true,
    ],
    ['an unknown error', 'get', new Error('odd'), 'StorageError', false],
  ])('%s', (_label, op, input, name, retriable) => {
    const mapped = gcsError(op, 'raw/x', input);
    expect(mapped).toBeInstanceOf(StorageError);
    expect(mapped.name).toBe(name);
    expect(mapped.retriable).toBe(retriable);
    expect(mapped.cause).toBe(input);
    if (name === 'LakeObjectNotFound') expect(mapped).toBeInstanceOf(LakeObjectNotFound);
  });
});
