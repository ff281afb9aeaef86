/**
 * The streamer image's build context: the deployed Node's official slim base, production
 * dependencies only from a pruned shrinkwrap, a non-root user, the role entry as its command, and a
 * tag that is the digest of the content (changes with it, never `latest`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_ONLY_PACKAGES } from '../function-source';
import {
  IMAGE_COMMAND,
  contentTag,
  imageReference,
  streamerDockerfile,
  writeStreamerImageContext,
} from '../streamer-image';

const repoRoot = join(__dirname, '..', '..');

describe('the streamer image context', () => {
  const dir = mkdtempSync(join(tmpdir(), 'streamer-image-'));
  const context = writeStreamerImageContext(repoRoot, join(dir, 'ctx'));
  const dockerfile = readFileSync(join(context.dir, 'Dockerfile'), 'utf8');
  const lines = dockerfile.split('\n');

  it('builds on node 22 slim, installs production dependencies from the shrinkwrap, runs as the non-root node user', () => {
    expect(lines).toContain('FROM node:22-bookworm-slim');
    expect(lines).toContain('COPY package.json npm-shrinkwrap.json ./');
    expect(lines.find((l) => l.startsWith('RUN '))).toContain('npm ci --omit=dev');
    const user = lines.indexOf('USER node');
    expect(user).toBeGreaterThan(lines.findIndex((l) => l.startsWith('RUN ')));
    expect(lines[lines.length - 2]).toBe(`CMD ${JSON.stringify(IMAGE_COMMAND)}`);
    expect(dockerfile).toBe(streamerDockerfile());
  });

  it('bundles the role entry with its npm packages only, no DuckDB, and an engines of Node 22', () => {
    expect(context.inputs).toContain('streamer/role.ts');
    expect(context.inputs).toContain('streamer/all-roles.ts');
    const manifest = JSON.parse(readFileSync(join(context.dir, 'package.json'), 'utf8'));
    expect(manifest.engines).toEqual({ node: '>=22 <23' });
    expect(Object.keys(manifest.dependencies)).toEqual(
      expect.arrayContaining([
        'kafkajs',
        'ws',
        '@google-cloud/bigquery',
        '@google-cloud/storage',
        '@google-cloud/pubsub',
      ]),
    );
    // The dashboard's page (lightweight-charts) is not the streamer's business.
    expect(Object.keys(manifest.dependencies)).not.toContain('lightweight-charts');
    for (const local of LOCAL_ONLY_PACKAGES) expect(Object.keys(manifest.dependencies)).not.toContain(local);
    const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies))
      expect(root.dependencies[name]).toBe(manifest.dependencies[name]);
  });

  it('starts exactly one service: the bundle holds one require.main guard, the role entry', () => {
    const code = readFileSync(join(context.dir, 'index.js'), 'utf8');
    expect(code.match(/require\.main === module/g)).toHaveLength(1);
  });

  it('is tagged by the digest of its content: stable for the same content, new for any change', () => {
    expect(context.tag).toMatch(/^[0-9a-f]{20}$/);
    expect(contentTag(context.dir)).toBe(context.tag);
    expect(writeStreamerImageContext(repoRoot, join(dir, 'again')).tag).toBe(context.tag);
    writeFileSync(
      join(context.dir, 'index.js'),
      `${readFileSync(join(context.dir, 'index.js'), 'utf8')}\n// changed\n`,
    );
    expect(contentTag(context.dir)).not.toBe(context.tag);
    expect(imageReference('europe-west1', 'acme', context.tag)).toBe(
      `europe-west1-docker.pkg.dev/acme/market-data/streamer:${context.tag}`,
    );
  });
});
