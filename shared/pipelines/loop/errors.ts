import { IngestError } from '../../errors';
import type { ErrorSummary } from './types';

/**
 * The run loop's own bookkeeping does not add up (records in != valid + quarantined + skipped):
 * a bug in a source or a definition, never data. Terminal, and it fails the run loudly.
 */
export class AccountingError extends IngestError {
  constructor(message: string, context: Record<string, unknown>) {
    super(message, { retriable: false, context });
  }
}

/** The simulated crash of a test hook, or any stop requested between slices; terminal. */
export class RunAbortedError extends IngestError {}

/** The class name, message and retry flag of any thrown value, as the ledger records them. */
export function describeError(error: unknown): ErrorSummary {
  if (error instanceof Error) {
    return {
      class: error.name || error.constructor.name,
      message: error.message.slice(0, 2000),
      retriable: error instanceof IngestError && error.retriable,
    };
  }
  return { class: typeof error, message: String(error).slice(0, 2000), retriable: false };
}
