/**
 * Browser script, part 3: the pipeline cards, run table, news, Product Hunt and funding panels.
 * Plain browser JavaScript kept as text so every build (tsc, esbuild bundle, jest) carries it
 * unchanged; it never contains a backtick or a template substitution. Joined by app-script.ts.
 */
export const PANELS_SCRIPT = String.raw`
  // ---- panels: pipelines, run history, news, Product Hunt, funding.
  function renderPipelines(body) {
    const box = $('pipelines');
    clear(box);
    for (const p of body.pipelines) {
      const run = p.lastRun;
      const card = el('article', { className: 'card ' + stateClass(p.state), 'data-pipeline': p.name }, [
        el('header', {}, [el('h3', { text: p.name }), el('span', { className: 'badge ' + stateClass(p.state), text: p.state.replace('_', ' ') })]),
        el('p', { className: 'fresh', text: 'data ' + fmtAgo(p.freshnessMinutes) }),
        el('p', { className: 'muted', text: run ? 'last run ' + fmtTime(run.finishedAt || run.startedAt) + ' · ' + run.trigger : 'no run recorded yet' }),
        run ? el('p', { className: 'counts', text: 'in ' + fmtInt(run.recordsIn) + ' · valid ' + fmtInt(run.recordsValid) + ' · quarantined ' + fmtInt(run.recordsQuarantined) }) : null,
        run && run.errorMessage ? el('p', { className: 'error-text', text: (run.errorClass ? run.errorClass + ': ' : '') + run.errorMessage }) : null,
        run ? deferredNote(run) : null,
        p.schedule ? el('p', { className: 'muted', text: 'schedule ' + p.schedule.cron + ' (' + p.schedule.timeZone + ')' }) : el('p', { className: 'muted', text: 'on demand' }),
      ]);
      box.appendChild(card);
    }
    $('status-line').textContent = 'warehouse: ' + body.warehouse + ' · updated ' + fmtTime(body.generatedAt);
  }

  // What a run's time budget left for the next run (not an error: the next call goes on).
  function deferredNote(r) {
    const n = r.slicesDeferred || 0;
    if (n === 0) return null;
    return el('p', { className: 'muted deferred', text: n + (n === 1 ? ' slice' : ' slices') + ' left for the next run (time budget)' });
  }

  // A run's failed slices, each with its own error, folded under a count (the ledger keeps 50).
  function failedSlicesNote(r) {
    const list = r.failedSlices || [];
    if (list.length === 0) return null;
    const total = Math.max(r.slicesFailed || 0, list.length);
    return el('details', { className: 'failed-slices' }, [
      el('summary', { text: total + (total === 1 ? ' slice failed' : ' slices failed') }),
      el('ul', {}, list.map(function (f) { return el('li', { text: f.id + ': ' + f.class + ': ' + f.message }); })),
    ]);
  }

  function renderRuns(body) {
    const tbody = $('runs').querySelector('tbody');
    clear(tbody);
    for (const r of body.runs) {
      tbody.appendChild(el('tr', { className: stateClass(r.status) }, [
        el('td', { text: r.pipeline }),
        el('td', {}, [el('span', { className: 'badge ' + stateClass(r.status), text: r.status })]),
        el('td', { text: r.trigger }),
        el('td', { text: fmtTime(r.startedAt) }),
        el('td', { className: 'num', text: fmtDuration(r.startedAt, r.finishedAt) }),
        el('td', { className: 'num', text: fmtInt(r.recordsIn) }),
        el('td', { className: 'num', text: fmtInt(r.recordsValid) }),
        el('td', { className: 'num', text: fmtInt(r.recordsQuarantined) }),
        el('td', { className: 'error-text' }, [r.errorMessage ? (r.errorClass ? r.errorClass + ': ' : '') + r.errorMessage : '', failedSlicesNote(r), deferredNote(r)]),
      ]));
    }
    if (body.runs.length === 0) tbody.appendChild(el('tr', {}, [el('td', { colspan: 9, className: 'muted', text: 'No runs recorded yet.' })]));
  }

  function newsItem(n, fresh) {
    const meta = [n.source, n.provider, fmtTime(n.createdAt)].filter(Boolean).join(' · ');
    const symbols = listOf(n.symbols);
    return el('li', { className: fresh ? 'news-item fresh' : 'news-item', 'data-id': n.id }, [
      el('div', { className: 'headline' }, [externalLink(n.headline, n.url)]),
      n.summary ? el('p', { className: 'summary', text: n.summary }) : null,
      el('p', { className: 'muted', text: meta + (symbols.length ? ' · ' + symbols.join(', ') : '') }),
    ]);
  }

  function renderProducts(body) {
    const list = $('products');
    clear(list);
    for (const p of body.products) {
      list.appendChild(el('li', {}, [
        el('div', { className: 'row' }, [externalLink(p.name, p.url), el('span', { className: 'votes', text: '▲ ' + fmtInt(p.votesCount) })]),
        p.tagline ? el('p', { className: 'summary', text: p.tagline }) : null,
        el('p', { className: 'muted', text: fmtTime(p.createdAt) + ' · ' + fmtInt(p.commentsCount) + ' comments' + (listOf(p.topics).length ? ' · ' + listOf(p.topics).slice(0, 3).join(', ') : '') }),
      ]));
    }
    if (body.products.length === 0) list.appendChild(el('li', { className: 'muted', text: 'No launches yet.' }));
  }

  function renderFunding(body) {
    const tbody = $('funding').querySelector('tbody');
    clear(tbody);
    for (const f of body.rounds) {
      tbody.appendChild(el('tr', {}, [
        el('td', { text: f.announcedOn }),
        el('td', { text: f.organizationName || f.organizationUuid }),
        el('td', { text: String(f.investmentType).replace(/_/g, ' ') }),
        el('td', { className: 'num', text: fmtUsd(f.moneyRaisedUsd) }),
        el('td', { text: listOf(f.leadInvestors).join(', ') || '–' }),
      ]));
    }
    if (body.rounds.length === 0) tbody.appendChild(el('tr', {}, [el('td', { colspan: 5, className: 'muted', text: 'No funding rounds yet.' })]));
  }
`;
