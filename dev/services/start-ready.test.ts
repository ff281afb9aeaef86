import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startReady } from './start-ready';

// Real child processes (node itself) stand in for a stand-in that dies or never becomes ready.
describe('startReady', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-ready-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('rejects with the exit reason and the log tail when the process exits before it is ready', async () => {
    const logFile = path.join(dir, 'dies.log');
    const start = startReady(
      {
        name: 'dying service',
        command: process.execPath,
        args: ['-e', 'console.error("bind: address already in use"); process.exit(3)'],
        logFile,
      },
      { probe: async () => false, timeoutMs: 30_000, intervalMs: 20 },
    );
    await expect(start).rejects.toThrow(/dying service exited early with code 3[\s\S]*bind: address already in use/);
  });

  it('kills the process and reports the deadline and log tail when it never becomes ready', async () => {
    const logFile = path.join(dir, 'hangs.log');
    let pid = 0;
    const start = startReady(
      {
        name: 'hanging service',
        command: process.execPath,
        args: ['-e', 'console.log("pid " + process.pid); setInterval(() => {}, 1000)'],
        logFile,
      },
      {
        probe: async () => {
          pid ||= Number(/pid (\d+)/.exec(fs.readFileSync(logFile, 'utf8'))?.[1] ?? 0);
          return false;
        },
        timeoutMs: 500,
        intervalMs: 20,
      },
    );
    await expect(start).rejects.toThrow(/hanging service not ready after 500 ms; killed it[\s\S]*pid \d+/);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });

  it('resolves with a running process once the probe passes, and stop() ends it', async () => {
    const logFile = path.join(dir, 'ok.log');
    let calls = 0;
    const proc = await startReady(
      { name: 'fine service', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], logFile },
      { probe: async () => ++calls >= 3, timeoutMs: 10_000, intervalMs: 10 },
    );
    expect(proc.exitReason()).toBeUndefined();
    await proc.stop();
    expect(proc.exitReason()).toBe('signal SIGTERM');
    expect(calls).toBe(3);
  });
});
