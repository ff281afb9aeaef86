/**
 * Pure builders for the object keys of the lake layout (docs/architecture.md, "The lake") (identical in a bucket and a
 * directory). Deterministic names are what make reruns overwrite instead of duplicating: the same
 * run id and sequence number, or the same Kafka offset range, always give the same key.
 *
 *   raw/<source>/dt=YYYY-MM-DD/<run_id>-<n>.jsonl.gz
 *   clean/<table>/dt=YYYY-MM-DD/<run_id>-<n>.parquet
 *   quarantine/<source>/dt=YYYY-MM-DD/<run_id>.jsonl
 *   stream/<topic>/dt=YYYY-MM-DD/hour=HH/<partition>-<firstOffset>-<lastOffset>.jsonl.gz
 *
 * Every builder validates its input and throws LakeKeyError (terminal) on a bad one.
 */
import { LakeKeyError } from './errors';

/** The four top-level areas of the lake. */
export type LakeLayer = 'raw' | 'clean' | 'quarantine' | 'stream';

/** A calendar day: 'YYYY-MM-DD', or a Date read in UTC. */
export type DayInput = string | Date;

/** A Kafka offset or partition: kafkajs hands offsets over as decimal strings. */
export type OffsetInput = number | bigint | string;

// Source, table, topic and run-id names become one path segment each: no '/', no leading dot.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function fail(what: string, value: unknown, rule: string): never {
  throw new LakeKeyError(String(value), `${what} ${rule}`);
}

function safeName(what: string, value: string): string {
  if (typeof value !== 'string' || !SAFE_NAME.test(value)) {
    fail(what, value, 'must be 1-200 characters of letters, digits, _ . - and start with a letter or digit');
  }
  return value;
}

/** Normalises a day to 'YYYY-MM-DD', rejecting impossible dates such as 2024-02-30. */
export function formatDay(dt: DayInput): string {
  if (dt instanceof Date) {
    if (Number.isNaN(dt.getTime())) fail('dt', dt, 'must be a valid Date');
    return dt.toISOString().slice(0, 10);
  }
  const match = typeof dt === 'string' ? DAY.exec(dt) : null;
  if (!match) fail('dt', dt, "must be a 'YYYY-MM-DD' string or a Date");
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    fail('dt', dt, 'is not a calendar date');
  }
  return dt as string;
}

function counter(what: string, value: OffsetInput): bigint {
  const ok =
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) ||
    (typeof value === 'bigint' && value >= 0n) ||
    (typeof value === 'string' && /^(0|[1-9]\d*)$/.test(value));
  if (!ok) fail(what, value, 'must be a non-negative integer (number, bigint or decimal string)');
  return BigInt(value);
}

function hourOf(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 23) fail('hour', value, 'must be an integer 0-23');
  return String(value).padStart(2, '0');
}

/** Raw payloads as received: `raw/<source>/dt=YYYY-MM-DD/<runId>-<n>.jsonl.gz`. `n` counts from 0. */
export function rawKey(input: { source: string; dt: DayInput; runId: string; n: number }): string {
  const n = counter('n', input.n);
  return `raw/${safeName('source', input.source)}/dt=${formatDay(input.dt)}/${safeName('runId', input.runId)}-${n}.jsonl.gz`;
}

/** Validated rows as Parquet: `clean/<table>/dt=YYYY-MM-DD/<runId>-<n>.parquet`. */
export function cleanKey(input: { table: string; dt: DayInput; runId: string; n: number }): string {
  const n = counter('n', input.n);
  return `clean/${safeName('table', input.table)}/dt=${formatDay(input.dt)}/${safeName('runId', input.runId)}-${n}.parquet`;
}

/** Rejected records with reasons, one file per run: `quarantine/<source>/dt=YYYY-MM-DD/<runId>.jsonl`. */
export function quarantineKey(input: { source: string; dt: DayInput; runId: string }): string {
  return `quarantine/${safeName('source', input.source)}/dt=${formatDay(input.dt)}/${safeName('runId', input.runId)}.jsonl`;
}

/**
 * Stream sink files named by their offset range, so a redelivered batch overwrites itself:
 * `stream/<topic>/dt=YYYY-MM-DD/hour=HH/<partition>-<firstOffset>-<lastOffset>.jsonl.gz`.
 * Requires firstOffset <= lastOffset (both inclusive).
 */
export function streamKey(input: {
  topic: string;
  dt: DayInput;
  hour: number;
  partition: OffsetInput;
  firstOffset: OffsetInput;
  lastOffset: OffsetInput;
}): string {
  const partition = counter('partition', input.partition);
  const first = counter('firstOffset', input.firstOffset);
  const last = counter('lastOffset', input.lastOffset);
  if (first > last) fail('firstOffset', `${first}>${last}`, 'must not be greater than lastOffset');
  return `stream/${safeName('topic', input.topic)}/dt=${formatDay(input.dt)}/hour=${hourOf(input.hour)}/${partition}-${first}-${last}.jsonl.gz`;
}

/**
 * The folder of one partition, for `lake.list`: `<layer>/<name>/` plus `dt=YYYY-MM-DD/` when a day
 * is given and `hour=HH/` when an hour is given too (stream layer only).
 */
export function partitionPrefix(input: { layer: LakeLayer; name: string; dt?: DayInput; hour?: number }): string {
  let prefix = `${input.layer}/${safeName('name', input.name)}/`;
  if (input.dt !== undefined) prefix += `dt=${formatDay(input.dt)}/`;
  if (input.hour !== undefined) {
    if (input.dt === undefined || input.layer !== 'stream') fail('hour', input.hour, 'needs dt and the stream layer');
    prefix += `hour=${hourOf(input.hour)}/`;
  }
  return prefix;
}

/** The partition a layout key sits in. */
export interface LakePartition {
  layer: LakeLayer;
  /** Source, table or topic. */
  name: string;
  /** 'YYYY-MM-DD'. */
  dt: string;
  /** 0-23, stream keys only. */
  hour?: number;
}

/**
 * Reads layer, name, `dt` and (for stream keys) `hour` back from a key built by this module.
 * Returns undefined for a key outside the layout (other top folder, missing or malformed dt/hour),
 * so it can be applied to whatever `list` returns.
 */
export function parsePartition(key: string): LakePartition | undefined {
  const parts = key.split('/');
  const [layer, name, dtPart] = parts;
  if (layer !== 'raw' && layer !== 'clean' && layer !== 'quarantine' && layer !== 'stream') return undefined;
  if (name === undefined || !SAFE_NAME.test(name) || !dtPart?.startsWith('dt=')) return undefined;
  const dt = dtPart.slice(3);
  try {
    formatDay(dt);
  } catch {
    return undefined;
  }
  if (layer !== 'stream') return parts.length === 4 && parts[3] !== '' ? { layer, name, dt } : undefined;
  const hourMatch = /^hour=(\d{2})$/.exec(parts[3] ?? '');
  const hour = hourMatch ? Number(hourMatch[1]) : NaN;
  if (!(hour >= 0 && hour <= 23) || parts.length !== 5 || parts[4] === '') return undefined;
  return { layer, name, dt, hour };
}
