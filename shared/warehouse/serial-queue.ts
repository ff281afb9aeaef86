/**
 * Runs tasks one at a time in submission order. DuckDB's one connection runs one statement at a
 * time and a MERGE spans several statements in one transaction; BigQuery aborts concurrent DML on
 * one table ("concurrent update"), so each backend funnels its writes through a queue. A failed
 * task does not stop the ones behind it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task submitted before it has settled; resolves or rejects with its result. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
