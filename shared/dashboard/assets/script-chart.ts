/**
 * Browser script, part 2: the lightweight-charts price chart (candles, SMA, Bollinger, RSI, MACD panes).
 * Plain browser JavaScript kept as text so every build (tsc, esbuild bundle, jest) carries it
 * unchanged; it never contains a backtick or a template substitution. Joined by app-script.ts.
 */
export const CHART_SCRIPT = String.raw`
  // ---- the price chart: candles with SMA and Bollinger overlays (pane 0), RSI (pane 1), MACD (pane 2).
  const COLORS = {
    up: '#16a34a', down: '#dc2626', sma20: '#2563eb', sma50: '#f59e0b', sma200: '#7c3aed',
    bb: '#64748b', rsi: '#0891b2', macd: '#2563eb', signal: '#f97316',
  };

  function createPriceChart(container) {
    const LW = window.LightweightCharts;
    const chart = LW.createChart(container, {
      autoSize: true,
      layout: {
        background: { type: 'solid', color: '#ffffff' },
        textColor: '#334155',
        fontSize: 11,
        attributionLogo: true,
        panes: { separatorColor: '#e2e8f0', enableResize: true },
      },
      grid: { vertLines: { color: '#f1f5f9' }, horzLines: { color: '#f1f5f9' } },
      rightPriceScale: { borderVisible: false },
      timeScale: { borderVisible: false },
    });
    const line = (color, pane, extra) =>
      chart.addSeries(LW.LineSeries, Object.assign({ color: color, lineWidth: 1, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false }, extra || {}), pane);
    const series = {
      candles: chart.addSeries(LW.CandlestickSeries, {
        upColor: COLORS.up, downColor: COLORS.down, borderVisible: false, wickUpColor: COLORS.up, wickDownColor: COLORS.down,
      }, 0),
      bbUpper: line(COLORS.bb, 0, { lineStyle: 2 }),
      bbMiddle: line(COLORS.bb, 0, { lineStyle: 1 }),
      bbLower: line(COLORS.bb, 0, { lineStyle: 2 }),
      sma20: line(COLORS.sma20, 0, { lineWidth: 2 }),
      sma50: line(COLORS.sma50, 0, { lineWidth: 2 }),
      sma200: line(COLORS.sma200, 0, { lineWidth: 2 }),
      rsi: line(COLORS.rsi, 1, { lastValueVisible: true }),
      macdHistogram: chart.addSeries(LW.HistogramSeries, { priceLineVisible: false, lastValueVisible: false }, 2),
      macd: line(COLORS.macd, 2),
      macdSignal: line(COLORS.signal, 2),
    };
    for (const level of [70, 30]) {
      series.rsi.createPriceLine({ price: level, color: level === 70 ? COLORS.down : COLORS.up, lineWidth: 1, lineStyle: 2, axisLabelVisible: true, title: '' });
    }
    // Relative heights survive autoSize resizes (a fixed setHeight is overridden by the first one).
    const stretch = [0.6, 0.18, 0.22];
    chart.panes().forEach((pane, i) => pane.setStretchFactor(stretch[i] || 0.2));
    return { chart: chart, series: series };
  }

  const finite = (v) => typeof v === 'number' && Number.isFinite(v);

  function points(bars, key) {
    return bars.map((b) => (finite(b[key]) ? { time: b.date, value: b[key] } : { time: b.date }));
  }

  /**
   * Candles are split/dividend adjusted (scaled by adj_close / close) so they line up with the
   * indicators, which are computed on adj_close.
   */
  function candlesOf(bars) {
    return bars
      .filter((b) => finite(b.open) && finite(b.high) && finite(b.low) && finite(b.close))
      .map((b) => {
        const f = finite(b.adjClose) && b.close !== 0 ? b.adjClose / b.close : 1;
        return { time: b.date, open: b.open * f, high: b.high * f, low: b.low * f, close: b.close * f };
      });
  }

  function setPriceData(view, bars) {
    const s = view.series;
    s.candles.setData(candlesOf(bars));
    s.sma20.setData(points(bars, 'sma20'));
    s.sma50.setData(points(bars, 'sma50'));
    s.sma200.setData(points(bars, 'sma200'));
    s.bbUpper.setData(points(bars, 'bbUpper20'));
    s.bbMiddle.setData(points(bars, 'bbMiddle20'));
    s.bbLower.setData(points(bars, 'bbLower20'));
    s.rsi.setData(points(bars, 'rsi14'));
    s.macd.setData(points(bars, 'macd'));
    s.macdSignal.setData(points(bars, 'macdSignal'));
    s.macdHistogram.setData(
      bars.map((b) => (finite(b.macdHistogram) ? { time: b.date, value: b.macdHistogram, color: b.macdHistogram >= 0 ? 'rgba(22,163,74,0.6)' : 'rgba(220,38,38,0.6)' } : { time: b.date })),
    );
    const n = bars.length;
    if (n > 260) view.chart.timeScale().setVisibleLogicalRange({ from: n - 260, to: n + 2 });
    else view.chart.timeScale().fitContent();
  }

  function renderLegend(ticker, bars) {
    const legend = $('chart-legend');
    clear(legend);
    const last = bars[bars.length - 1];
    const value = (v, digits) => (finite(v) ? v.toFixed(digits) : '–');
    const item = (label, color, v) => el('span', { className: 'legend-item' }, [el('i', { className: 'swatch', 'data-color': color }), label + ' ' + v]);
    legend.appendChild(el('strong', { text: ticker + (last ? '  ' + last.date + '  close ' + value(last.adjClose, 2) : '') }));
    if (!last) return;
    legend.appendChild(item('SMA 20', 'sma20', value(last.sma20, 2)));
    legend.appendChild(item('SMA 50', 'sma50', value(last.sma50, 2)));
    legend.appendChild(item('SMA 200', 'sma200', value(last.sma200, 2)));
    legend.appendChild(item('BB 20', 'bb', value(last.bbLower20, 2) + '–' + value(last.bbUpper20, 2)));
    legend.appendChild(item('RSI 14', 'rsi', value(last.rsi14, 1)));
    legend.appendChild(item('MACD', 'macd', value(last.macd, 3) + ' / ' + value(last.macdSignal, 3)));
  }
`;
