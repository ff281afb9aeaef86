/**
 * A sleep that can be cut short: `wait(ms)` resolves after `ms` or at the next `wake()`, whichever
 * comes first. The file log's consumers sleep on it between polls and its producers wake them, so a
 * message appended in this process is delivered at once and one appended by another process within
 * one poll interval.
 */
export class Waker {
  private sleepers = new Set<() => void>();

  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  wake(): void {
    for (const done of [...this.sleepers]) done();
  }
}
