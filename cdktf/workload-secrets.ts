/**
 * Which secrets each deployed workload reads, from the deploy config alone: every enabled pipeline's
 * (derived from its provider, pipeline-settings.ts) and the stream worker pool's. Pure. The preflight
 * resolves exactly these and the stacks mount them, so what it checks is what synth will mount.
 */
import type { DeployConfig } from './config';
import { KAFKA_PASSWORD_SECRET, type WorkloadSecrets } from './secret-names';

/** The stream worker pool's name in reports (the pool itself is `streamer`). */
export const STREAMER_WORKLOAD = 'streamer';

/** One workload's secrets. */
export interface WorkloadSecretSet {
  /** The pipeline's name, or STREAMER_WORKLOAD. */
  readonly workload: string;
  readonly secrets: WorkloadSecrets;
}

/**
 * The streamer's secrets: its provider keys, plus the SASL password of an external Kafka (a managed
 * cluster takes the pool's own Google token instead).
 */
export function streamerSecrets(config: DeployConfig): WorkloadSecrets | undefined {
  const streaming = config.streaming;
  if (streaming === undefined) return undefined;
  return {
    required: [
      ...streaming.settings.secrets.required,
      ...(streaming.kafka.mode === 'external' ? [KAFKA_PASSWORD_SECRET] : []),
    ],
    optional: streaming.settings.secrets.optional,
  };
}

/** Every deployed workload with its secrets, pipelines in registry order, then the streamer. */
export function workloadSecrets(config: DeployConfig): WorkloadSecretSet[] {
  const sets: WorkloadSecretSet[] = config.pipelines.map((p) => ({
    workload: p.entry.name,
    secrets: p.settings.secrets,
  }));
  const streamer = streamerSecrets(config);
  if (streamer !== undefined) sets.push({ workload: STREAMER_WORKLOAD, secrets: streamer });
  return sets;
}

/** Every secret variable any workload reads, each once, in first-seen order. */
export function secretsToResolve(sets: readonly WorkloadSecretSet[]): string[] {
  return [...new Set(sets.flatMap((s) => [...s.secrets.required, ...s.secrets.optional]))];
}
