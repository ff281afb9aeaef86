import { ConfigError } from '../errors';
import { PIPELINES } from '../pipelines/registry';
import { compileSchedule, nextFireTimes } from './next-fire';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const ny = (cron: string) => ({ cron, timeZone: 'America/New_York' });

describe('nextFireTimes: cron in an IANA time zone', () => {
  it('keeps 22:30 New York across the spring-forward change (UTC moves from 03:30 to 02:30)', () => {
    // Friday 2024-03-08 22:30 EST = 03:30Z; DST starts Sunday 03-10; Monday 22:30 EDT = 02:30Z.
    expect(iso(nextFireTimes(ny('30 22 * * 1-5'), new Date('2024-03-07T12:00:00Z'), 3))).toEqual([
      '2024-03-08T03:30:00.000Z', // Thursday 03-07 22:30 EST
      '2024-03-09T03:30:00.000Z', // Friday 03-08 22:30 EST
      '2024-03-12T02:30:00.000Z', // Monday 03-11 22:30 EDT (weekend skipped)
    ]);
  });

  it('keeps 22:30 New York across the fall-back change (UTC moves from 02:30 to 03:30)', () => {
    expect(iso(nextFireTimes(ny('30 22 * * 1-5'), new Date('2024-11-01T12:00:00Z'), 2))).toEqual([
      '2024-11-02T02:30:00.000Z', // Friday 11-01 22:30 EDT
      '2024-11-05T03:30:00.000Z', // Monday 11-04 22:30 EST
    ]);
  });

  it('fires a wall time inside the spring-forward gap once, right after the gap', () => {
    // 02:30 does not exist on 2024-03-10 in New York; the run happens at 03:00 EDT (07:00Z).
    expect(iso(nextFireTimes(ny('30 2 * * *'), new Date('2024-03-09T12:00:00Z'), 3))).toEqual([
      '2024-03-10T07:00:00.000Z',
      '2024-03-11T06:30:00.000Z',
      '2024-03-12T06:30:00.000Z',
    ]);
  });

  it('fires a wall time that occurs twice at fall-back only once (the first, EDT)', () => {
    expect(iso(nextFireTimes(ny('30 1 * * *'), new Date('2024-11-02T12:00:00Z'), 2))).toEqual([
      '2024-11-03T05:30:00.000Z', // 01:30 EDT; 01:30 EST (06:30Z) does not fire again
      '2024-11-04T06:30:00.000Z',
    ]);
  });

  it('gives a different instant for the same cron in another zone', () => {
    expect(
      iso(nextFireTimes({ cron: '0 9 * * *', timeZone: 'Europe/London' }, new Date('2024-03-30T12:00:00Z'), 2)),
    ).toEqual([
      '2024-03-31T08:00:00.000Z', // BST starts 03-31 01:00 UTC: 09:00 BST
      '2024-04-01T08:00:00.000Z',
    ]);
  });

  it('returns strictly later instants, so a fire time searched from itself moves on', () => {
    const [first] = nextFireTimes(ny('* * * * *'), new Date('2024-06-03T14:00:00.000Z'), 1);
    expect(first?.toISOString()).toBe('2024-06-03T14:01:00.000Z');
  });

  it('reads day-of-month and day-of-week with OR, as Vixie cron and Cloud Scheduler do', () => {
    // The 1st of the month OR any Monday: 2024-06-01 is a Saturday, 06-03 a Monday.
    expect(iso(nextFireTimes({ cron: '0 12 1 * 1', timeZone: 'UTC' }, new Date('2024-05-31T13:00:00Z'), 2))).toEqual([
      '2024-06-01T12:00:00.000Z',
      '2024-06-03T12:00:00.000Z',
    ]);
  });

  it('compiles every schedule of the real registry', () => {
    for (const entry of PIPELINES) {
      if (entry.schedule)
        expect(compileSchedule(entry.schedule, entry.name).nextAfter(new Date('2024-01-01T00:00:00Z'))).toBeInstanceOf(
          Date,
        );
    }
  });

  it.each([
    [{ cron: '30 22 * * 1-5', timeZone: 'America/Nowhere' }, /unknown time zone "America\/Nowhere"/],
    [{ cron: '0 30 22 * * 1-5', timeZone: 'UTC' }, /must have five fields/],
    [{ cron: '61 * * * *', timeZone: 'UTC' }, /is invalid/],
  ])('rejects %j with a ConfigError naming the problem', (schedule, message) => {
    expect(() => compileSchedule(schedule, 'bad')).toThrow(ConfigError);
    expect(() => compileSchedule(schedule, 'bad')).toThrow(message);
  });
});
