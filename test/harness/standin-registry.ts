import type { StandIns } from '../../dev/services';

// Global set-up and teardown run in jest's parent process but are loaded as separate modules, so
// the running stand-ins are handed over on globalThis (jest's documented way for these two hooks).
const KEY = Symbol.for('market-data.test.standins');

type Holder = { [KEY]?: StandIns };

/** Remembers the stand-ins global set-up started, for global teardown. */
export function keepStandIns(standIns: StandIns): void {
  (globalThis as Holder)[KEY] = standIns;
}

/** Returns and forgets the stand-ins global set-up started, if any. */
export function takeStandIns(): StandIns | undefined {
  const holder = globalThis as Holder;
  const standIns = holder[KEY];
  delete holder[KEY];
  return standIns;
}
