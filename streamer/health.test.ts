import { startHealthServer, type StreamerHealth } from './health';

const base: StreamerHealth = {
  connected: true,
  lastMessageAt: null,
  lagMs: null,
  published: 3,
  dlq: 1,
  duplicates: 0,
  pending: 0,
  disconnectedForMs: 0,
  catchingUp: false,
  fatal: null,
  healthy: true,
};

it('answers /healthz with 200 when healthy, 503 when not, 404 elsewhere; bound to 127.0.0.1', async () => {
  let health = base;
  const server = await startHealthServer({ host: '127.0.0.1', port: 0, snapshot: () => health });
  try {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ok = await fetch(`${server.url}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(base);
    health = { ...base, connected: false, disconnectedForMs: 999_999, healthy: false };
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ connected: false, healthy: false });
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  } finally {
    await server.close();
  }
});
