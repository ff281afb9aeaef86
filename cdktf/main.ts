/**
 * The CDKTF app: one deploy config, three stacks. `cdktf synth` (or `npx tsx cdktf/main.ts` with
 * CDKTF_OUTDIR set) writes cdktf.out/stacks/{platform,streaming,pipelines}/cdk.tf.json, the
 * function bundles under dist/function-source/ and the streamer image's context under
 * dist/streamer-image/. Inputs (cdktf/README.md):
 * - DEPLOY_CONFIG: path of the deploy config file (JSON; cdktf/deploy.example.json shows every key);
 * - DEPLOY_SECRET_VERSIONS: JSON `{ "<SECRET_VARIABLE>": "<version>" }` of the secrets that have
 *   an enabled version, which `make deploy` resolves from Secret Manager before synth. Unset (a
 *   preview with `make synth`): every secret counts as having version 1, said on stderr.
 */
import { join } from 'node:path';
import { App } from 'cdktf';
import { readDeployConfig } from './config-file';
import { createFunctionBundler } from './function-source';
import { ALL_SECRETS, type SecretVersions } from './secret-names';
import { PipelinesStack } from './stacks/pipelines';
import { PlatformStack } from './stacks/platform';
import { StreamingStack } from './stacks/streaming';
import { imageReference, writeStreamerImageContext } from './streamer-image';

const repoRoot = join(__dirname, '..');
const config = readDeployConfig(process.env.DEPLOY_CONFIG);
const secretVersions: SecretVersions = process.env.DEPLOY_SECRET_VERSIONS
  ? (JSON.parse(process.env.DEPLOY_SECRET_VERSIONS) as SecretVersions)
  : (process.stderr.write(
      'DEPLOY_SECRET_VERSIONS unset: a preview, every secret taken as version 1 (make deploy resolves the real ones)\n',
    ),
    Object.fromEntries(ALL_SECRETS.map((name) => [name, '1'])));

const app = new App();
const platform = new PlatformStack(app, 'platform', { config });
if (config.streaming !== undefined) {
  const image = writeStreamerImageContext(repoRoot);
  const streaming = new StreamingStack(app, 'streaming', {
    config,
    image: imageReference(config.region, config.projectId, image.tag),
    secretVersions,
  });
  streaming.addDependency(platform);
}
const pipelines = new PipelinesStack(app, 'pipelines', {
  config,
  secretVersions,
  sourceFor: createFunctionBundler({ repoRoot }),
});
pipelines.addDependency(platform);
app.synth();
