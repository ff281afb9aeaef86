/**
 * Synth helpers for the cdktf tests: build a stack in a Testing app from a deploy config written as
 * the file would be, and read the synthesized Terraform JSON back as plain objects, so assertions
 * can name resources by their properties.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { PIPELINES, type PipelineEntry } from '../../shared/pipelines/registry';
import { parseDeployConfig, type DeployConfig, type DeployConfigFile } from '../config';
import type { FunctionSourceBuilder } from '../function-source';
import { ALL_SECRETS, type SecretVersions } from '../secret-names';
import { PipelinesStack } from '../stacks/pipelines';
import { PlatformStack } from '../stacks/platform';
import { StreamingStack } from '../stacks/streaming';

/** The smallest deploy config file that deploys: a project and a state bucket. */
export const TEST_FILE: DeployConfigFile = { project: 'market-data-test', stateBucket: 'market-data-test-tfstate' };

/** Every secret with version 7: what a project whose operator added every value resolves to. */
export const ALL_VERSIONS: SecretVersions = Object.fromEntries(ALL_SECRETS.map((name) => [name, '7']));

/** Synthesized Terraform JSON: resource type -> logical name -> arguments. */
export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  [key: string]: unknown;
}

/** A builder that hands every function the same tiny, already-built source directory. */
export function stubSourceBuilder(): FunctionSourceBuilder {
  const dir = mkdtempSync(join(tmpdir(), 'fn-source-'));
  writeFileSync(join(dir, 'index.js'), 'module.exports = {};\n');
  writeFileSync(join(dir, 'package.json'), '{"name":"stub","main":"index.js"}\n');
  return () => dir;
}

/** Config from `TEST_FILE` with `file`'s top-level keys over it, against `registry`. */
export function testConfig(
  file: Partial<DeployConfigFile> = {},
  registry: readonly PipelineEntry[] = PIPELINES,
): DeployConfig {
  return parseDeployConfig({ ...TEST_FILE, ...file }, registry);
}

/** The synthesized pipelines stack of `config`. */
export function synthPipelines(
  config: DeployConfig = testConfig(),
  secretVersions: SecretVersions = ALL_VERSIONS,
): { text: string; json: SynthJson; stack: PipelinesStack } {
  return parsed(
    new PipelinesStack(Testing.app(), 'pipelines', { config, secretVersions, sourceFor: stubSourceBuilder() }),
  );
}

/** The synthesized platform stack. */
export function synthPlatform(config: DeployConfig = testConfig()): {
  text: string;
  json: SynthJson;
  stack: PlatformStack;
} {
  return parsed(new PlatformStack(Testing.app(), 'platform', { config }));
}

/** The synthesized streaming stack, with image tag `0123abcd`. */
export function synthStreaming(
  config: DeployConfig = testConfig(),
  secretVersions: SecretVersions = ALL_VERSIONS,
): { text: string; json: SynthJson; stack: StreamingStack } {
  const image = `${config.region}-docker.pkg.dev/${config.projectId}/market-data/streamer:0123abcd`;
  return parsed(new StreamingStack(Testing.app(), 'streaming', { config, image, secretVersions }));
}

function parsed<S extends TerraformStack>(stack: S): { text: string; json: SynthJson; stack: S } {
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text) as SynthJson, stack };
}

/** Every resource of `type` as [logical name, arguments]. */
export function resourcesOf(json: SynthJson, type: string): [string, Record<string, any>][] {
  return Object.entries(json.resource[type] ?? {});
}

/** Every resource of every type as [type, logical name, arguments]. */
export function allResources(json: SynthJson): [string, string, Record<string, any>][] {
  return Object.entries(json.resource).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, args]) => [type, name, args] as [string, string, Record<string, any>]),
  );
}

/** The function resource whose `name` is `name`, with its logical name; throws when absent. */
export function functionNamed(json: SynthJson, name: string): { id: string; args: Record<string, any> } {
  const found = resourcesOf(json, 'google_cloudfunctions2_function').find(([, args]) => args.name === name);
  if (!found) throw new Error(`no function named ${name}`);
  return { id: found[0], args: found[1] };
}
