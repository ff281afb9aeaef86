import { ConfigError } from '../errors';

/** Kafka's own rule (kafka.common.internals.Topic): 1-249 characters of [a-zA-Z0-9._-], not "." or "..". */
const legalTopic = /^[a-zA-Z0-9._-]{1,249}$/;

/**
 * Throws a ConfigError (terminal: the name is wrong in code or config) unless `topic` is a legal
 * Kafka topic name. Both implementations call it, so a name that works locally also works on Kafka,
 * and the file log can use the name as a directory name safely.
 */
export function assertTopicName(topic: string): void {
  if (!legalTopic.test(topic) || topic === '.' || topic === '..') {
    const problem = `illegal topic name ${JSON.stringify(topic)}: use 1-249 characters of [a-zA-Z0-9._-], not "." or ".."`;
    throw new ConfigError(problem, [problem]);
  }
}

/** Throws a ConfigError unless `partitions` is a whole number from 1 to 10,000. */
export function assertPartitionCount(topic: string, partitions: number): void {
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 10_000) {
    const problem = `topic ${topic}: partitions must be a whole number from 1 to 10000, got ${partitions}`;
    throw new ConfigError(problem, [problem]);
  }
}
