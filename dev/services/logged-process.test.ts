import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnLogged } from './logged-process';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('spawnLogged', () => {
  const logFile = path.join(os.tmpdir(), `logged-process-${process.pid}.log`);

  it('watches a dozen children through one exit listener', async () => {
    const before = process.listenerCount('exit');
    const children = Array.from({ length: 12 }, (_, i) =>
      spawnLogged({ name: `sleeper ${i}`, command: 'sleep', args: ['30'], logFile }),
    );
    try {
      expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all(children.map((child) => child.stop('SIGTERM', 5_000)));
    }
    expect(children.every((child) => child.exitReason() !== undefined)).toBe(true);
  });

  it('SIGKILLs its children when Node exits', () => {
    const script = `const { spawnLogged } = require(${JSON.stringify(path.join(__dirname, 'logged-process.ts'))});
      const child = spawnLogged({ name: 'orphan', command: 'sleep', args: ['60'], logFile: ${JSON.stringify(logFile)} });
      process.stdout.write(String(child.pid), () => process.exit(0));`;
    const pid = Number(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }));
    expect(pid).toBeGreaterThan(0);
    // The kill is sent from the exit listener; the kernel reaps the sleeper a moment later.
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.05']);
    expect(alive(pid)).toBe(false);
  });
});
