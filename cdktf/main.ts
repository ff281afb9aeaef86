/**
 * The CDKTF app: one config parse, two stacks. `cdktf synth` (or `npx tsx cdktf/main.ts` with
 * CDKTF_OUTDIR set) writes cdktf.out/stacks/{platform,pipelines}/cdk.tf.json.
 */
import { join } from 'node:path';
import { App } from 'cdktf';
import { parseDeployConfig } from './config';
import { createFunctionBundler } from './function-source';
import { PipelinesStack } from './stacks/pipelines';
import { PlatformStack } from './stacks/platform';

const config = parseDeployConfig(process.env);
const app = new App();
const platform = new PlatformStack(app, 'platform', { config });
const pipelines = new PipelinesStack(app, 'pipelines', {
  config,
  sourceFor: createFunctionBundler({ repoRoot: join(__dirname, '..') }),
});
pipelines.addDependency(platform);
app.synth();
