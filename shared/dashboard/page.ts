/**
 * The dashboard page: a static HTML shell with no data in it. The script (/static/app.js) fills it
 * from the JSON API, so no provider text ever passes through HTML parsing.
 */

/** The page HTML; the same bytes on every request. */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Market data platform · dashboard</title>
<link rel="stylesheet" href="/static/app.css">
<script src="/static/lightweight-charts.js" defer></script>
<script src="/static/app.js" defer></script>
</head>
<body>
<header><h1>Market data platform</h1><span id="status-line">loading…</span></header>
<main>
<section id="pipelines-section"><h2>Pipelines</h2><p class="panel-error"></p><div id="pipelines" class="cards"></div></section>
<section id="prices-section">
  <h2>Prices <select id="ticker-select" aria-label="Ticker"></select></h2>
  <p class="panel-error"></p>
  <div id="chart-legend"></div>
  <div id="chart" class="chart" data-testid="price-chart"></div>
</section>
<section id="news-section"><h2>Latest news</h2><p class="panel-error"></p><ul id="news" class="feed"></ul></section>
<section id="runs-section">
  <h2>Run history</h2><p class="panel-error"></p>
  <table id="runs">
    <thead><tr><th>Pipeline</th><th>Status</th><th>Trigger</th><th>Started</th><th class="num">Duration</th><th class="num">In</th><th class="num">Valid</th><th class="num">Quarantined</th><th>Error</th></tr></thead>
    <tbody></tbody>
  </table>
</section>
<section id="funding-section">
  <h2>Recent funding rounds</h2><p class="panel-error"></p>
  <table id="funding">
    <thead><tr><th>Announced</th><th>Organization</th><th>Round</th><th class="num">Raised</th><th>Lead investors</th></tr></thead>
    <tbody></tbody>
  </table>
</section>
<section id="products-section"><h2>Top Product Hunt launches</h2><p class="panel-error"></p><ol id="products"></ol></section>
</main>
</body>
</html>
`;
}
