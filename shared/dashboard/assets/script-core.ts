/**
 * Browser script, part 1: fetch, DOM building (textContent only) and formatting helpers.
 * Plain browser JavaScript kept as text so every build (tsc, esbuild bundle, jest) carries it
 * unchanged; it never contains a backtick or a template substitution. Joined by app-script.ts.
 */
export const CORE_SCRIPT = String.raw`
  // ---- core: fetch, DOM building and formatting. Provider text only ever goes through
  // textContent / createTextNode; no HTML string is ever parsed.
  const JSON_HEADERS = { accept: 'application/json' };

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    const res = await fetch(url.toString(), { headers: JSON_HEADERS, cache: 'no-store' });
    let body = null;
    try {
      body = await res.json();
    } catch (ignored) {
      body = null;
    }
    if (!res.ok) throw new Error((body && (body.message || body.error)) || 'HTTP ' + res.status);
    return body;
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'className') node.className = value;
      else if (key === 'href') {
        const safe = safeHref(value);
        if (safe) node.setAttribute('href', safe);
      } else node.setAttribute(key, String(value));
    }
    for (const child of children || []) {
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  /** Only http(s) links become hrefs: a provider URL like javascript:... is dropped. */
  function safeHref(value) {
    try {
      const url = new URL(String(value));
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (ignored) {
      return null;
    }
  }

  function externalLink(text, href) {
    const safe = safeHref(href);
    if (!safe) return el('span', { text: text });
    return el('a', { text: text, href: safe, rel: 'noopener noreferrer', target: '_blank' });
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  const $ = (id) => document.getElementById(id);

  function fmtInt(value) {
    return value === null || value === undefined ? '–' : Number(value).toLocaleString('en-US');
  }

  function fmtUsd(value) {
    if (value === null || value === undefined) return 'undisclosed';
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 }).format(value);
  }

  function fmtTime(iso) {
    if (!iso) return '–';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '–';
    return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }

  function fmtAgo(minutes) {
    if (minutes === null || minutes === undefined) return 'never';
    if (minutes < 1) return 'just now';
    if (minutes < 90) return minutes + ' min ago';
    if (minutes < 48 * 60) return Math.round(minutes / 60) + ' h ago';
    return Math.round(minutes / 1440) + ' d ago';
  }

  function fmtDuration(startIso, endIso) {
    if (!startIso || !endIso) return '–';
    const s = Math.max(0, (Date.parse(endIso) - Date.parse(startIso)) / 1000);
    return s < 90 ? s.toFixed(1) + ' s' : (s / 60).toFixed(1) + ' min';
  }

  /** A CSS class name from a status word; anything unexpected maps to 'unknown'. */
  function stateClass(state) {
    return /^[a-z_]{1,20}$/.test(String(state)) ? 'state-' + state : 'state-unknown';
  }

  function listOf(value) {
    return Array.isArray(value) ? value.map(String) : [];
  }

  function showError(sectionId, error) {
    const box = $(sectionId).querySelector('.panel-error');
    if (box) box.textContent = error ? 'Could not load: ' + (error.message || String(error)) : '';
  }
`;
