import { parseConsumerPerf, parseProducerPerf } from './kafka-perf';
import { cpuBudget, ratioBound, percentile, resultLine } from './stats';

describe('stream bench helpers', () => {
  it('reads the summary of ProducerPerformance', () => {
    const stdout =
      '45001 records sent, 9000.2 records/sec (7.50 MB/sec), 3.1 ms avg latency, 210.0 ms max latency.\n200000 records sent, 60827.250608 records/sec (50.70 MB/sec), 312.45 ms avg latency, 701.00 ms max latency, 290 ms 50th, 620 ms 95th, 680 ms 99th, 699 ms 99.9th.\n';
    expect(parseProducerPerf(stdout)).toBeCloseTo(60827.25, 2);
    expect(() => parseProducerPerf('nothing here')).toThrow(/ProducerPerformance/);
  });

  it('reads fetch.nMsg.sec from ConsumerPerformance', () => {
    const stdout =
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n2026-11-24 10:29:40:123, 2026-11-24 10:29:43:456, 166.7, 50.0, 200000, 60000.0, 2600, 731, 228.0, 273598.0\n';
    expect(parseConsumerPerf(stdout)).toBe(273598);
    expect(() => parseConsumerPerf('start.time, end.time\n')).toThrow(/ConsumerPerformance/);
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([percentile(values, 50), percentile(values, 99), percentile(values, 100)]).toEqual([50, 99, 100]);
    expect(percentile([], 50)).toBeNaN();
  });

  it('prints the RESULT line in the promised shape', () => {
    expect(resultLine({ msgsPerS: 7855.4, brokerMsgsPerS: 67363, p50Ms: 51, p99Ms: 113.2, lost: 0, dup: 0 })).toBe(
      'RESULT stream msgs_per_s=7855 broker_msgs_per_s=67363 ratio=0.117 p50_ms=51 p99_ms=113 lost=0 dup=0',
    );
  });

  it('splits the CPU budget of a ratio target into the fixed part and what is left for our work', () => {
    const cost = { wsServer: 12, broker: 10, streamer: 60, sink: 70, clientProduce: 15, clientConsume: 5 };
    const budget = cpuBudget(cost, 80_000, 2);
    // 40k articles/s on 2 cores: 2,000,000 ms of CPU per 40,000 s-articles = 50 ms per 1000.
    expect(budget.targetMsgsPerS).toBe(40_000);
    expect(budget.budgetMsPer1000).toBe(50);
    expect(budget.fixedMsPer1000).toBe(42);
    expect(budget.leftMsPer1000).toBe(8);
    expect(budget.oursMsPer1000).toBe(110);
    // 152 ms per 1000 on 2 cores: at most 13,158 articles/s, 0.164 of 80k.
    expect(budget.cpuBoundRatio).toBeCloseTo(2e6 / 152 / 80_000, 6);
  });

  it('bounds the ratio by the CPU one article costs on the cores there are', () => {
    // 61 ms per 1000 on 2 cores: at most 32,787 articles/s, 0.5 of 65,574.
    expect(ratioBound(61, 65_574, 2)).toBeCloseTo(2e6 / 61 / 65_574, 12);
    expect(ratioBound(61, 65_574, 4)).toBeCloseTo(2 * ratioBound(61, 65_574, 2), 12);
    expect(ratioBound(0, 65_574, 2)).toBe(Number.POSITIVE_INFINITY);
    expect(ratioBound(61, 0, 2)).toBe(Number.POSITIVE_INFINITY);
  });
});
