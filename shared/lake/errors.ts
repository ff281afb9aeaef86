import { StorageError } from '../errors';

/** Reading an object that does not exist. Terminal: trying again will not make it appear. */
export class LakeObjectNotFound extends StorageError {
  readonly key: string;
  constructor(key: string, options: { cause?: unknown; context?: Record<string, unknown> } = {}) {
    super(`lake object not found: ${key}`, {
      retriable: false,
      cause: options.cause,
      context: { key, ...options.context },
    });
    this.key = key;
  }
}

/** A key or prefix that breaks the key rules (see key.ts). Terminal: the caller built a bad key. */
export class LakeKeyError extends StorageError {
  readonly key: string;
  constructor(key: string, reason: string) {
    super(`invalid lake key ${JSON.stringify(key)}: ${reason}`, { retriable: false, context: { key, reason } });
    this.key = key;
  }
}
