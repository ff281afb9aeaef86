import { logLevel, type logCreator } from 'kafkajs';
import type { Logger } from '../log/types';

/**
 * Routes kafkajs's logging into our Logger. kafkajs is created with logLevel WARN, so only WARN and
 * ERROR arrive here; each line keeps kafkajs's namespace and structured fields.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const {
        message,
        timestamp: _timestamp,
        logger: _logger,
        ...fields
      } = log as { message: string; timestamp?: unknown; logger?: unknown };
      const entry = { namespace, ...fields };
      // We bound the idempotent producer's retries on purpose and recreate it after a failed send
      // (see kafka-producer.ts), which is what this warning is about; keep it out of WARN.
      if (message.startsWith('Limiting retries for the idempotent producer'))
        return logger.debug(`kafkajs: ${message}`, entry);
      if (level === logLevel.ERROR || level === logLevel.NOTHING) return logger.error(`kafkajs: ${message}`, entry);
      if (level === logLevel.WARN) return logger.warn(`kafkajs: ${message}`, entry);
      return logger.debug(`kafkajs: ${message}`, entry);
    };
}
