/**
 * Start, the run loop's first step: resolve the request, ensure the tables, load the cursors, plan
 * the slices, learn which of a backfill's slices are already done, and write the ledger's
 * `running` row. Words as in [the run loop's glossary](../../../docs/architecture.md#the-run-loops-words).
 */
import { backfillSlices, pipelineCursors } from '../../warehouse/pipeline-tables';
import type { TableDef } from '../../warehouse/types';
import { createBackfillStore } from './backfill-store';
import { CursorKeeper } from './cursor-keeper';
import { createCursorStore } from './cursor-store';
import { registryBudget } from './run-budget';
import { createRunLedger, ledgerTable } from './run-ledger';
import { createRunState, type RunState } from './run-state';
import type { PipelineDefinition, RunDeps, RunRequest } from './types';

/** A run id: `<pipeline>-<yyyymmddThhmmss>-<6 random>`, a valid lake name segment. */
export function defaultRunId(pipeline: string, at: Date, random: () => number = Math.random): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${pipeline}-${stamp}-${random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}

/** The backfill identity of a resolved request: the caller's, else `<from>_<to>`. */
export function backfillIdOf(request: RunRequest): string | undefined {
  if (request.mode !== 'backfill') return undefined;
  return request.backfillId ?? `${request.from ?? 'start'}_${request.to ?? 'today'}`;
}

/** The scopes of `slices`, each once, sorted. */
export function scopesOf(slices: readonly { scope: string }[]): string[] {
  return [...new Set(slices.map((s) => s.scope))].sort();
}

function uniqueTables(defs: readonly TableDef[]): TableDef[] {
  const byName = new Map<string, TableDef>();
  for (const def of defs) if (!byName.has(def.name)) byName.set(def.name, def);
  return [...byName.values()];
}

/**
 * Starts a run of `definition` for `input`: everything before the first slice.
 * @throws what the warehouse throws when the tables, cursors, backfill marks or ledger cannot be
 *   reached (nothing ran then).
 */
export async function startRun<Cursor, Row, Clean extends Row>(
  definition: PipelineDefinition<Cursor, Row, Clean>,
  input: RunRequest,
  deps: RunDeps,
): Promise<RunState<Cursor, Row, Clean>> {
  const { warehouse } = deps;
  const started = deps.now();
  const today = definition.today(started);
  const request = definition.resolve(input, today);
  const runId = request.runId ?? deps.newRunId?.() ?? defaultRunId(definition.name, started);
  const backfillId = backfillIdOf(request);
  const log = deps.log.child({ pipeline: definition.name, runId, mode: request.mode });
  const budget = deps.budget ?? registryBudget(definition.name, started);

  await warehouse.ensureTables(uniqueTables([...definition.tables, ledgerTable, pipelineCursors, backfillSlices]));
  const backfills = createBackfillStore(warehouse, definition.name, deps.now);
  const ledger = createRunLedger(warehouse);
  const cursorStore = createCursorStore<Cursor>(warehouse, definition.name, deps.now);
  const initial = await cursorStore.load();
  const cursors = new CursorKeeper(cursorStore, definition.advance, runId, initial);
  const planned = definition.plan(request, initial, today);
  const done = backfillId === undefined ? new Set<string>() : await backfills.done(backfillId);
  const cursorBefore = Object.fromEntries(
    scopesOf(planned)
      .filter((s) => initial.has(s))
      .map((s) => [s, initial.get(s)]),
  );
  const startedAt = started.toISOString();
  await ledger.start({
    runId,
    pipeline: definition.name,
    trigger: request.trigger,
    mode: request.mode,
    startedAt,
    cursorBefore,
  });
  log.info('run started', { slices: planned.length, alreadyDone: done.size, backfillId, budgetS: budget?.seconds });
  const runDay = started.toISOString().slice(0, 10);
  return createRunState({
    definition,
    deps,
    request,
    runId,
    backfillId,
    log,
    today,
    startedAt,
    budget,
    initial,
    planned,
    done,
    cursorBefore,
    cursors,
    backfills,
    ledger,
    runDay,
  });
}
