/**
 * The clock every bench times its steps with: CPU time of this process (user + system, every
 * thread), which holds even when other work shares the cores.
 */

/** CPU seconds of this process so far. */
export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
