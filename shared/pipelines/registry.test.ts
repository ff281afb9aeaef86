import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { indicatorOutputColumns } from '../indicators/compute-sql';
import { backfillSlices, pipelineCursors, priceIndicators } from '../warehouse/pipeline-tables';
import { assertValidTableDef } from '../warehouse/table-def';
import { TABLES } from '../warehouse/tables';
import { PIPELINES, pipelineByName } from './registry';
import { ledgerTable } from './loop/run-ledger';

describe('pipeline registry', () => {
  it('is pure data: imports nothing', () => {
    expect(readFileSync(join(__dirname, 'registry.ts'), 'utf8')).not.toMatch(/^\s*import\b/m);
  });

  it('has unique names, valid schedules and only known tables', () => {
    const names = PIPELINES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const known = new Set([...TABLES, pipelineCursors, backfillSlices, priceIndicators].map((t) => t.name));
    for (const entry of PIPELINES) {
      if (entry.schedule) expect(entry.schedule.cron.split(' ')).toHaveLength(5);
      for (const table of entry.tables) expect(known.has(table)).toBe(true);
      expect(entry.function.folder).toBe(`functions/${entry.name}`);
    }
    expect(pipelineByName('prices')?.schedule).toEqual({ cron: '30 22 * * 1-5', timeZone: 'America/New_York' });
    expect(pipelineByName('nope')).toBeUndefined();
  });
});

describe('pipeline tables', () => {
  it('are valid on both backends', () => {
    for (const def of [pipelineCursors, backfillSlices, priceIndicators, ledgerTable])
      expect(assertValidTableDef(def)).toBe(def);
  });

  it('price_indicators has exactly the columns the indicator SQL produces, in order', () => {
    expect(priceIndicators.columns.map((c) => c.name)).toEqual(indicatorOutputColumns());
  });

  it('the ledger keeps every ingestion_runs column and adds the run-loop counters', () => {
    expect(ledgerTable.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['run_id', 'status', 'records_in', 'records_skipped', 'slices_failed', 'error_retriable']),
    );
  });
});
