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

/**
 * The plain (non-secret) settings every deployed runtime shares, functions and Cloud Run services
 * alike: which project, the lake bucket, the dataset, JSON logs. Pure.
 */
export function runtimeEnvironment(config: DeployConfig): Record<string, string> {
  return {
    GOOGLE_CLOUD_PROJECT: config.projectId,
    LAKE_BACKEND: 'gcs',
    LAKE_BUCKET: config.lake.bucket,
    WAREHOUSE_BACKEND: 'bigquery',
    BIGQUERY_DATASET: config.warehouse.dataset,
    BIGQUERY_LOCATION: config.warehouse.location,
    LOG_FORMAT: 'json',
    LOG_LEVEL: config.functions.logLevel,
  };
}
