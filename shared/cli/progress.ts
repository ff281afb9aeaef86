/**
 * The backfill progress bar (cli-progress) fed by the run loop's `onProgress`: slices done of
 * slices known (the total grows when a split plans a re-fetch), valid records so far, and an ETA
 * from the recent slice rate. On stderr, so `--json` output on stdout stays parseable; on a
 * terminal it redraws in place, elsewhere (CI, a pipe) it prints a line per second and at the end.
 */
import { SingleBar } from 'cli-progress';
import type { RunProgress } from '../pipelines/loop/types';
import type { CliStream } from './context';

/** What a run reports progress to. */
export interface ProgressView {
  update(progress: RunProgress): void;
  /** Draws the final state and releases the timer; safe to call twice or before any update. */
  stop(): void;
}

/** A bar for `label` drawn on `stream`. */
export function createProgressBar(stream: CliStream, label: string): ProgressView {
  const tty = stream.isTTY === true;
  const bar = new SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: `${label} [{bar}] {percentage}% | {value}/{total} slices | {valid} valid | {failed} failed | ETA {eta_formatted} | {last}`,
    barCompleteChar: '#',
    barIncompleteChar: '-',
    // No hidden cursor and no SIGINT hook: Ctrl-C must still end the process and leave the terminal sane.
    hideCursor: false,
    noTTYOutput: !tty,
    notTTYSchedule: 1000,
    etaBuffer: 20,
    fps: 10,
  });
  let started = false;
  let failed = 0;
  return {
    update(progress) {
      if (progress.report.status === 'failed') failed += 1;
      const payload = { valid: progress.valid, failed, last: `${progress.report.id} ${progress.report.status}` };
      if (!started) {
        started = true;
        bar.start(progress.total, progress.done, payload);
        return;
      }
      bar.setTotal(progress.total);
      bar.update(progress.done, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
