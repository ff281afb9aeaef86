/**
 * What the preflight found, one line per fact, and how it is printed: every blocker first, each
 * with the command that fixes it, so one run of `make preflight` lists everything to do.
 */

/** `blocker` stops the deploy; `warning` does not but deserves a look; `info` and `ok` are facts. */
export type Severity = 'blocker' | 'warning' | 'info' | 'ok';

/** The preflight's checks, in the order they are reported within a severity. */
export const CHECKS = [
  'credentials',
  'project',
  'billing',
  'apis',
  'state-bucket',
  'tools',
  'secrets',
  'image',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** One fact. `fix` is a command (or a short instruction) that removes a blocker or warning. */
export interface Finding {
  readonly check: CheckName;
  readonly severity: Severity;
  readonly message: string;
  readonly fix?: string;
}

/** The findings that stop the deploy. */
export function blockersOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'blocker');
}

const ORDER: Record<Severity, number> = { blocker: 0, warning: 1, info: 2, ok: 3 };
const LABEL: Record<Severity, string> = { blocker: 'BLOCK', warning: 'WARN ', info: 'info ', ok: 'ok   ' };

/**
 * The report: a headline (`<n> blocking, <n> warnings`) then every finding, blockers first, each
 * fix on the line below it. Pure; holds no secret (findings never carry a value).
 */
export function formatReport(projectId: string, findings: readonly Finding[]): string {
  const sorted = [...findings].sort(
    (a, b) => ORDER[a.severity] - ORDER[b.severity] || CHECKS.indexOf(a.check) - CHECKS.indexOf(b.check),
  );
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const blocking = count('blocker');
  const warnings = count('warning');
  const headline = `Preflight of project ${projectId}: ${blocking === 0 ? 'nothing blocks the deploy' : `${blocking} blocking`}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  const width = Math.max(...CHECKS.map((c) => c.length));
  const lines = sorted.flatMap((f) => [
    `  ${LABEL[f.severity]}  ${f.check.padEnd(width)}  ${f.message}`,
    ...(f.fix === undefined ? [] : [`  ${' '.repeat(5)}  ${' '.repeat(width)}  fix: ${f.fix}`]),
  ]);
  return [headline, ...lines, ''].join('\n');
}
