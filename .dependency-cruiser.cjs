/**
 * The import layers of docs/architecture.md, checked on every `make test` (test/architecture.test.ts).
 * Data moves one way, so imports do too:
 *   1 config, log, errors  ->  2 schemas, http  ->  3 sources | lake, warehouse, stream | indicators
 *   ->  4 pipelines  ->  5 functions/, streamer/, cdktf/ (entry points).
 * Inside shared/pipelines the folders are the layers: loop/ (the engine, which sees only the pure
 * registry.ts and time-budget.ts beside it) -> one folder per pipeline (prices/, news/, ...: each
 * sees loop/ and the wiring at the top, never another pipeline) -> catalog.ts and index.ts, which
 * gather the pipelines.
 */
const layer1 = '^shared/(config|log|errors)/';
const adapters = '^shared/(lake|warehouse|stream|events)/';
const notTestFile = '(\\.test\\.ts$)|/__fixtures__/';
/** A pipeline's own folder under shared/pipelines (loop/ is the engine, not a pipeline). */
const pipelineFolder = '^shared/pipelines/(?!loop/)([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'layer-1-is-the-floor',
      comment: 'config, log and errors import nothing from the higher layers of shared/.',
      severity: 'error',
      from: { path: layer1 },
      to: {
        path: '^shared/(schemas|http|sources|lake|warehouse|stream|events|indicators|pipelines|dashboard|testing)/',
      },
    },
    {
      name: 'schemas-are-zod-only',
      comment: 'data contracts depend on zod and layer 1 only.',
      severity: 'error',
      from: { path: '^shared/schemas/' },
      to: { path: '^shared/(http|sources|lake|warehouse|stream|indicators|pipelines|testing)/' },
    },
    {
      name: 'http-is-below-sources',
      severity: 'error',
      from: { path: '^shared/http/' },
      to: { path: '^shared/(sources|lake|warehouse|stream|indicators|pipelines|testing)/' },
    },
    {
      name: 'sources-do-not-store',
      comment: 'a source only fetches and normalizes; the pipeline decides where rows go.',
      severity: 'error',
      from: { path: '^shared/sources/' },
      to: { path: '^shared/(lake|warehouse|stream|indicators|pipelines)/' },
    },
    {
      name: 'adapters-do-not-fetch',
      comment: 'storage adapters know nothing of sources, pipelines or each other.',
      severity: 'error',
      from: { path: adapters, pathNot: notTestFile },
      to: { path: '^shared/(http|sources|indicators|pipelines)/' },
    },
    {
      name: 'adapters-are-independent',
      severity: 'error',
      from: { path: '^shared/lake/', pathNot: notTestFile },
      to: { path: '^shared/(warehouse|stream)/' },
    },
    {
      name: 'adapters-are-independent-warehouse',
      severity: 'error',
      from: { path: '^shared/warehouse/', pathNot: notTestFile },
      to: { path: '^shared/(lake|stream)/' },
    },
    {
      name: 'adapters-are-independent-stream',
      severity: 'error',
      from: { path: '^shared/stream/', pathNot: notTestFile },
      to: { path: '^shared/(lake|warehouse)/' },
    },
    {
      name: 'indicators-are-pure',
      comment: 'indicators see schemas only: no I/O, no clock.',
      severity: 'error',
      from: { path: '^shared/indicators/', pathNot: notTestFile },
      to: { path: '^shared/(config|http|sources|lake|warehouse|stream|pipelines)/' },
    },
    {
      name: 'loop-knows-no-pipeline',
      comment:
        'the run loop is generic: it sees its own folder and the pure registry and time budget, never a pipeline folder, the catalog or the runtime wiring.',
      severity: 'error',
      from: { path: '^shared/pipelines/loop/', pathNot: notTestFile },
      to: { path: '^shared/pipelines/', pathNot: '^shared/pipelines/(loop/|registry\\.ts$|time-budget\\.ts$)' },
    },
    {
      name: 'pipelines-are-independent',
      comment:
        "a pipeline folder uses loop/ and the wiring at the top of shared/pipelines, never another pipeline's folder nor the catalog and index that gather them. One exception: the watchlist is one list, defined once in prices/settings.ts, which news reads too.",
      severity: 'error',
      from: { path: pipelineFolder, pathNot: notTestFile },
      to: {
        path: '^shared/pipelines/([^/]+/|(catalog|index)\\.ts$)',
        pathNot: '^shared/pipelines/(($1|loop)/|prices/settings\\.ts$)',
      },
    },
    {
      name: 'shared-never-imports-entry-points',
      severity: 'error',
      from: { path: '^shared/', pathNot: notTestFile },
      to: { path: '^(functions|streamer|cdktf|dev|test|bench)/' },
    },
    {
      name: 'test-helpers-stay-in-tests',
      comment: 'contract suites and harness code are for test files only.',
      severity: 'error',
      from: { path: '^(shared|functions|streamer|cdktf)/', pathNot: `(${notTestFile})|^shared/testing/` },
      to: { path: '^(shared/testing|test)/' },
    },
    {
      name: 'functions-are-thin',
      comment: 'an entry point parses its trigger and calls a pipeline; it never reaches past it.',
      severity: 'error',
      from: { path: '^functions/', pathNot: notTestFile },
      to: { path: '^shared/(sources|lake|warehouse|stream|events|http)/' },
    },
    {
      name: 'dashboard-reads-only',
      comment: 'the dashboard sits beside pipelines: it reads the warehouse, never fetches or streams.',
      severity: 'error',
      from: { path: '^shared/dashboard/', pathNot: notTestFile },
      to: { path: '^shared/(http|sources|lake|stream|events)/' },
    },
    {
      name: 'lower-layers-do-not-import-dashboard',
      severity: 'error',
      from: {
        path: '^shared/(config|log|errors|schemas|http|sources|lake|warehouse|stream|events|indicators|pipelines)/',
      },
      to: { path: '^shared/dashboard/' },
    },
    {
      name: 'scheduler-reads-only-the-registry',
      comment:
        'the local scheduler calls functions over HTTP: it sees the registry, config, log and errors, nothing that stores.',
      severity: 'error',
      from: { path: '^shared/scheduler/', pathNot: notTestFile },
      to: { path: '^shared/', pathNot: '^shared/(scheduler/|config/|log/|errors/|pipelines/registry\\.ts$)' },
    },
    {
      name: 'cli-is-an-entry-point',
      comment:
        'the CLI, like functions/, runs pipelines and reads the warehouse; it never fetches, streams or writes the lake itself.',
      severity: 'error',
      from: { path: '^shared/cli/', pathNot: notTestFile },
      to: { path: '^shared/(sources|lake|stream|events|http)/' },
    },
    {
      name: 'nothing-in-shared-imports-cli-or-scheduler',
      comment: 'the CLI and the scheduler are the top of shared/ (only the CLI may use the scheduler).',
      severity: 'error',
      from: { path: '^shared/', pathNot: `(${notTestFile})|^shared/(cli|scheduler)/` },
      to: { path: '^shared/(cli|scheduler)/' },
    },
    {
      name: 'cdktf-reads-pure-data-only',
      comment:
        'synth must never load kafkajs or DuckDB: cdktf sees the registry, the table definitions, schemas and the config schema (zod only), which checks the deploy config as the runtime will; and the retry loop of shared/http (retry.ts imports only errors/: no client, no socket), which the deploy preflight reuses rather than copies.',
      severity: 'error',
      from: { path: '^cdktf/', pathNot: notTestFile },
      to: {
        path: '^shared/',
        pathNot:
          '^shared/(pipelines/registry\\.ts|warehouse/tables\\.ts|warehouse/types\\.ts|schemas/|config/(schema|settings|secret|load)\\.ts|errors/|http/retry\\.ts$)',
      },
    },
    {
      name: 'cdktf-loads-no-heavy-clients',
      severity: 'error',
      from: { path: '^cdktf/' },
      to: { path: 'node_modules/(kafkajs|@duckdb|@google-cloud/(bigquery|storage|pubsub))/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|cdktf\\.out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
