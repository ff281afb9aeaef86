/**
 * `make trigger JOB=<pipeline>`: runs a deployed Cloud Scheduler job now (jobs.run), exactly as
 * its schedule would (same body, same OIDC identity). Usage: `npx tsx cdktf/trigger.ts <job>`
 * with DEPLOY_CONFIG naming the deploy config file and Application Default Credentials available.
 */
import type { DeployConfig } from './config';
import { readDeployConfig } from './config-file';
import { resourceSlug } from './constructs/scheduled-function';

/**
 * The full resource name of the job of pipeline `job`. Throws when no deployed, scheduled pipeline
 * has that name, listing those that do (an on-demand pipeline has no job to run).
 */
export function jobResourceName(config: DeployConfig, job: string | undefined): string {
  const scheduled = config.pipelines.filter((p) => p.schedule !== undefined).map((p) => p.entry.name);
  if (job === undefined || !scheduled.includes(job)) {
    throw new Error(`JOB must name a scheduled pipeline (${scheduled.join(', ') || 'none'}), got '${job ?? ''}'`);
  }
  return `projects/${config.projectId}/locations/${config.region}/jobs/${resourceSlug(job)}`;
}

async function main(): Promise<void> {
  const config = readDeployConfig(process.env.DEPLOY_CONFIG);
  const name = jobResourceName(config, process.argv[2]);
  // Loaded here, not at the top: only this command needs the client, and tests import jobResourceName.
  const { CloudSchedulerClient } = await import('@google-cloud/scheduler');
  const client = new CloudSchedulerClient({ projectId: config.projectId });
  const [job] = await client.runJob({ name });
  process.stdout.write(`triggered ${job.name} (last attempt: ${JSON.stringify(job.lastAttemptTime ?? null)})\n`);
  await client.close();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
