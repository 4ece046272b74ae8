'use strict';
// Every value shown comes from agents' output: it is set as text, never parsed as HTML.
const COLORS = { running: '#1e88e5', queued: '#f9a825', waiting: '#8e24aa', succeeded: '#2e7d32', failed: '#c62828',
  timed_out: '#c62828', lost: '#c62828', cancelled: '#757575', pending: '#bdbdbd' };
const SVG = 'http://www.w3.org/2000/svg';
const open = new Set();
let doc = { jobs: [], plans: [], projects: [] };
let received = 0;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  children.forEach(c => c && e.appendChild(c));
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function duration(s) {
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
  return Math.floor(s / 3600) + 'h' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + 'm';
}

function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '…' : s; }

function renderPlans() {
  const host = document.getElementById('plans');
  host.replaceChildren();
  const W = 210, H = 46, GAPX = 70, GAPY = 18, TOP = 22;
  for (const plan of doc.plans) {
    const where = {};
    plan.waves.forEach((wave, x) => wave.forEach((id, y) => { where[id] = { x: x * (W + GAPX), y: TOP + y * (H + GAPY) }; }));
    const rows = Math.max(1, ...plan.waves.map(w => w.length));
    const width = plan.waves.length * (W + GAPX) - GAPX + 2;
    const height = TOP + rows * (H + GAPY);
    const pic = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, 'data-plan': plan.session });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrowhead', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#607d8b' }));
    defs.appendChild(marker);
    pic.appendChild(defs);
    plan.waves.forEach((_, x) => pic.appendChild(svg('text', { x: x * (W + GAPX) + 2, y: 13, class: 'wave' }, 'wave ' + (x + 1))));
    for (const t of plan.tasks) {
      for (const dep of t.depends_on) {
        const a = where[dep], b = where[t.id];
        if (!a || !b) continue;
        const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x - 2, y2 = b.y + H / 2;
        pic.appendChild(svg('path', { class: 'arrow', d: `M${x1},${y1} C${x1 + GAPX / 2},${y1} ${x2 - GAPX / 2},${y2} ${x2},${y2}`,
          'data-from': dep, 'data-to': t.id }));
      }
    }
    for (const t of plan.tasks) {
      const p = where[t.id];
      if (!p) continue;
      const g = svg('g', { class: 'task', 'data-task': t.id, 'data-state': t.state });
      g.appendChild(svg('rect', { class: 'box', x: p.x + 1, y: p.y, width: W - 2, height: H, rx: 6, fill: COLORS[t.state] || COLORS.pending }));
      const dark = t.state === 'queued' || t.state === 'pending';
      g.appendChild(svg('text', { x: p.x + 10, y: p.y + 18, class: dark ? 'dark' : '' }, clip(t.id + '. ' + t.title, 30)));
      g.appendChild(svg('text', { x: p.x + 10, y: p.y + 36, class: dark ? 'dark' : '' }, t.state + (t.provider ? ' · ' + t.provider : '')));
      pic.appendChild(g);
    }
    host.appendChild(el('div', { class: 'plan' }, el('h2', { text: plan.project + ' · ' + plan.title + ' (' + plan.session + ')' }), pic));
  }
}

function renderJobs() {
  const body = document.querySelector('#jobs tbody');
  body.replaceChildren();
  document.getElementById('empty').hidden = doc.jobs.length > 0;
  const counts = {};
  for (const j of [...doc.jobs].reverse()) {
    counts[j.state] = (counts[j.state] || 0) + 1;
    const row = el('tr', { class: 'job', 'data-job': j.id, 'data-job-state': j.state },
      el('td', {}, el('span', { class: 'badge s-' + j.state, text: j.status })),
      el('td', { text: (doc.projects.length > 1 ? j.project + ' · ' : '') + j.id }),
      el('td', { text: j.provider }),
      el('td', { class: 'time', 'data-seconds': j.seconds, 'data-active': j.active, text: duration(j.seconds) }),
      el('td', { text: j.plan }),
      el('td', { text: j.task }),
      el('td', { class: 'activity', title: j.activity, text: j.activity }));
    row.addEventListener('click', () => { open.has(j.id) ? open.delete(j.id) : open.add(j.id); render(); });
    body.appendChild(row);
    if (open.has(j.id) || j.active) {
      const cell = el('td', { colspan: 7 });
      for (const q of (j.requests || [])) cell.append(requestBox(j, q));
      if (j.log.length) cell.append(el('h3', { text: 'log' }), el('pre', { class: 'log', text: j.log.join('\n') }));
      if (j.diffstat.length) cell.append(el('h3', { text: 'diffstat' }), el('pre', { class: 'diffstat', text: j.diffstat.join('\n') }));
      if (j.summary) cell.append(el('h3', { text: 'summary' }), el('pre', { class: 'summary', text: j.summary }));
      if (cell.childNodes.length) body.appendChild(el('tr', { class: 'detail', 'data-detail': j.id }, cell));
    }
  }
  document.getElementById('counts').textContent = Object.entries(counts).map(([k, v]) => v + ' ' + k).join(' · ');
}

// a job's question to a person: Allow or Deny, posted with this page's own CSRF token
const CSRF = document.querySelector('meta[name="bg-csrf"]').content;
function requestBox(j, q) {
  const said = el('span', { class: 'said' });
  const button = (decision, label) => {
    const b = el('button', { class: 'answer ' + decision, 'data-decision': decision, text: label });
    b.addEventListener('click', async e => {
      e.stopPropagation();
      box.querySelectorAll('button').forEach(x => { x.disabled = true; });
      try {
        const r = await fetch('answer', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Bg-Csrf': CSRF },
          body: JSON.stringify({ job: j.id, request: q.id, decision }) });
        said.textContent = (await r.json()).said;
      } catch (err) {
        said.textContent = 'not sent: ' + err;
        box.querySelectorAll('button').forEach(x => { x.disabled = false; });
      }
    });
    return b;
  };
  const box = el('div', { class: 'request', 'data-request': q.id },
    el('span', { class: 'question', text: 'asks: ' + q.line + (q.deadline ? ' (denied at ' + new Date(q.deadline).toLocaleTimeString() + ' without an answer)' : '') }),
    button('allow', 'Allow'), button('deny', 'Deny'), said);
  return box;
}

// which project(s) this page watches: a page started elsewhere must not just say "No jobs yet"
function renderWatching() {
  const paths = doc.projects.map(p => p.path);
  const where = paths.length === 1 ? paths[0] : paths.length + ' projects';
  const shown = document.getElementById('watching');
  shown.textContent = 'watching ' + (paths.length ? where : 'no project yet');
  shown.title = paths.join('\n');
  document.getElementById('empty-where').textContent = paths.length ? where : 'any project';
}

function render() { renderWatching(); renderPlans(); renderJobs(); }

// elapsed time ticks here between documents
setInterval(() => {
  document.querySelectorAll('td.time[data-active="true"]').forEach(td => {
    const s = Number(td.dataset.seconds) + 1;
    td.dataset.seconds = s;
    td.textContent = duration(s);
  });
}, 1000);

const events = new EventSource('events');
const link = document.getElementById('link');
events.onopen = () => { link.textContent = 'live'; link.className = 'link up'; };
events.onerror = () => { link.textContent = 'reconnecting…'; link.className = 'link down'; };
events.onmessage = e => {
  doc = JSON.parse(e.data);
  received++;
  document.body.dataset.documents = received;
  render();
};
