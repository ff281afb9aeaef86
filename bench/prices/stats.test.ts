import { topSelfTime } from './cpu-profile';
import { benchPlan, requestKey } from './plan';
import {
  benchTickers,
  floorBudget,
  floorCpuBound,
  kbToMb,
  parseBenchOptions,
  perSecond,
  ratio,
  resultLine,
} from './stats';

describe('prices bench helpers', () => {
  it('parses options from arguments over environment values', () => {
    expect(parseBenchOptions([])).toEqual({
      tickers: 500,
      years: 5,
      concurrency: 4,
      skipDlt: false,
      heapMb: 256,
      duckdbMemory: '128MB',
    });
    expect(
      parseBenchOptions(['--tickers', '50', '--years=2', '--skip-dlt', '--heap-mb', '0'], {
        PRICES_BENCH_TICKERS: '7',
        PRICES_BENCH_CONCURRENCY: '8',
        PRICES_BENCH_DUCKDB_MEMORY: '',
      }),
    ).toEqual({
      tickers: 50,
      years: 2,
      concurrency: 8,
      skipDlt: true,
      heapMb: 0,
      duckdbMemory: '',
    });
    expect(() => parseBenchOptions(['--duckdb-memory', 'lots'])).toThrow(RangeError);
    expect(parseBenchOptions(['--cpu-prof', '/tmp/p'], { PRICES_BENCH_TICKERS: '' }).cpuProfDir).toBe('/tmp/p');
    expect(() => parseBenchOptions(['--tickers', '0'])).toThrow(RangeError);
    expect(() => parseBenchOptions(['--nope'])).toThrow(/unknown argument --nope/);
  });

  it('prints the RESULT line with rounded figures and ratios', () => {
    expect(resultLine({ barsPerS: 300_123.6, peakRssMb: 211.4, dltBarsPerS: 20_000, floorBarsPerS: 400_000 })).toBe(
      'RESULT prices bars_per_s=300124 peak_rss_mb=211 dlt_bars_per_s=20000 ratio_vs_dlt=15.01 floor_bars_per_s=400000 ratio_vs_floor=0.750',
    );
    expect(resultLine({ barsPerS: 10, peakRssMb: 1, dltBarsPerS: 0, floorBarsPerS: 0 })).toContain('ratio_vs_dlt=0.00');
    expect(perSecond(630_000, 2_000)).toBe(315_000);
    expect(perSecond(1, 0)).toBe(0);
    expect(ratio(1, 0)).toBe(0);
    expect(kbToMb(2048)).toBe(2);
  });

  it('plans distinct valid tickers and one request per ticker-year', () => {
    const tickers = benchTickers(1200);
    expect(new Set(tickers).size).toBe(1200);
    expect(tickers.every((t) => /^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$/.test(t))).toBe(true);
    const plan = benchPlan(3, 2);
    expect(plan).toMatchObject({ from: '2024-01-01', to: '2025-12-31' });
    expect(plan.requests).toHaveLength(6);
    expect(plan.requests[0]!.path).toMatch(/^\/v8\/finance\/chart\/BA000\?period1=\d+&period2=\d+&interval=1d/);
    expect(requestKey('/a?b=2&a=1')).toBe(requestKey('/a?a=1&b=2'));
  });

  it('sums self time per file and per function from a cpuprofile', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        {
          id: 2,
          callFrame: {
            functionName: 'encode',
            url: 'file:///w/node_modules/hyparquet-writer/src/thrift.js',
            lineNumber: 9,
          },
        },
        { id: 3, callFrame: { functionName: 'run', url: 'file:///w/shared/pipelines/run.ts', lineNumber: 0 } },
      ],
      samples: [2, 2, 3, 1],
      timeDeltas: [1000, 3000, 2000, 2000],
    };
    expect(topSelfTime(profile, 2, 'file')).toEqual([
      { name: 'hyparquet-writer/src/thrift.js', ms: 4, share: 0.5 },
      { name: 'shared/pipelines/run.ts', ms: 2, share: 0.25 },
    ]);
    expect(topSelfTime(profile, 1)[0]!.name).toBe('encode hyparquet-writer/src/thrift.js:10');
  });

  it('leaves for the load what the floor target allows less the indicators', () => {
    // Floor 2.1 s: at 0.5 ours may take 4.2 s; indicators took 2.2 s, so 2.0 s is left for the load.
    const budget = floorBudget({ floorMs: 2_100, oursMs: 20_600, indicatorsMs: 2_200 });
    expect(budget.allowedMs).toBe(4_200);
    expect(budget.leftForLoadMs).toBe(2_000);
    expect(budget.loadMs).toBe(18_400);
  });

  it('bounds the ratio to the floor by the CPU the least work needs on the cores there are', () => {
    // 3.1 + 3.3 + 1.8 + 0.8 + 0.5 + 0.2 + 0.3 = 10 CPU-s; the floor took 2.2 s, so 2 cores reach at most 4.4 / 10.
    const least = {
      floorLoadCpuS: 3.1,
      indicatorsCpuS: 3.3,
      parquetCpuS: 1.8,
      mergeCpuS: 0.8,
      validateCpuS: 0.5,
      rawCpuS: 0.2,
      lakeWriteCpuS: 0.3,
    };
    const bound = floorCpuBound(least, 2_200, 2);
    expect(bound.neededCpuS).toBeCloseTo(10, 12);
    expect(bound.maxRatio).toBeCloseTo(0.44, 12);
    // Twice the cores, twice the bound; no work at all, no bound.
    expect(floorCpuBound(least, 2_200, 4).maxRatio).toBeCloseTo(0.88, 12);
    const none = {
      floorLoadCpuS: 0,
      indicatorsCpuS: 0,
      parquetCpuS: 0,
      mergeCpuS: 0,
      validateCpuS: 0,
      rawCpuS: 0,
      lakeWriteCpuS: 0,
    };
    expect(floorCpuBound(none, 2_200, 2).maxRatio).toBe(Number.POSITIVE_INFINITY);
  });
});
