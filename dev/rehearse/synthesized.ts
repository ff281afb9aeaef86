/**
 * The synthesized deployment as the rehearsal reads it: each stack's Terraform JSON and what Google
 * would take from it (function archives, entry points, environments, secrets, Scheduler targets,
 * the worker pool's container). Pure readers over the JSON `cdktf synth` wrote, so what the
 * rehearsal starts is what Terraform would declare, not a second description of it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Terraform JSON of one stack: resource type -> logical name -> arguments. */
export interface StackJson {
  resource: Record<string, Record<string, Record<string, any>>>;
}

/** A secret the workload mounts: env variable <- secret id at a pinned version. */
export interface SecretMount {
  readonly env: string;
  readonly secretId: string;
  readonly version: string;
}

/** One Cloud Function as Google would run it. */
export interface DeployedFunction {
  /** The logical name (the function's URL in Scheduler targets refers to it). */
  readonly id: string;
  readonly name: string;
  readonly entryPoint: string;
  readonly runtime: string;
  /** The source archive Terraform uploads (absolute path). */
  readonly archive: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: readonly SecretMount[];
  readonly timeoutS: number;
}

/** One Cloud Scheduler job as it would call its function. */
export interface DeployedJob {
  readonly name: string;
  /** The logical name of the function its URI and OIDC audience point at. */
  readonly functionId: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The worker pool's one container. */
export interface DeployedWorker {
  readonly name: string;
  readonly image: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: readonly SecretMount[];
}

/** Reads `<outDir>/stacks/<name>/cdk.tf.json`. */
export function readStack(outDir: string, name: string): StackJson {
  return JSON.parse(readFileSync(join(outDir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as StackJson;
}

const resources = (stack: StackJson, type: string) => Object.entries(stack.resource[type] ?? {});

/** The logical name inside `${type.NAME.attr}`. */
function referenced(expression: string, type: string): string {
  const match = new RegExp(`\\$\\{${type}\\.([\\w-]+)\\.`).exec(expression);
  if (!match) throw new Error(`expected a reference to a ${type}, got ${expression}`);
  return match[1]!;
}

/** Every function of the pipelines stack, with the archive its source object uploads. */
export function deployedFunctions(outDir: string, stack: StackJson): DeployedFunction[] {
  const objects = new Map(resources(stack, 'google_storage_bucket_object'));
  return resources(stack, 'google_cloudfunctions2_function').map(([id, fn]) => {
    const objectId = referenced(fn.build_config.source.storage_source.object, 'google_storage_bucket_object');
    const archive = join(outDir, 'stacks', 'pipelines', objects.get(objectId)!.source as string);
    if (!existsSync(archive)) throw new Error(`function ${fn.name}: archive ${archive} missing`);
    return {
      id,
      name: fn.name,
      entryPoint: fn.build_config.entry_point,
      runtime: fn.build_config.runtime,
      archive,
      environment: fn.service_config.environment_variables ?? {},
      secrets: (fn.service_config.secret_environment_variables ?? []).map(
        (s: { key: string; secret: string; version: string }) => ({
          env: s.key,
          secretId: s.secret,
          version: s.version,
        }),
      ),
      timeoutS: fn.service_config.timeout_seconds,
    };
  });
}

/** Every Scheduler job of the pipelines stack. */
export function deployedJobs(stack: StackJson): DeployedJob[] {
  return resources(stack, 'google_cloud_scheduler_job').map(([, job]) => {
    const target = job.http_target;
    const functionId = referenced(target.uri, 'google_cloudfunctions2_function');
    if (referenced(target.oidc_token.audience, 'google_cloudfunctions2_function') !== functionId)
      throw new Error(`job ${job.name}: audience and URI name different functions`);
    return {
      name: job.name,
      functionId,
      method: target.http_method,
      headers: target.headers ?? {},
      body: Buffer.from(target.body ?? '', 'base64').toString('utf8'),
    };
  });
}

/** The worker pool of the streaming stack. */
export function deployedWorker(stack: StackJson): DeployedWorker {
  const [[, pool]] = resources(stack, 'google_cloud_run_v2_worker_pool') as [[string, Record<string, any>]];
  const container = pool.template.containers[0];
  const env = container.env as {
    name: string;
    value?: string;
    value_source?: { secret_key_ref: { secret: string; version: string } };
  }[];
  return {
    name: pool.name,
    image: container.image,
    environment: Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!])),
    secrets: env
      .filter((e) => e.value_source)
      .map((e) => ({
        env: e.name,
        secretId: e.value_source!.secret_key_ref.secret,
        version: e.value_source!.secret_key_ref.version,
      })),
  };
}
