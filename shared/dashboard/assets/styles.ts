/**
 * The dashboard's stylesheet, served at /static/app.css, so the Content-Security-Policy can keep
 * `style-src 'self'` without 'unsafe-inline'.
 */
export const STYLESHEET = `
:root { --bg: #f6f7f9; --panel: #ffffff; --ink: #1f2933; --muted: #64748b; --line: #e2e8f0;
  --ok: #16a34a; --bad: #dc2626; --warn: #d97706; --run: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
body > header { display: flex; align-items: baseline; gap: 16px; padding: 12px 20px; background: #0f172a; color: #f8fafc; }
body > header h1 { margin: 0; font-size: 17px; font-weight: 600; }
#status-line { color: #cbd5e1; font-size: 12px; }
main { padding: 14px 20px 28px; display: grid; gap: 14px; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); }
section { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; min-width: 0; }
section h2 { margin: 0 0 10px; font-size: 14px; font-weight: 600; display: flex; gap: 10px; align-items: center; }
#pipelines-section, #runs-section { grid-column: 1 / -1; }
.cards { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
.card { border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px; padding: 8px 10px; }
.card header { display: flex; justify-content: space-between; align-items: center; }
.card h3 { margin: 0; font-size: 14px; }
.card p { margin: 3px 0 0; }
.card.state-succeeded { border-left-color: var(--ok); }
.card.state-failed { border-left-color: var(--bad); }
.card.state-partial { border-left-color: var(--warn); }
.card.state-running { border-left-color: var(--run); }
.fresh { font-weight: 600; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 11px; background: #e2e8f0; color: #334155; white-space: nowrap; }
.badge.state-succeeded { background: #dcfce7; color: #166534; }
.badge.state-failed { background: #fee2e2; color: #991b1b; }
.badge.state-partial { background: #fef3c7; color: #92400e; }
.badge.state-running { background: #dbeafe; color: #1e40af; }
.muted { color: var(--muted); font-size: 12px; margin: 2px 0 0; }
.error-text { color: var(--bad); font-size: 12px; overflow-wrap: anywhere; }
.failed-slices summary { cursor: pointer; }
.failed-slices ul { margin: 4px 0 0; padding-left: 16px; }
.panel-error { color: var(--bad); font-size: 12px; margin: 0; }
.panel-error:empty { display: none; }
.chart { height: 520px; position: relative; }
#chart-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin-bottom: 6px; font-size: 12px; }
.legend-item { display: inline-flex; align-items: center; gap: 5px; color: #334155; }
.swatch { display: inline-block; width: 12px; height: 3px; border-radius: 2px; background: var(--muted); }
.swatch[data-color="sma20"] { background: #2563eb; }
.swatch[data-color="sma50"] { background: #f59e0b; }
.swatch[data-color="sma200"] { background: #7c3aed; }
.swatch[data-color="bb"] { background: #64748b; }
.swatch[data-color="rsi"] { background: #0891b2; }
.swatch[data-color="macd"] { background: #f97316; }
select { font: inherit; padding: 2px 6px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.feed, #products { list-style: none; margin: 0; padding: 0; max-height: 560px; overflow-y: auto; }
.feed li, #products li { padding: 7px 0; border-bottom: 1px solid var(--line); }
.headline { font-weight: 600; overflow-wrap: anywhere; }
.summary { margin: 2px 0 0; color: #334155; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.row { display: flex; justify-content: space-between; gap: 8px; font-weight: 600; }
.votes { color: #ea580c; white-space: nowrap; }
a { color: #1d4ed8; text-decoration: none; }
a:hover { text-decoration: underline; }
@keyframes arrive { from { background: #fef9c3; } to { background: transparent; } }
.news-item.fresh { animation: arrive 4s ease-out; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; } }
`;
