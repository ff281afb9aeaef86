/**
 * CPU time of processes on this machine (Linux /proc), so the bench can say where time goes: CPU
 * ms per 1000 articles for each process, which holds even when other work shares the cores.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux the bench targets). */
const TICKS_PER_S = 100;

/** utime + stime of `pid` (all its threads), ms; undefined when it is gone or /proc is absent. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) end with ')'; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_S;
  } catch {
    return undefined;
  }
}

/** The first process whose command line contains `needle`, or undefined. */
export function findPid(needle: string): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** CPU ms of several processes, read together: `delta()` gives the ms used since `start`. */
export function cpuMeter(pids: Record<string, number | undefined>): { delta(): Record<string, number> } {
  const read = () =>
    Object.fromEntries(
      Object.entries(pids).map(([name, pid]) => [
        name,
        pid === undefined ? Number.NaN : (processCpuMs(pid) ?? Number.NaN),
      ]),
    );
  const start = read();
  return {
    delta: () => {
      const now = read();
      return Object.fromEntries(Object.keys(pids).map((name) => [name, now[name]! - start[name]!]));
    },
  };
}
