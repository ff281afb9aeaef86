/**
 * The real command runner: spawns the program with the deploy's environment plus the step's
 * variables, output straight to this terminal (Terraform's plan, Cloud Build's link), and resolves
 * to its exit code (128 + signal number when a signal ended it, as a shell reports it).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { CommandRunner } from './execute';

/** A runner whose children inherit `baseEnv` (main.ts passes its own environment). */
export function spawnRunner(baseEnv: Readonly<Record<string, string | undefined>>): CommandRunner {
  return (command, cwd) =>
    new Promise((resolve, reject) => {
      const child = spawn(command.program, [...command.args], {
        cwd,
        env: { ...baseEnv, ...command.env },
        stdio: 'inherit',
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        resolve(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0)));
      });
    });
}
