import { loadConfig } from '../config/load';
import { redactConfig, secretValues } from '../config/redact';
import { Secret } from '../config/secret';
import { AuthError, HttpError } from '../errors';
import { createLogger, type LoggerOptions } from './logger';

const planted = 'pk-PLANTED-5ecret-value';
const fixedNow = () => new Date('2026-01-02T03:04:05.678Z');

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const log = createLogger({
    level: 'debug',
    format: 'json',
    secrets: [planted],
    write: (line) => lines.push(line),
    now: fixedNow,
    ...options,
  });
  return { log, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger: JSON lines for Cloud Logging', () => {
  it('writes severity, message, time and fields', () => {
    const { log, parsed } = capture();
    log.info('run finished', { pipeline: 'prices', rows: 10 });
    expect(parsed()).toEqual([
      { severity: 'INFO', message: 'run finished', time: '2026-01-02T03:04:05.678Z', pipeline: 'prices', rows: 10 },
    ]);
  });

  it.each([
    ['debug', 'DEBUG'],
    ['info', 'INFO'],
    ['warn', 'WARNING'],
    ['error', 'ERROR'],
  ] as const)('maps %s to severity %s', (level, severity) => {
    const { log, parsed } = capture();
    log[level]('x');
    expect(parsed()[0]?.severity).toBe(severity);
  });

  it('drops lines below the configured level', () => {
    const { log, parsed } = capture({ level: 'warn' });
    log.debug('no');
    log.info('no');
    log.warn('yes');
    log.error('yes');
    expect(parsed().map((line) => line.severity)).toEqual(['WARNING', 'ERROR']);
  });

  it('puts trace and labels under the logging.googleapis.com keys, merging labels of children', () => {
    const { log, parsed } = capture({ bindings: { labels: { service: 'functions' } } });
    const child = log.child({
      trace: 'projects/p/traces/abc',
      spanId: '000000000000004a',
      traceSampled: true,
      labels: { pipeline: 'news' },
      runId: 'r1',
    });
    child.info('hello', { severity: 'shadow' });
    expect(parsed()[0]).toEqual({
      severity: 'INFO',
      message: 'hello',
      time: '2026-01-02T03:04:05.678Z',
      'logging.googleapis.com/trace': 'projects/p/traces/abc',
      'logging.googleapis.com/spanId': '000000000000004a',
      'logging.googleapis.com/trace_sampled': true,
      'logging.googleapis.com/labels': { service: 'functions', pipeline: 'news' },
      runId: 'r1',
      severity_: 'shadow',
    });
  });

  it('serialises errors as {name, message, retriable, context, stack}', () => {
    const { log, parsed } = capture();
    const cause = new Error('socket hang up');
    log.error('fetch failed', {
      err: new HttpError('GET /x -> 503', { status: 503, method: 'GET', url: 'http://h/x', cause }),
    });
    const err = parsed()[0]?.err as Record<string, unknown>;
    expect(err).toMatchObject({
      name: 'HttpError',
      message: 'GET /x -> 503',
      retriable: true,
      context: { status: 503, method: 'GET', url: 'http://h/x' },
    });
    expect(err.stack).toEqual(expect.stringContaining('HttpError: GET /x -> 503'));
    expect(err.cause).toMatchObject({ name: 'Error', message: 'socket hang up', retriable: false });
  });

  it('survives cycles, BigInt, Buffers, Maps and odd numbers', () => {
    const { log, parsed } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    log.info('odd', {
      loop,
      big: 10n ** 20n,
      buf: Buffer.from('abc'),
      map: new Map([['a', 1]]),
      nan: Number.NaN,
      when: new Date(0),
    });
    expect(parsed()[0]).toMatchObject({
      loop: { name: 'loop', self: '[Circular]' },
      big: '100000000000000000000',
      buf: '[3 bytes]',
      map: { a: 1 },
      nan: 'NaN',
      when: '1970-01-01T00:00:00.000Z',
    });
  });
});

describe('createLogger: a planted secret never reaches the output', () => {
  const nestedObject = {
    request: { url: `https://api.example/v2?apiKey=${planted}`, attempts: [{ note: `tried ${planted}` }] },
  };
  const cases: [string, (log: ReturnType<typeof capture>['log']) => void][] = [
    ['message', (log) => log.info(`calling with ${planted}`)],
    ['top-level field', (log) => log.info('x', { note: planted })],
    ['nested object and array', (log) => log.info('x', nestedObject)],
    ['URL-encoded in a field', (log) => log.info('x', { url: `https://h/?k=${encodeURIComponent(`${planted}/+`)}` })],
    ['Error message and stack', (log) => log.error('x', { err: new Error(`bad key ${planted}`) })],
    [
      'Error cause and context',
      (log) =>
        log.error('x', {
          err: new AuthError('denied', {
            status: 401,
            method: 'GET',
            url: `http://h/?t=${planted}`,
            cause: new Error(planted),
          }),
        }),
    ],
    ['Secret instance', (log) => log.info('x', { key: new Secret('another-secret-not-planted') })],
    [
      'credential-named fields',
      (log) =>
        log.info('x', {
          headers: { Authorization: 'Bearer another-secret-not-planted', 'x-api-key': 'another-secret-not-planted' },
          password: 'another-secret-not-planted',
          accessToken: 'another-secret-not-planted',
        }),
    ],
    ['child bindings and labels', (log) => log.child({ caller: planted, labels: { who: planted } }).info('x')],
    ['a field name', (log) => log.info('x', { [planted]: 1 })],
  ];

  it.each(cases)('in the %s (json)', (_where, emit) => {
    const { log, lines } = capture();
    emit(log);
    expect(lines).toHaveLength(1);
    expect(lines.join('\n')).not.toContain(planted);
    expect(lines.join('\n')).not.toContain('another-secret-not-planted');
    expect(lines.join('\n')).toContain('[REDACTED]');
  });

  it.each(cases)('in the %s (pretty)', (_where, emit) => {
    const { log, lines } = capture({ format: 'pretty' });
    emit(log);
    expect(lines.join('\n')).not.toContain(planted);
    expect(lines.join('\n')).not.toContain('another-secret-not-planted');
  });

  it('keeps non-credential keys readable (lake object keys, message keys)', () => {
    const { log, parsed } = capture();
    log.info('wrote', { objectKey: 'raw/prices/dt=2026-01-02/r1-0.jsonl.gz', key: 'AAPL', keys: ['ticker', 'date'] });
    expect(parsed()[0]).toMatchObject({
      objectKey: 'raw/prices/dt=2026-01-02/r1-0.jsonl.gz',
      key: 'AAPL',
      keys: ['ticker', 'date'],
    });
  });
});

describe('createLogger: pretty lines for terminals', () => {
  it('prints time, severity, message and key=value fields on one line, stacks below', () => {
    const { log, lines } = capture({ format: 'pretty' });
    log.child({ pipeline: 'prices' }).warn('slow page', { durationMs: 812, note: 'two words', err: new Error('boom') });
    const [first, ...rest] = (lines[0] ?? '').split('\n');
    expect(first).toMatch(
      /^2026-01-02T03:04:05\.678Z WARNING slow page pipeline=prices durationMs=812 note="two words" err=\{"name":"Error","message":"boom"/,
    );
    expect(rest[0]).toBe('    Error: boom');
    expect(() => JSON.parse(lines[0] ?? '')).toThrow();
  });

  it('auto picks pretty on a TTY and JSON otherwise', () => {
    const tty = capture({ format: 'auto', isTty: true });
    const pipe = capture({ format: 'auto', isTty: false });
    tty.log.info('x');
    pipe.log.info('x');
    expect(tty.lines[0]).toMatch(/^2026-01-02T03:04:05\.678Z INFO/);
    expect(JSON.parse(pipe.lines[0] ?? '')).toMatchObject({ severity: 'INFO' });
  });
});

describe('config secrets end to end', () => {
  it('a key loaded from the environment never reaches captured log output', () => {
    const key = 'polygon-live-key-0123456789';
    const config = loadConfig({
      POLYGON_API_KEY: key,
      PRODUCT_HUNT_TOKEN: 'ph-token-abcdef',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
    });
    const lines: string[] = [];
    const log = createLogger({ ...config.log, secrets: secretValues(config), write: (line) => lines.push(line) });
    log.info('config loaded', { config });
    log.info('config printable', { config: redactConfig(config) });
    log.error('provider refused', {
      err: new Error(`GET https://api.polygon.io/v2/aggs?apiKey=${config.polygon.apiKey?.reveal()} -> 403`),
    });
    log.debug(`header was Bearer ${config.productHunt.token?.reveal()}`);
    expect(lines).toHaveLength(4);
    const output = lines.join('\n');
    expect(output).not.toContain(key);
    expect(output).not.toContain('ph-token-abcdef');
    expect(JSON.parse(lines[0]!).config.polygon.apiKey).toBe('[REDACTED]');
  });
});
