/**
 * The Node.js major every deployed artifact runs on: the functions' runtime, their manifests'
 * `engines`, the streamer image's base and the deploy rehearsal's Node (`npx -p node@22`). Cloud
 * Functions decommissioned nodejs20 on 2026-10-30 (no create or update after it); nodejs22 is
 * deprecated from 2027-04-30, nodejs24 from 2028-04-30
 * (https://cloud.google.com/functions/docs/runtime-support). Move all of them by changing this.
 */
export const DEPLOYED_NODE_MAJOR = 22;

/** The Cloud Functions gen2 runtime id. */
export const FUNCTION_RUNTIME = `nodejs${DEPLOYED_NODE_MAJOR}`;

/** `engines` of every generated manifest: the deployed major only. */
export const DEPLOYED_ENGINES: Readonly<{ node: string }> = Object.freeze({
  node: `>=${DEPLOYED_NODE_MAJOR} <${DEPLOYED_NODE_MAJOR + 1}`,
});

/** The streamer image's base: the official Node image of that major, Debian slim. */
export const IMAGE_BASE = `node:${DEPLOYED_NODE_MAJOR}-bookworm-slim`;
