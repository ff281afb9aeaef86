/**
 * The images a synthesized stack's worker pools run, read back from cdktf's output, so the deploy
 * can check that the image it is about to build is the one the stack will run. Pure but for the read.
 */
import { readFileSync } from 'node:fs';

/** Every `template.containers[].image` of every google_cloud_run_v2_worker_pool in `json` (a cdk.tf.json). */
export function workerPoolImages(json: unknown): string[] {
  const pools =
    (json as { resource?: Record<string, Record<string, unknown>> } | undefined)?.resource
      ?.google_cloud_run_v2_worker_pool ?? {};
  return Object.values(pools).flatMap((pool) => {
    const containers = (pool as { template?: { containers?: { image?: unknown }[] } }).template?.containers ?? [];
    return containers.map((c) => c.image).filter((image): image is string => typeof image === 'string');
  });
}

/** workerPoolImages of the stack file at `path`. Throws naming the file when it is missing or not JSON. */
export function readWorkerPoolImages(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot read the synthesized stack (${(error as Error).message})`);
  }
  return workerPoolImages(JSON.parse(text));
}
