import type { Construct } from 'constructs';
import { GcsBackend, LocalBackend, type TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { DeployConfig } from '../config';

/**
 * Gives a stack its Google provider (project, region, default labels) and its state backend: a
 * prefix of the configured state bucket, or a local file when none is set (a first try only:
 * local state is lost with the checkout).
 */
export function configureStack(stack: TerraformStack & Construct, name: string, config: DeployConfig): void {
  new GoogleProvider(stack, 'google', {
    project: config.projectId,
    region: config.region,
    defaultLabels: { app: 'market-data', managed_by: 'cdktf' },
  });
  if (config.stateBucket !== undefined) new GcsBackend(stack, { bucket: config.stateBucket, prefix: `market-data/${name}` });
  else new LocalBackend(stack, { path: `terraform.${name}.tfstate` });
}
