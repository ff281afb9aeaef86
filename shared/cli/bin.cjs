#!/usr/bin/env node
'use strict';
// The `mdp` bin of package.json: registers tsx's loaders (CommonJS, and ESM for the lazy
// `import()` of storage backends) so the TypeScript CLI runs without a build step.
require('tsx/cjs/api').register();
require('tsx/esm/api').register();
require('./main.ts').main();
