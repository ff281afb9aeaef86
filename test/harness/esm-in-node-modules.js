// @google-cloud/bigquery sends requests through teeny-request, which loads node-fetch v3 (ESM
// only) with a dynamic import(). jest runs import() only under --experimental-vm-modules and
// otherwise fails with "A dynamic import callback was invoked without --experimental-vm-modules".
// Letting the project's transform (swc, to CommonJS) compile these few packages turns that
// import() into require() and node-fetch's ESM into CommonJS, so no Node flag is needed, in band
// or in workers. Use as a project's `transformIgnorePatterns` in jest.config.js.
const ESM_PACKAGES = [
  'teeny-request',
  'node-fetch',
  'fetch-blob',
  'formdata-polyfill',
  'data-uri-to-buffer',
  'web-streams-polyfill',
  'node-domexception',
  // The Parquet writer of shared/lake and the reader its tests use ship ESM only.
  'hyparquet',
  'hyparquet-writer',
  // google-auth-library 10's gaxios 7 (nested in it) loads node-fetch v3 with import() on its first
  // token request: shared/stream's ADC token source tests make one against a local endpoint.
  'google-auth-library',
  'gaxios',
];

module.exports = {
  ESM_PACKAGES,
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  // hyparquet's package.json offers only an `import` condition, which jest's CommonJS resolver
  // cannot use; point it at the same file Node would load.
  moduleNameMapper: { '^hyparquet$': '<rootDir>/node_modules/hyparquet/src/node.js' },
};
