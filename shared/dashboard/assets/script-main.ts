/**
 * Browser script, part 4: loading and polling (news with ?since= so it streams in), and the test hook.
 * Plain browser JavaScript kept as text so every build (tsc, esbuild bundle, jest) carries it
 * unchanged; it never contains a backtick or a template substitution. Joined by app-script.ts.
 */
export const MAIN_SCRIPT = String.raw`
  // ---- main: load every panel, then poll. News polls with ?since= so new articles stream in on top.
  const state = { ticker: null, view: null, newest: null, newsIds: new Set(), counts: { runs: 0, news: 0, bars: 0 } };
  const MAX_NEWS = 60;

  async function panel(sectionId, work) {
    try {
      await work();
      showError(sectionId, null);
    } catch (error) {
      showError(sectionId, error);
    }
  }

  const loadPipelines = () => panel('pipelines-section', async () => renderPipelines(await api('/api/pipelines')));
  const loadRuns = () => panel('runs-section', async () => {
    const body = await api('/api/runs', { limit: 25 });
    renderRuns(body);
    state.counts.runs = body.runs.length;
  });
  const loadProducts = () => panel('products-section', async () => renderProducts(await api('/api/products', { limit: 8 })));
  const loadFunding = () => panel('funding-section', async () => renderFunding(await api('/api/funding', { limit: 8 })));

  const loadNews = () => panel('news-section', async () => {
    const body = await api('/api/news', { limit: 30, since: state.newest || undefined });
    const list = $('news');
    const fresh = body.news.filter((n) => !state.newsIds.has(n.id));
    if (state.newest === null) clear(list);
    // Oldest first, each inserted at the top, so the list stays newest first.
    for (const n of fresh.slice().reverse()) {
      list.insertBefore(newsItem(n, state.newest !== null), list.firstChild);
      state.newsIds.add(n.id);
    }
    while (list.children.length > MAX_NEWS) list.removeChild(list.lastChild);
    if (body.news.length > 0 && (state.newest === null || body.news[0].createdAt > state.newest)) state.newest = body.news[0].createdAt;
    if (list.children.length === 0) list.appendChild(el('li', { className: 'muted empty', text: 'No news yet.' }));
    else for (const empty of list.querySelectorAll('.empty')) empty.remove();
    state.counts.news = state.newsIds.size;
  });

  const loadPrices = () => panel('prices-section', async () => {
    if (!state.ticker) return;
    const body = await api('/api/prices', { ticker: state.ticker, limit: 1000 });
    if (!state.view) state.view = createPriceChart($('chart'));
    setPriceData(state.view, body.bars);
    renderLegend(body.ticker, body.bars);
    state.counts.bars = body.bars.length;
  });

  const loadTickers = () => panel('prices-section', async () => {
    const body = await api('/api/tickers');
    const select = $('ticker-select');
    const names = body.tickers.map((t) => t.ticker);
    const current = Array.from(select.options).map((o) => o.value);
    if (names.join(',') !== current.join(',')) {
      clear(select);
      for (const name of names) select.appendChild(el('option', { value: name, text: name }));
    }
    if (!state.ticker || !names.includes(state.ticker)) {
      state.ticker = names[0] || null;
      if (state.ticker) select.value = state.ticker;
      await loadPrices();
    }
  });

  // A read-only window into the page for the browser test (and for curious humans in devtools).
  window.__dashboard = Object.freeze({
    counts: () => Object.assign({}, state.counts),
    ticker: () => state.ticker,
    seriesLengths: () => {
      if (!state.view) return null;
      const out = {};
      for (const [name, series] of Object.entries(state.view.series)) out[name] = series.data().filter((p) => 'value' in p || 'close' in p).length;
      return out;
    },
  });

  function every(ms, work) {
    work();
    window.setInterval(work, ms);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('ticker-select').addEventListener('change', (event) => {
      state.ticker = event.target.value;
      loadPrices();
    });
    every(10000, loadPipelines);
    every(10000, loadRuns);
    every(4000, loadNews);
    every(60000, loadTickers);
    window.setInterval(loadPrices, 60000);
    every(60000, loadProducts);
    every(60000, loadFunding);
  });
`;
