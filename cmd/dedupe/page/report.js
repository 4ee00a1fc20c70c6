// The dedupe HTML report's script: it renders the JSON in #report-data,
// a page of clusters at a time and a pair's texts when the pair is opened,
// with DOM calls only (text always goes in as text nodes). Texts come cut
// into chunks at the byte offsets the page needs, and spans name chunk
// indexes, so the script never turns a byte offset into a string index.
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('report-data').textContent);
  const PAGE = 50; // clusters, members or pairs rendered at a time
  const LINKS = 5; // pairs linked from a member's row

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const fmt = (n) => n.toLocaleString('en-US');
  const plural = (n, what) => fmt(n) + ' ' + what + (n === 1 ? '' : 's');

  function size(n) {
    if (n < 1000) return plural(n, 'byte');
    const units = ['kB', 'MB', 'GB'];
    let u = 0;
    n /= 1000;
    while (n >= 1000 && u < units.length - 1) {
      n /= 1000;
      u++;
    }
    return n.toFixed(1) + ' ' + units[u];
  }

  // text returns chunks [from, to) of document d's text.
  const text = (d, from, to) => data.docs[d].chunks.slice(from, to).join('');

  function docName(d, linked) {
    const doc = data.docs[d];
    const e = el(linked && doc.cluster >= 0 ? 'a' : 'span', 'docname', doc.id);
    if (e.tagName === 'A') e.href = '#doc-' + d;
    return e;
  }

  // A Pager renders items into list (a new div if none) PAGE at a time,
  // with a button for the next page.
  class Pager {
    constructor(parent, items, render, what, list) {
      this.items = items;
      this.render = render;
      this.what = what;
      this.shown = 0;
      this.list = list || el('div', 'list');
      this.more = el('button', 'more');
      this.more.type = 'button';
      this.more.addEventListener('click', () => this.next());
      if (!list) parent.append(this.list);
      parent.append(this.more);
      this.next();
    }
    next() {
      const end = Math.min(this.items.length, this.shown + PAGE);
      for (let i = this.shown; i < end; i++) this.list.append(this.render(this.items[i], i));
      this.shown = end;
      const left = this.items.length - end;
      this.more.hidden = left === 0;
      this.more.textContent = 'Show ' + fmt(Math.min(left, PAGE)) + ' more ' + this.what + ' (' + fmt(left) + ' left)';
    }
    // ensure renders the pages up to item pos.
    ensure(pos) {
      while (this.shown <= pos && this.shown < this.items.length) this.next();
    }
  }

  // lazy returns a details element whose body build renders when it is
  // first opened.
  function lazy(cls, id, summary, build) {
    const d = el('details', cls);
    d.id = id;
    d.append(summary);
    d.build = () => {
      if (!d.built) {
        d.built = true;
        build(d);
      }
    };
    d.addEventListener('toggle', () => {
      if (d.open) d.build();
    });
    return d;
  }

  function open(d) {
    d.build();
    d.open = true;
  }

  // Clusters.

  function renderCluster(ci) {
    const c = data.clusters[ci];
    const s = el('summary');
    s.append(el('span', 'cid', c.id), el('span', 'count', plural(c.members.length, 'document') + ' · ' + plural(c.pairs.length, 'pair')));
    if (c.source >= 0) s.append(el('span', 'badge source', 'source'), docName(c.source, false));
    return lazy('cluster', 'cluster-' + ci, s, (d) => {
      const body = el('div', 'body');
      d.append(body);
      const table = el('table', 'members');
      const timed = c.members.some((m) => data.docs[m].time);
      const head = el('tr');
      for (const h of ['member', timed ? 'time' : null, 'size', 'shared text', 'pairs']) if (h) head.append(el('th', null, h));
      table.append(el('thead'));
      table.tHead.append(head);
      const tbody = el('tbody');
      table.append(tbody);
      body.append(table);
      d.members = new Pager(body, c.members, (m) => renderMember(c, m, timed), 'members', tbody);
      body.append(el('h3', null, 'Pairs'));
      d.pairs = new Pager(body, c.pairs, renderPair, 'pairs');
    });
  }

  function renderMember(c, m, timed) {
    const doc = data.docs[m];
    const tr = el('tr');
    tr.id = 'doc-' + m;
    const name = el('td', 'name');
    name.append(el('span', 'docname', doc.id));
    if (m === c.source) name.append(el('span', 'badge source', 'source'));
    const pct = doc.bytes ? Math.round((100 * doc.shared) / doc.bytes) : 0;
    const shared = el('td', 'shared');
    const bar = el('span', 'bar');
    const fill = el('span');
    fill.style.width = pct + '%';
    bar.append(fill);
    shared.append(bar, el('span', 'pct', pct + '%'));
    shared.title = size(doc.shared) + ' of ' + size(doc.bytes) + ' in passages shared with other documents';
    const links = el('td', 'links');
    for (const k of doc.pairs.slice(0, LINKS)) {
      const p = data.pairs[k];
      const a = el('a', null, 'with ' + data.docs[p.a === m ? p.b : p.a].id);
      a.href = '#pair-' + k;
      links.append(a);
    }
    if (doc.pairs.length > LINKS) links.append(el('span', 'muted', '+' + fmt(doc.pairs.length - LINKS) + ' more'));
    tr.append(name);
    if (timed) tr.append(el('td', 'time', doc.time || '–'));
    tr.append(el('td', 'num', size(doc.bytes)), shared, links);
    return tr;
  }

  // Pairs.

  function renderPair(k) {
    const p = data.pairs[k];
    const s = el('summary');
    s.append(el('span', 'badge ' + (p.near ? 'near' : 'passages'), p.near ? 'near-duplicate' : 'shared passages'));
    s.append(docName(p.b, false), el('span', 'muted', p.near ? ' near-duplicate of ' : ' shares text with '), docName(p.a, false));
    let what = 'Jaccard ' + p.jaccard.toFixed(2);
    if (p.passages.length) what = plural(p.passages.length, 'passage') + ', ' + plural(p.words, 'word') + ' · ' + what;
    s.append(el('span', 'count', what));
    return lazy('pair', 'pair-' + k, s, (d) => d.append(renderTexts(k)));
  }

  function renderTexts(k) {
    const p = data.pairs[k];
    const grid = el('div', 'texts');
    for (const [side, d, when] of [['a', p.a, 'earlier'], ['b', p.b, 'later']]) {
      const h = el('div', 'side-head ' + side);
      h.append(el('span', 'muted', side.toUpperCase() + ' (' + when + ') '), docName(d, true), el('span', 'muted', ' · ' + size(data.docs[d].bytes)));
      grid.append(h);
    }
    for (const row of p.rows) {
      const cells = [cell(k, p, row, 'a'), cell(k, p, row, 'b')];
      if (row.p >= 0) for (const c of cells) c.classList.add('passage');
      grid.append(...cells);
    }
    return grid;
  }

  function cell(k, p, row, side) {
    const span = row[side];
    const d = side === 'a' ? p.a : p.b;
    const c = el('div', 'cell ' + side);
    if (row.p >= 0) {
      const ps = p.passages[row.p];
      const start = side === 'a' ? ps.a_start : ps.b_start;
      const end = side === 'a' ? ps.a_end : ps.b_end;
      c.append(el('div', 'plabel', 'passage ' + (row.p + 1) + ' · ' + plural(ps.words, 'word') + ' · bytes ' + start + '–' + end));
      const m = el('mark', null, text(d, span.from, span.to));
      m.dataset.pair = k;
      m.dataset.passage = row.p;
      m.dataset.side = side;
      m.dataset.start = start;
      m.dataset.end = end;
      c.append(m);
      return c;
    }
    if (span.fold_to > span.fold_from) {
      c.append(text(d, span.from, span.fold_from));
      const f = el('details', 'fold');
      f.append(el('summary', null, '… ' + plural(span.fold_words, 'word') + ' not shared'));
      f.addEventListener('toggle', () => {
        if (f.open && !f.built) {
          f.built = true;
          f.append(text(d, span.fold_from, span.fold_to));
        }
      });
      c.append(f, text(d, span.fold_to, span.to));
    } else {
      c.append(text(d, span.from, span.to));
    }
    return c;
  }

  // Both sides of the passage under the pointer light up.
  document.addEventListener('mouseover', (e) => {
    for (const m of document.querySelectorAll('mark.hot')) m.classList.remove('hot');
    const m = e.target.closest && e.target.closest('mark[data-pair]');
    if (!m) return;
    const sel = 'mark[data-pair="' + m.dataset.pair + '"][data-passage="' + m.dataset.passage + '"]';
    for (const x of document.querySelectorAll(sel)) x.classList.add('hot');
  });

  // Links: #cluster-N, #doc-N and #pair-N render what they name first.

  let clusters, loose;

  function showCluster(ci) {
    clusters.ensure(ci);
    const d = document.getElementById('cluster-' + ci);
    open(d);
    return d;
  }

  function reveal(hash) {
    const m = /^#(cluster|doc|pair)-(\d+)$/.exec(hash);
    if (!m) return;
    const i = Number(m[2]);
    let target;
    if (m[1] === 'cluster' && i < data.clusters.length) {
      target = showCluster(i);
    } else if (m[1] === 'doc' && i < data.docs.length && data.docs[i].cluster >= 0) {
      const c = data.docs[i].cluster;
      showCluster(c).members.ensure(data.clusters[c].members.indexOf(i));
      target = document.getElementById('doc-' + i);
    } else if (m[1] === 'pair' && i < data.pairs.length) {
      const c = data.pairs[i].cluster;
      if (c >= 0) showCluster(c).pairs.ensure(data.clusters[c].pairs.indexOf(i));
      else loose.ensure(data.loose.indexOf(i));
      target = document.getElementById('pair-' + i);
      open(target);
    }
    if (target) target.scrollIntoView({ block: 'start' });
  }

  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#"]');
    if (a) reveal(a.getAttribute('href'));
  });
  window.addEventListener('hashchange', () => reveal(location.hash));

  const cs = document.getElementById('clusters');
  if (data.clusters.length) {
    clusters = new Pager(cs, data.clusters.map((_, i) => i), renderCluster, 'clusters');
  } else {
    cs.append(el('p', 'empty', 'No near-duplicates or shared passages were found.'));
  }
  if (data.loose.length) {
    const ls = document.getElementById('loose');
    ls.hidden = false;
    loose = new Pager(ls, data.loose, renderPair, 'pairs');
  }
  if (location.hash) {
    reveal(location.hash);
  } else if (data.clusters.length) {
    const d = showCluster(0);
    if (d.pairs.items.length) open(document.getElementById('pair-' + d.pairs.items[0]));
  }
  document.body.dataset.ready = 'true';
})();
