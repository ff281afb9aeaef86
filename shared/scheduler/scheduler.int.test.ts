/**
 * The local scheduler against real HTTP servers on 127.0.0.1: it fires on the registry's schedule
 * with Cloud Scheduler's request, never overlaps a slow run (skipped ticks are logged), retries
 * per policy, and stops cleanly. Schedule time runs faster than real time (scaledClock).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../log';
import type { PipelineEntry } from '../pipelines/registry';
import { scaledClock } from './clock';
import { createLocalScheduler, type LocalScheduler, type SchedulerEvent } from './scheduler';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A function stand-in: records requests, answers after `delayMs` with the next status of `statuses`. */
async function startTarget(options: { delayMs?: number; statuses?: number[] } = {}) {
  const received: Received[] = [];
  const state = { active: 0, maxActive: 0, completed: 0 };
  const statuses = [...(options.statuses ?? [])];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    state.active += 1;
    state.maxActive = Math.max(state.maxActive, state.active);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const timer = setTimeout(() => {
        timers.delete(timer);
        const status = statuses.shift() ?? 200;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: status === 200 ? 'succeeded' : 'failed' }));
        state.active -= 1;
        state.completed += 1;
      }, options.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const stop = () =>
    new Promise<void>(
      (resolve) => (timers.forEach(clearTimeout), server.closeAllConnections(), server.close(() => resolve())),
    );
  return { url, received, state, stop };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'debug',
    format: 'json',
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { log, lines };
}

const everyMinute = (name: string): PipelineEntry => ({
  name,
  description: 'test pipeline',
  source: 'test',
  schedule: { cron: '* * * * *', timeZone: 'America/New_York' },
  function: { entryPoint: name, folder: `functions/${name}`, memoryMb: 256, timeoutS: 60 },
  tables: [],
});

describe('local scheduler (real HTTP targets)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = (scheduler: LocalScheduler) => (cleanups.push(() => scheduler.stop({ timeoutMs: 1000 })), scheduler);

  it("fires the real registry's prices schedule with Cloud Scheduler's request", async () => {
    const target = await startTarget();
    cleanups.push(target.stop);
    const { log } = capture();
    // Monday 2024-06-03 22:29 New York; prices fires at 22:30 (02:30Z). 50x: 60 s of schedule = 1.2 s.
    const clock = scaledClock({ speed: 50, startAt: new Date('2024-06-04T02:29:00Z') });
    const scheduler = track(createLocalScheduler({ targets: { prices: target.url }, log, clock }));
    scheduler.start();
    expect(scheduler.nextFireTime('prices')?.toISOString()).toBe('2024-06-04T02:30:00.000Z');

    await waitFor('the first scheduled call', () => target.received.length >= 1);
    const [call] = target.received;
    expect(call?.method).toBe('POST');
    expect(call?.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Google-Cloud-Scheduler',
      'x-cloudscheduler': 'true',
      'x-cloudscheduler-jobname': 'prices',
      'x-cloudscheduler-scheduletime': '2024-06-04T02:30:00.000Z',
    });
    expect(JSON.parse(call?.body ?? '')).toEqual({ mode: 'incremental' });
    // Next: Tuesday 22:30 New York.
    await waitFor(
      'the next tick to be armed',
      () => scheduler.nextFireTime('prices')?.toISOString() === '2024-06-05T02:30:00.000Z',
    );
  });

  it('fires every tick of a per-minute schedule, with each tick as its schedule time', async () => {
    const target = await startTarget();
    cleanups.push(target.stop);
    const { log } = capture();
    // 600x: a schedule minute every 100 ms of real time.
    const clock = scaledClock({ speed: 600, startAt: new Date('2024-06-03T14:00:30Z') });
    const scheduler = track(
      createLocalScheduler({ targets: { fast: target.url }, pipelines: [everyMinute('fast')], log, clock }),
    );
    scheduler.start();
    await waitFor('three calls', () => target.received.length >= 3);
    // Whole schedule minutes one apart (the first is 14:01 unless start-up took over 50 ms).
    const times = target.received
      .slice(0, 3)
      .map((r) => Date.parse(String(r.headers['x-cloudscheduler-scheduletime'])));
    expect(times.map((t) => t % 60_000)).toEqual([0, 0, 0]);
    expect([times[1]! - times[0]!, times[2]! - times[1]!]).toEqual([60_000, 60_000]);
    expect(times[0]).toBeGreaterThanOrEqual(Date.parse('2024-06-03T14:01:00Z'));
  });

  it('never overlaps a slow run: ticks that find it going are skipped and logged', async () => {
    // Each run takes 450 ms of real time; a tick comes every 100 ms.
    const target = await startTarget({ delayMs: 450 });
    cleanups.push(target.stop);
    const { log, lines } = capture();
    const events: SchedulerEvent[] = [];
    const clock = scaledClock({ speed: 600, startAt: new Date('2024-06-03T14:00:50Z') });
    const scheduler = track(
      createLocalScheduler({
        targets: { slow: target.url },
        pipelines: [everyMinute('slow')],
        log,
        clock,
        onEvent: (e) => events.push(e),
      }),
    );
    scheduler.start();
    await waitFor('three finished runs', () => target.state.completed >= 3);
    const { abandoned } = await scheduler.stop({ timeoutMs: 5000 });

    expect(abandoned).toEqual([]);
    expect(target.state.maxActive).toBe(1);
    expect(target.state.active).toBe(0); // stop() waited for the run in flight
    const skipped = events.filter((e) => e.kind === 'skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(4);
    const skipLines = lines.filter((l) => l.message === 'tick skipped: the previous run is still going');
    expect(skipLines).toHaveLength(skipped.length);
    expect(skipLines[0]).toMatchObject({ severity: 'WARNING', pipeline: 'slow', component: 'scheduler' });
    // Started and finished alternate strictly: no second start before the first finish.
    const sequence = events.filter((e) => e.kind === 'started' || e.kind === 'finished').map((e) => e.kind);
    sequence.forEach((kind, i) => expect(kind).toBe(i % 2 === 0 ? 'started' : 'finished'));
    // A skipped tick is dropped, not queued: every call carries a distinct schedule time.
    const times = target.received.map((r) => r.headers['x-cloudscheduler-scheduletime']);
    expect(new Set(times).size).toBe(times.length);
    expect(skipped.map((e) => e.scheduleTime).filter((t) => times.includes(t))).toEqual([]);
  });

  it('runs the runOnStart call at once with its own body, and skips ticks while it runs', async () => {
    const target = await startTarget({ delayMs: 300 });
    cleanups.push(target.stop);
    const { log } = capture();
    const events: SchedulerEvent[] = [];
    const clock = scaledClock({ speed: 600, startAt: new Date('2024-06-03T14:00:55Z') });
    const backfill = { mode: 'backfill', from: '2024-01-01', to: '2024-03-31' };
    const scheduler = track(
      createLocalScheduler({
        targets: { fast: target.url },
        pipelines: [everyMinute('fast')],
        log,
        clock,
        runOnStart: { fast: { body: backfill } },
        onEvent: (e) => events.push(e),
      }),
    );
    scheduler.start();
    await waitFor('the backfill and one scheduled call', () => target.state.completed >= 2);
    expect(JSON.parse(target.received[0]?.body ?? '')).toEqual(backfill);
    expect(JSON.parse(target.received[1]?.body ?? '')).toEqual({ mode: 'incremental' });
    expect(events[0]).toMatchObject({ kind: 'started', onStart: true });
    expect(events.some((e) => e.kind === 'skipped')).toBe(true);
    expect(target.state.maxActive).toBe(1);
  });

  it('retries a failed call per the retry policy, with the same schedule time', async () => {
    const target = await startTarget({ statuses: [500, 503, 200] });
    cleanups.push(target.stop);
    const { log } = capture();
    const events: SchedulerEvent[] = [];
    const clock = scaledClock({ speed: 600, startAt: new Date('2024-06-03T14:00:30Z') });
    const scheduler = track(
      createLocalScheduler({
        targets: { fast: target.url },
        pipelines: [everyMinute('fast')],
        log,
        clock,
        retry: { retryCount: 3, minBackoffMs: 5_000, maxBackoffMs: 20_000, maxDoublings: 2 },
        onEvent: (e) => events.push(e),
      }),
    );
    scheduler.start();
    await waitFor('a finished call', () => events.some((e) => e.kind === 'finished'));
    const finished = events.find((e) => e.kind === 'finished');
    expect(finished).toMatchObject({ ok: true, status: 200, attempts: 3, runStatus: 'succeeded' });
    expect(events.filter((e) => e.kind === 'retrying').map((e) => (e.kind === 'retrying' ? e.backoffMs : 0))).toEqual([
      5_000, 10_000,
    ]);
    expect(target.received.slice(0, 3).map((r) => r.headers['x-cloudscheduler-scheduletime'])).toEqual(
      Array(3).fill(finished?.scheduleTime),
    );
  });

  it('bounds stop(): a call that never answers is aborted and named', async () => {
    const target = await startTarget({ delayMs: 60_000 });
    cleanups.push(target.stop);
    const { log } = capture();
    const scheduler = createLocalScheduler({
      targets: { fast: target.url },
      pipelines: [everyMinute('fast')],
      log,
      runOnStart: { fast: {} },
    });
    scheduler.start();
    await waitFor('the call to arrive', () => target.received.length === 1);
    const started = Date.now();
    expect(await scheduler.stop({ timeoutMs: 300 })).toEqual({ abandoned: ['fast'] });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(scheduler.running()).toEqual([]);
  });

  it('refuses targets for pipelines the registry does not have, naming the known ones', () => {
    const { log } = capture();
    expect(() => createLocalScheduler({ targets: { nope: 'http://127.0.0.1:1/' }, log })).toThrow(
      /target nope: no such pipeline \(known: prices/,
    );
  });
});
