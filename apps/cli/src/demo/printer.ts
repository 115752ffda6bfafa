/**
 * The demo's report for people: plain aligned text tables on stdout, no dependency.
 */
import type { DemoReport } from './runner.js';

type Align = 'left' | 'right';

/** Rows under a header, columns padded to their widest cell; numbers right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].map((text) => `  ${text}`).join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function countsSection(report: DemoReport): string {
  const { expected: e, observed: o } = report;
  const held = Object.entries(o.held).sort(([a], [b]) => a.localeCompare(b));
  const rows: string[][] = [
    ['sessions (PUT, PATCH, PUT COMPLETED)', String(e.sessions), String(e.sessions)],
    ['CDRs delivered (201 new)', String(e.cdrs), String(o.cdrs_created)],
    ['CDRs posted', String(e.posted), String(o.posted)],
    ...held.map(([reason, count]) => [
      `CDRs held: ${reason}`,
      reason === 'PRICE_MISMATCH' ? String(e.price_mismatch) : '0',
      String(count),
    ]),
    ['duplicates acknowledged (200)', String(e.duplicates), String(o.duplicates_acknowledged)],
    ['credit CDRs posted', String(e.credits), String(o.credits_posted)],
    ['CDRs credited', String(e.credits), String(o.credited)],
  ];
  if (!held.some(([reason]) => reason === 'PRICE_MISMATCH')) {
    rows.splice(3, 0, ['CDRs held: PRICE_MISMATCH', String(e.price_mismatch), '0']);
  }
  if (o.cdrs_already_known > 0) {
    rows.splice(2, 0, ['CDRs already known (200, unexpected)', '0', String(o.cdrs_already_known)]);
  }
  return `Counts\n${table(['', 'generated', 'ledger'], rows, ['left', 'right', 'right'])}`;
}

/**
 * Each statement against its documents: the charges the ledger posted vs the charge invoices
 * (VAT per rate on the sum, rounded once: the difference is VAT rounding), and the fees, posted
 * net, whose VAT is on the fee invoices only.
 */
function reconciliationSection(report: DemoReport): string | null {
  const rows = report.close.statements.flatMap((s) =>
    s.figures === null
      ? []
      : [
          [
            s.agreement_id,
            s.figures.currency,
            s.figures.posted,
            s.figures.invoiced_incl_vat,
            s.figures.rounding_difference,
            s.figures.fees_posted_net,
            s.figures.fees_vat_invoiced,
            String(s.figures.vat_rate_differences),
          ],
        ],
  );
  if (rows.length === 0) return null;
  const header = [
    'agreement',
    'currency',
    'charges posted',
    'invoiced incl. VAT',
    'rounding diff.',
    'fees posted (net)',
    'fee VAT invoiced',
    'VAT rate diffs',
  ];
  const align = ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'] as const;
  return (
    'Statements reconciled with their invoices (VAT per rate on the sum of line nets, rounded ' +
    'once, BR-CO-17;\n  fees posted net, their VAT posted at the close)\n' +
    table(header, rows, align)
  );
}

function closeSection(report: DemoReport): string[] {
  const { close } = report;
  const out: string[] = [];
  if (close.endpoints.statements === 'not available')
    out.push('statements: not available on this server');
  else {
    const rows = close.statements.map((s) => [
      s.agreement_id,
      s.status === 201 ? 'issued' : 'already issued',
      String(s.invoice_ids.length),
    ]);
    out.push(
      `Statements (period closed now)\n${table(['agreement', 'statement', 'invoices'], rows, ['left', 'left', 'right'])}`,
    );
    const reconciled = reconciliationSection(report);
    if (reconciled !== null) out.push(reconciled);
  }
  if (close.endpoints.balances === 'not available')
    out.push('balances: not available on this server');
  else {
    const rows = close.balances.map((b) => [
      `${b.party.country_code}/${b.party.party_id}`,
      b.party.role,
      b.party.name,
      b.currency,
      b.amount,
      b.counterparties.map((c) => `${c.party} ${c.amount}`).join(', '),
    ]);
    out.push(
      `Partner balances (to the cent; positive = the party is owed money)\n` +
        table(['party', 'role', 'name', 'currency', 'balance', 'by counterparty'], rows, [
          'left',
          'left',
          'left',
          'left',
          'right',
        ]),
    );
  }
  if (close.endpoints.invoices === 'not available')
    out.push('invoices: not available on this server');
  else {
    const rows = close.invoices.map((i) => [
      i.number,
      i.type,
      i.issuer,
      i.recipient,
      i.currency,
      i.total_excl_vat,
      i.total_incl_vat,
    ]);
    out.push(
      `Invoices issued (${rows.length})\n` +
        table(
          ['number', 'type', 'issuer', 'recipient', 'currency', 'excl. VAT', 'incl. VAT'],
          rows,
          ['left', 'left', 'left', 'left', 'left', 'right', 'right'],
        ),
    );
  }
  return out;
}

const FAILURES_SHOWN_MAX = 20;

function failuresSection(report: DemoReport): string {
  if (report.failures.length === 0) return 'Unexpected HTTP answers: none';
  const rows = report.failures
    .slice(0, FAILURES_SHOWN_MAX)
    .map((f) => [
      f.label,
      `${f.method} ${f.path}`,
      f.status === 0 ? 'no answer' : String(f.status),
      f.message,
    ]);
  const more = report.failures.length - rows.length;
  return (
    `Unexpected HTTP answers: ${report.failures.length}\n` +
    table(['request', 'call', 'status', 'message'], rows) +
    (more > 0 ? `\n  ... and ${more} more` : '')
  );
}

/** Where a newcomer can look next: the store served again, and a few CDRs in it. */
function nextSection(report: DemoReport): string {
  const serve =
    report.data_dir === null
      ? `The data stays on ${report.base_url}; for example (admin token):`
      : `Serve the store again: LEDGER_DATA_DIR=${report.data_dir} LEDGER_ADMIN_TOKEN=<choose one> ` +
        'bin/ledger serve\nthen, with that token as "Authorization: Bearer <token>":';
  const rows = report.examples.map((example) => [`GET ${example.path}`, example.what]);
  const invoice = report.close.invoices[0];
  if (invoice !== undefined) {
    rows.push([`GET /v1/invoices/${invoice.id}.html`, 'an invoice, for people (.xml: UBL)']);
  }
  return `${serve}\n${table(['request', 'shows'], rows)}`;
}

export function formatReport(report: DemoReport): string {
  const t = report.timing;
  const rate = Math.round(report.requests / Math.max(0.001, t.total_ms / 1000));
  const where =
    report.data_dir === null
      ? report.base_url
      : `${report.data_dir} (served at ${report.base_url})`;
  const sections = [
    `ledger demo: seed ${report.seed}, sessions in ${report.month}, ledger at ${where}`,
    countsSection(report),
    ...closeSection(report),
    failuresSection(report),
    nextSection(report),
    `Time: ${seconds(t.total_ms)} for ${report.requests} requests (${rate} req/s): generate ${seconds(t.generate_ms)}, ` +
      `set-up ${seconds(t.setup_ms)}, sessions and CDRs ${seconds(t.sessions_ms)}, checks ${seconds(t.verify_ms)}, close ${seconds(t.close_ms)}`,
  ];
  return `${sections.join('\n\n')}\n`;
}
