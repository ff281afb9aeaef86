import { LakeKeyError } from './errors';

/** Cloud Storage's limit on an object name, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

// Control characters and backslashes mean different things to a filesystem and to GCS, so the
// same key could name different objects in the two backends; refuse them in both.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

function problemsOfPath(value: string, allowPartialTail: boolean): string | undefined {
  if (value.startsWith('/')) return "must not start with '/'";
  if (FORBIDDEN.test(value)) return 'must not contain control characters or backslashes';
  if (Buffer.byteLength(value, 'utf8') > MAX_KEY_BYTES) return `must be at most ${MAX_KEY_BYTES} UTF-8 bytes`;
  const segments = value.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const isTail = i === segments.length - 1;
    if (segment === '') {
      if (isTail && allowPartialTail) continue;
      return "must not contain empty segments ('//' or a trailing '/')";
    }
    if (segment === '..' || segment === '.') return `must not contain '${segment}' segments`;
    // A leading dot is reserved: the local lake keeps its in-flight temp files under dot names.
    if (segment.startsWith('.')) return `segment ${JSON.stringify(segment)} must not start with '.'`;
  }
  return undefined;
}

/**
 * Checks an object key and returns it. Rules (same for every backend): non-empty; no leading '/';
 * no empty, '.' or '..' segments; no segment starting with '.'; no control characters or
 * backslashes; at most 1024 UTF-8 bytes. Throws LakeKeyError naming the rule broken.
 */
export function assertValidKey(key: string): string {
  if (typeof key !== 'string' || key === '') throw new LakeKeyError(String(key), 'must be a non-empty string');
  const problem = problemsOfPath(key, false);
  if (problem) throw new LakeKeyError(key, problem);
  return key;
}

/**
 * Checks a list prefix and returns it: '' (everything), a folder ending in '/', or a partial key
 * such as `raw/prices/dt=2024-`. Same rules as keys except that it may be empty or end in '/'.
 */
export function assertValidPrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw new LakeKeyError(String(prefix), 'prefix must be a string');
  if (prefix === '') return prefix;
  const problem = problemsOfPath(prefix, true);
  if (problem) throw new LakeKeyError(prefix, problem);
  return prefix;
}

/** Orders keys as Cloud Storage lists them: by their UTF-8 bytes. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
