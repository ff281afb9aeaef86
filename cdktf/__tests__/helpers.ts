/**
 * Synth helpers for the cdktf tests: build a stack in a Testing app and read the synthesized
 * Terraform JSON back as plain objects, so assertions can name resources by their properties.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type TerraformStack } from 'cdktf';
import { parseDeployConfig, type DeployConfig, type DeployEnv } from '../config';
import type { DeployablePipeline } from '../constructs/scheduled-function';
import type { FunctionSourceBuilder } from '../function-source';
import { PipelinesStack } from '../stacks/pipelines';
import { PlatformStack } from '../stacks/platform';

/** The smallest environment that deploys: a project id. */
export const TEST_ENV: DeployEnv = { GOOGLE_CLOUD_PROJECT: 'market-data-test' };

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

/** Config from `TEST_ENV` plus `env`. */
export function testConfig(env: DeployEnv = {}): DeployConfig {
  return parseDeployConfig({ ...TEST_ENV, ...env });
}

/** The synthesized JSON string of a pipelines stack (for the cdktf matchers) and its parsed form. */
export function synthPipelines(pipelines?: readonly DeployablePipeline[], env: DeployEnv = {}): { text: string; json: SynthJson; stack: PipelinesStack } {
  const stack = new PipelinesStack(Testing.app(), 'pipelines', { config: testConfig(env), pipelines, sourceFor: stubSourceBuilder() });
  return parsed(stack);
}

/** The synthesized platform stack. */
export function synthPlatform(env: DeployEnv = {}): { text: string; json: SynthJson; stack: PlatformStack } {
  return parsed(new PlatformStack(Testing.app(), 'platform', { config: testConfig(env) }));
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
  return Object.entries(json.resource).flatMap(([type, byName]) => Object.entries(byName).map(([name, args]) => [type, name, args] as [string, string, Record<string, any>]));
}

/** The function resource whose `name` is `name`, with its logical name; throws when absent. */
export function functionNamed(json: SynthJson, name: string): { id: string; args: Record<string, any> } {
  const found = resourcesOf(json, 'google_cloudfunctions2_function').find(([, args]) => args.name === name);
  if (!found) throw new Error(`no function named ${name}`);
  return { id: found[0], args: found[1] };
}
