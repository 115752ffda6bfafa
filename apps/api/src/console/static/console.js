/* global document, window, fetch, sessionStorage, location, FormData, URLSearchParams */
// The web console: plain DOM and fetch, no framework, no outside host. Every figure comes from
// the JSON API with the token the user signed in with (kept in sessionStorage for this tab).
// Amounts are shown as the API's exact decimal strings; only the chart's geometry uses numbers.

const TOKEN_KEY = 'ledger-console-token';
const SVG = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

/** An HTTP refusal, named for the person reading it (401 and 403 say what they mean). */
class ApiError extends Error {
  constructor(status, body) {
    const detail = (body && (body.message || body.error)) || '';
    const names = {
      401: '401 Unauthorized: the token is missing or unknown; sign in again',
      403: '403 Forbidden: your role may not do this',
      404: '404 Not found',
      409: '409 Conflict',
    };
    const name = names[status] ?? `${status} ${status >= 500 ? 'Server error' : 'Refused'}`;
    super(detail ? `${name} (${detail})` : name);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem(TOKEN_KEY) ?? ''}` };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = response.headers.get('Content-Type') ?? '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function showError(error) {
  const box = $('error');
  box.textContent = error instanceof Error ? error.message : String(error);
  box.hidden = false;
}

function notify(text) {
  $('error').hidden = true;
  $('notice').textContent = text;
}

/** Runs an action of the page, showing its failure in the alert region. */
function guarded(action) {
  return async (event) => {
    event?.preventDefault?.();
    $('error').hidden = true;
    try {
      await action(event);
    } catch (error) {
      showError(error);
    }
  };
}

/** An element with text and attributes; children appended in order. */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'onclick') node.addEventListener('click', value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

const party = (p) => (p ? `${p.country_code}/${p.party_id}` : '—');
const when = (iso) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '—');

/** "DE/ABC" or "DE/ABC/CDR1" into path segments, refusing anything else. */
function segments(value, count, field) {
  const parts = value.trim().split('/');
  if (parts.length !== count || parts.some((part) => part === '')) {
    throw new Error(`${field}: expected ${count === 2 ? 'country/party' : 'country/party/id'}`);
  }
  return parts.map(encodeURIComponent).join('/');
}

// --- sign in and navigation ---------------------------------------------------------------

async function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  try {
    await api('/v1/exceptions?limit=1');
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw error;
  }
  enterWorkspace();
}

function enterWorkspace() {
  $('sign-in-form').hidden = true;
  $('workspace').hidden = false;
  $('signed-in').hidden = false;
  $('signed-in-as').textContent = 'with a token kept for this tab only.';
  showSection('exceptions');
  loadExceptions(null).catch(showError);
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.reload();
}

function showSection(name) {
  $('notice').textContent = '';
  for (const button of document.querySelectorAll('nav button[data-section]')) {
    const chosen = button.dataset.section === name;
    button.setAttribute('aria-pressed', String(chosen));
    $(button.dataset.section).hidden = !chosen;
  }
}

// --- the exception queue -------------------------------------------------------------------

const queue = { cursors: [], next: null, selected: null };

async function loadExceptions(cursor) {
  const form = new FormData($('exception-filters'));
  const query = new URLSearchParams();
  for (const name of ['status', 'type', 'limit']) {
    if (form.get(name)) query.set(name, form.get(name));
  }
  if (cursor) query.set('cursor', cursor);
  const page = await api(`/v1/exceptions?${query}`);
  queue.next = page.next_cursor ?? null;
  $('exception-next').disabled = queue.next === null;
  const rows = page.exceptions.map(exceptionRow);
  $('exception-table').tBodies[0].replaceChildren(...rows);
  $('exception-caption').textContent =
    `Exceptions (${page.exceptions.length} on this page${queue.next ? ', more follow' : ''})`;
}

function exceptionRow(exception) {
  const subject = exception.subject.cdr ?? exception.subject.session;
  const kind = exception.subject.cdr ? 'CDR' : 'session';
  const details = exception.details?.reason ?? exception.details?.detail ?? '';
  const risk = exception.amount_at_risk;
  const actions = el('td');
  if (exception.status === 'OPEN') {
    actions.append(
      el('button', {
        type: 'button',
        text: 'Resolve',
        'aria-label': `Resolve ${exception.type} of ${kind} ${subject?.id ?? ''}`,
        onclick: () => openResolution(exception),
      }),
    );
  }
  if (exception.subject.cdr) {
    const cdr = exception.subject.cdr;
    actions.append(
      ' ',
      el('button', {
        type: 'button',
        text: 'Lineage',
        'aria-label': `Lineage of CDR ${cdr.id}`,
        onclick: guarded(() => showLineage(`${cdr.country_code}/${cdr.party_id}/${cdr.id}`)),
      }),
    );
  }
  return el(
    'tr',
    { 'data-exception-id': exception.id },
    el('td', { text: exception.type }),
    el('td', { text: exception.status }),
    el('td', { text: party(exception.party) }),
    el('td', { text: `${kind} ${subject ? `${party(subject)}/${subject.id}` : ''}` }),
    el('td', { text: when(exception.detected_at) }),
    el('td', { text: String(details) }),
    el('td', { class: 'amount', text: risk ? `${risk.amount} ${risk.currency}` : '' }),
    actions,
  );
}

function openResolution(exception) {
  const holds_cdr = Boolean(exception.holds_cdr && exception.subject.cdr);
  queue.selected = exception;
  const subject = exception.subject.cdr ?? exception.subject.session;
  $('exception-resolution-heading').textContent = holds_cdr
    ? `Resolve held CDR ${party(subject)}/${subject.id}`
    : `Resolve ${exception.type} ${subject ? subject.id : exception.id}`;
  $('cdr-decision-field').hidden = !holds_cdr;
  $('exception-resolution').hidden = false;
  $('exception-note').value = '';
  (holds_cdr ? $('cdr-decision') : $('exception-note')).focus();
}

async function resolveSelected() {
  const exception = queue.selected;
  if (!exception) return;
  const note = $('exception-note').value.trim();
  const cdr = exception.subject.cdr;
  if (exception.holds_cdr && cdr) {
    const path = `${cdr.country_code}/${cdr.party_id}/${encodeURIComponent(cdr.id)}`;
    const decision = $('cdr-decision').value;
    const result = await api(`/v1/cdrs/${path}/resolution`, {
      method: 'POST',
      body: { decision, note },
    });
    notify(`CDR ${cdr.id} resolved (${decision}): now ${result.status}.`);
  } else {
    await api(`/v1/exceptions/${encodeURIComponent(exception.id)}/resolution`, {
      method: 'POST',
      body: { note },
    });
    notify(`Exception ${exception.type} resolved.`);
  }
  $('exception-resolution').hidden = true;
  queue.selected = null;
  await loadExceptions(queue.cursors.at(-1) ?? null);
  $('exception-table').focus();
}

// --- disputes ------------------------------------------------------------------------------

async function listDisputes() {
  const form = new FormData($('dispute-list-form'));
  const path = segments(String(form.get('party')), 2, 'party');
  const status = form.get('status') ? `?status=${form.get('status')}` : '';
  const page = await api(`/v1/partners/${path}/disputes${status}`);
  const items = page.disputes.map((dispute) =>
    el(
      'li',
      {},
      el('button', {
        type: 'button',
        text: `${dispute.id}`,
        onclick: guarded(() => showDispute(dispute.id)),
      }),
      ` ${dispute.status} · ${dispute.reason} · CDR ${dispute.cdr?.cdr_id ?? ''}`,
    ),
  );
  if (items.length === 0) items.push(el('li', { text: 'No disputes.' }));
  $('dispute-list').replaceChildren(...items);
}

let shown_dispute = null;

async function showDispute(id) {
  const { dispute } = await api(`/v1/disputes/${encodeURIComponent(id)}`);
  shown_dispute = dispute.id;
  $('dispute-id').value = dispute.id;
  $('dispute-title').textContent = `Dispute ${dispute.id}: ${dispute.status}`;
  const cdr = dispute.cdr;
  const claimed = dispute.claimed_total_cost;
  const facts = [
    ['CDR', `${cdr.country_code}/${cdr.party_id}/${cdr.cdr_id}`],
    ['Reason', dispute.reason],
    ['Claimed total', claimed ? `${claimed.excl_vat} excl. / ${claimed.incl_vat} incl. VAT` : '—'],
    ['Description', dispute.description ?? '—'],
    ['Opened', `${when(dispute.opened_at)} by ${dispute.opened_by}`],
    ['Resolution', resolutionText(dispute.resolution)],
  ];
  $('dispute-summary').replaceChildren(
    ...facts.flatMap(([name, value]) => [el('dt', { text: name }), el('dd', { text: value })]),
  );
  const evidence = (dispute.evidence ?? []).map((item) =>
    el('li', { text: `${item.id}: ${item.text} (${item.added_by ?? ''})` }),
  );
  if (evidence.length === 0) evidence.push(el('li', { text: 'No evidence yet.' }));
  $('dispute-evidence').replaceChildren(...evidence);
  $('dispute-history').replaceChildren(...(dispute.history ?? []).map(historyItem));
  $('dispute-resolution').hidden = dispute.status !== 'OPEN';
  $('dispute-view').hidden = false;
  $('dispute-title').setAttribute('tabindex', '-1');
  $('dispute-title').focus();
}

function resolutionText(resolution) {
  if (!resolution) return 'none yet';
  const cost = resolution.total_cost
    ? ` to ${resolution.total_cost.excl_vat} excl. / ${resolution.total_cost.incl_vat} incl. VAT`
    : '';
  return `${resolution.outcome}${cost}: ${resolution.note ?? ''} (${resolution.resolved_by ?? ''})`;
}

function historyItem(entry) {
  return el(
    'li',
    {},
    el('span', { class: 'event-type', text: entry.type }),
    el('div', { class: 'meta', text: `${when(entry.recorded_at)} · ${entry.principal ?? ''}` }),
  );
}

async function resolveDispute() {
  const form = new FormData($('dispute-resolution'));
  const outcome = String(form.get('outcome'));
  const body = { outcome, note: String(form.get('note')).trim() };
  if (outcome === 'ADJUSTED') {
    body.total_cost = {
      excl_vat: String(form.get('excl_vat')).trim(),
      incl_vat: String(form.get('incl_vat')).trim(),
    };
  }
  await api(`/v1/disputes/${encodeURIComponent(shown_dispute)}/resolution`, {
    method: 'POST',
    body,
  });
  notify(`Dispute ${shown_dispute} resolved: ${outcome}.`);
  await showDispute(shown_dispute);
}

// --- a CDR's lineage -----------------------------------------------------------------------

async function showLineage(cdr) {
  showSection('lineage');
  $('lineage-cdr').value = cdr;
  const { events } = await api(`/v1/audit/cdrs/${segments(cdr, 3, 'CDR')}`);
  $('lineage-timeline').replaceChildren(
    ...events.map((event) =>
      el(
        'li',
        { 'data-event-type': event.type },
        el('span', { class: 'event-type', text: event.type }),
        el('div', {
          class: 'meta',
          text:
            `occurred ${when(event.occurred_at)} · recorded ${when(event.recorded_at)} · ` +
            `${event.principal ?? ''} · ${event.stream}@${event.revision}`,
        }),
        el(
          'details',
          {},
          el('summary', { text: 'Event data' }),
          el('pre', { text: JSON.stringify(event.data, null, 2) }),
        ),
      ),
    ),
  );
  notify(`${events.length} events concern CDR ${cdr}, oldest first.`);
}

// --- balance over time ---------------------------------------------------------------------

/** `count` moments from the start of `from` to the end of `to`, evenly spaced. */
function moments(from, to, count) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Math.min(Date.parse(`${to}T23:59:59Z`), Date.now());
  if (!(end > start)) throw new Error('From must be before To (and before now)');
  const step = (end - start) / (count - 1);
  return Array.from({ length: count }, (_, i) => new Date(start + step * i).toISOString());
}

async function drawBalances() {
  const form = new FormData($('balance-form'));
  const path = segments(String(form.get('party')), 2, 'party');
  const count = Math.min(24, Math.max(2, Number(form.get('points')) || 8));
  const points = [];
  for (const as_of of moments(String(form.get('from')), String(form.get('to')), count)) {
    const view = await api(`/v1/partners/${path}/balances?as_of=${encodeURIComponent(as_of)}`);
    points.push({ as_of, balances: view.balances });
  }
  const currencies = [...new Set(points.flatMap((p) => p.balances.map((b) => b.currency)))];
  const series = currencies.map((currency) => ({
    currency,
    values: points.map((p) => ({
      as_of: p.as_of,
      amount: p.balances.find((b) => b.currency === currency)?.amount ?? '0',
    })),
  }));
  $('balance-chart').replaceChildren(chart(series));
  $('balance-caption').textContent =
    `Balance of ${String(form.get('party'))} at ${count} moments` +
    (currencies.length === 0 ? ': nothing posted' : ` (${currencies.join(', ')})`);
  $('balance-figure').hidden = false;
  $('balance-table').tBodies[0].replaceChildren(
    ...series.flatMap((s) =>
      s.values.map((v) =>
        el(
          'tr',
          {},
          el('td', { text: when(v.as_of) }),
          el('td', { text: s.currency }),
          el('td', { class: 'amount', text: v.amount }),
        ),
      ),
    ),
  );
  $('balance-table').hidden = false;
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

const COLOURS = ['#0b5cad', '#b5179e', '#2a9d8f', '#e76f51'];

/** A line per currency; the y axis spans the amounts and zero. Numbers only for pixels. */
function chart(series) {
  const width = 640;
  const height = 260;
  const pad = { left: 70, right: 16, top: 16, bottom: 40 };
  const root = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': 'balance-caption',
  });
  const amounts = series.flatMap((s) => s.values.map((v) => Number(v.amount)));
  const low = Math.min(0, ...amounts);
  const high = Math.max(0, ...amounts);
  const span = high - low || 1;
  const count = series[0]?.values.length ?? 0;
  const x = (i) => pad.left + ((width - pad.left - pad.right) * i) / Math.max(1, count - 1);
  const y = (amount) => pad.top + ((high - amount) * (height - pad.top - pad.bottom)) / span;
  root.append(
    svg('line', {
      class: 'chart-axis',
      x1: pad.left,
      x2: pad.left,
      y1: pad.top,
      y2: height - pad.bottom,
    }),
    svg('line', { class: 'chart-zero', x1: pad.left, x2: width - pad.right, y1: y(0), y2: y(0) }),
    svg('text', { class: 'chart-label', x: 4, y: y(high) + 4 }, String(high)),
    svg('text', { class: 'chart-label', x: 4, y: y(low) + 4 }, String(low)),
  );
  series[0]?.values.forEach((v, i) => {
    if (i % Math.ceil(count / 6) !== 0 && i !== count - 1) return;
    root.append(
      svg('text', { class: 'chart-label', x: x(i) - 24, y: height - 20 }, v.as_of.slice(0, 10)),
    );
  });
  series.forEach((s, index) => {
    const colour = COLOURS[index % COLOURS.length];
    const path = s.values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i)},${y(Number(v.amount))}`);
    root.append(svg('path', { class: 'chart-line', d: path.join(' '), stroke: colour }));
    s.values.forEach((v, i) => {
      const dot = svg('circle', { cx: x(i), cy: y(Number(v.amount)), r: 3.5, fill: colour });
      dot.append(svg('title', {}, `${when(v.as_of)}: ${v.amount} ${s.currency}`));
      root.append(dot);
    });
    root.append(
      svg(
        'text',
        { class: 'chart-label', x: width - 60, y: 14 + 14 * index, fill: colour },
        s.currency,
      ),
    );
  });
  return root;
}

// --- statements and invoices ---------------------------------------------------------------

async function showDocuments() {
  const path = segments($('documents-party').value, 2, 'party');
  const [statements, invoices] = await Promise.all([
    api(`/v1/partners/${path}/statements`),
    api(`/v1/partners/${path}/invoices`),
  ]);
  $('statement-table').tBodies[0].replaceChildren(...statements.statements.map(statementRow));
  $('invoice-table').tBodies[0].replaceChildren(...invoices.invoices.map(invoiceRow));
  $('statement-table').hidden = false;
  $('invoice-table').hidden = false;
  notify(`${statements.statements.length} statements, ${invoices.invoices.length} invoices.`);
}

function statementRow(statement) {
  return el(
    'tr',
    {},
    el('td', { text: statement.id ?? '' }),
    el('td', { text: statement.agreement_id ?? '' }),
    el('td', { text: `${when(statement.period_start)} – ${when(statement.period_end)}` }),
    el('td', { text: statement.currency ?? '' }),
    el(
      'td',
      {},
      el(
        'details',
        {},
        el('summary', { text: 'Statement' }),
        el('pre', { text: JSON.stringify(statement, null, 2) }),
      ),
    ),
  );
}

function invoiceRow(invoice) {
  return el(
    'tr',
    {},
    el('td', { text: invoice.number ?? invoice.id }),
    el('td', { text: invoice.type }),
    el('td', { text: invoice.issue_date ?? '' }),
    el('td', { text: party(invoice.issuer?.party ?? invoice.issuer) }),
    el('td', { text: party(invoice.recipient?.party ?? invoice.recipient) }),
    el('td', { class: 'amount', text: `${invoice.total_incl_vat} ${invoice.currency}` }),
    el(
      'td',
      {},
      el('button', {
        type: 'button',
        text: 'Show HTML',
        'aria-label': `Show invoice ${invoice.number ?? invoice.id}`,
        onclick: guarded(() => showInvoice(invoice.id)),
      }),
    ),
  );
}

/**
 * The invoice's own HTML, fetched with the token (a frame cannot send it) and shown in a frame
 * sandboxed without scripts. The frame inherits the console's Content-Security-Policy, which
 * refuses inline styles: the console's stylesheet for documents takes the place of the inline one.
 */
async function showInvoice(id) {
  const html = await api(`/v1/invoices/${encodeURIComponent(id)}.html`);
  const styled = `<link rel="stylesheet" href="${location.origin}/console/document.css">`;
  const frame = $('invoice-frame');
  frame.srcdoc = html.replace(/<style>[\s\S]*?<\/style>/g, '').replace('<head>', `<head>${styled}`);
  frame.hidden = false;
  frame.focus();
  notify(`Invoice ${id} shown below.`);
}

// --- wiring --------------------------------------------------------------------------------

function wire() {
  $('sign-in-form').addEventListener(
    'submit',
    guarded(() => signIn($('token').value.trim())),
  );
  $('sign-out').addEventListener('click', signOut);
  for (const button of document.querySelectorAll('nav button[data-section]')) {
    button.addEventListener('click', () => showSection(button.dataset.section));
  }
  $('exception-filters').addEventListener(
    'submit',
    guarded(() => {
      queue.cursors = [];
      return loadExceptions(null);
    }),
  );
  $('exception-first').addEventListener(
    'click',
    guarded(() => {
      queue.cursors = [];
      return loadExceptions(null);
    }),
  );
  $('exception-next').addEventListener(
    'click',
    guarded(() => {
      queue.cursors.push(queue.next);
      return loadExceptions(queue.next);
    }),
  );
  $('exception-resolution').addEventListener('submit', guarded(resolveSelected));
  $('exception-resolution-cancel').addEventListener('click', () => {
    $('exception-resolution').hidden = true;
  });
  $('dispute-list-form').addEventListener('submit', guarded(listDisputes));
  $('dispute-open-form').addEventListener(
    'submit',
    guarded(() => showDispute($('dispute-id').value.trim())),
  );
  $('dispute-outcome').addEventListener('change', () => {
    $('dispute-total-cost').disabled = $('dispute-outcome').value !== 'ADJUSTED';
  });
  $('dispute-resolution').addEventListener('submit', guarded(resolveDispute));
  $('lineage-form').addEventListener(
    'submit',
    guarded(() => showLineage($('lineage-cdr').value.trim())),
  );
  $('balance-form').addEventListener('submit', guarded(drawBalances));
  $('documents-form').addEventListener('submit', guarded(showDocuments));
  const today = new Date().toISOString().slice(0, 10);
  $('balance-to').value = today;
  $('balance-from').value = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  if (sessionStorage.getItem(TOKEN_KEY)) enterWorkspace();
  else $('token').focus();
}

if (typeof window !== 'undefined') wire();
