import { text } from '#invoicing/test-support/xml-reading.js';
import { AGREEMENT, ApiHarness, EMSP_TOKEN } from '../test-support/api-harness.js';
import {
  checkUbl,
  closePeriod,
  postCdr,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';
import {
  disputeBody,
  openDispute,
  registerPrincipals,
  resolveDispute,
} from './test-support/dispute-setup.js';

interface Document {
  id: string;
  number: string;
  type: 'INVOICE' | 'CREDIT_NOTE';
  kind: string;
  preceding_invoice: { invoice_id: string; number: string } | null;
  lines: { cdr: { cdr_id: string }; net_minor: string; dispute_id?: string }[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Adjustments flow into the next close as credit notes and corrective invoices. */
describe('disputes in statements and invoices', () => {
  let api: ApiHarness;
  let first_statement: unknown;
  let first_charges: Document;
  let first_fees: Document;
  let second: { statement: Record<string, unknown>; invoices: Document[] };

  async function adjust(id: string, cdr_id: string, resolution: object) {
    const emsp = api.ocpiToken(EMSP_TOKEN);
    expect((await openDispute(api, disputeBody(id, cdr_id), emsp)).status).toBe(201);
    const resolved = await resolveDispute(api, id, resolution);
    if (resolved.status !== 201) throw new Error(`${id}: ${resolved.text}`);
  }

  async function documentsOf(summaries: { id: string }[]): Promise<Document[]> {
    const documents: Document[] = [];
    for (const { id } of summaries) {
      const response = await api.http().get(`/v1/invoices/${id}`).set('Authorization', api.admin());
      documents.push({ ...response.body, id: response.body.invoice_id } as Document);
    }
    return documents;
  }

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await registerPrincipals(api);
    for (const id of ['CDR1', 'CDR2', 'CDR3']) await postCdr(api, id);
    await sleep(2);
    const closed = await closePeriod(api, AGREEMENT.id);
    expect(closed.status).toBe(201);
    first_statement = closed.body.statement;
    [first_charges, first_fees] = await documentsOf(closed.body.invoices);
    await sleep(2);
    // CDR1 down (2.75 -> 2.20), CDR2 up (2.75 -> 3.30), CDR3 voided (fee reversed too).
    await adjust('DSP-DOWN', 'CDR1', {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '2.00', incl_vat: '2.20' },
    });
    await adjust('DSP-UP', 'CDR2', {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '3.00', incl_vat: '3.30' },
    });
    await adjust('DSP-VOID', 'CDR3', { outcome: 'VOIDED' });
    // A CDR posted and adjusted in the same period: a signed line on that period's invoice.
    await postCdr(api, 'CDR4');
    await adjust('DSP-SAME', 'CDR4', {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '1.00', incl_vat: '1.10' },
    });
    await sleep(2);
    const again = await closePeriod(api, AGREEMENT.id);
    expect(again.status).toBe(201);
    second = { statement: again.body.statement, invoices: await documentsOf(again.body.invoices) };
  });
  afterAll(async () => {
    await api.stop();
  });

  const get = (path: string) => api.http().get(path).set('Authorization', api.admin());

  it('carries the adjustments in the next statement; the closed one never changes', async () => {
    const { statement } = second;
    expect(statement.adjustments_minor).toBe(String(-55 + 55 - 275 - 165));
    expect((statement.adjustment_lines as unknown[]).length).toBe(4);
    // Opening 3 x 2.75; CDR4 2.75; adjustments -4.40.
    expect(statement.opening_balance_minor).toBe('825');
    expect(statement.closing_balance_minor).toBe(String(825 + 275 - 440));
    const listed = await get(`/v1/agreements/${AGREEMENT.id}/statements`);
    const stored = (listed.body.statements as { sequence: number }[]).find((s) => s.sequence === 1);
    expect(stored).toEqual(first_statement);
  });

  it('issues a credit note and a corrective invoice referencing the original invoice', async () => {
    const charges = second.invoices.filter((d) => d.kind === 'cdr_charges');
    const credit = charges.find((d) => d.type === 'CREDIT_NOTE')!;
    const debit = charges.find((d) => d.type === 'INVOICE' && d.preceding_invoice !== null)!;
    const regular = charges.find((d) => d.type === 'INVOICE' && d.preceding_invoice === null)!;
    expect(credit.preceding_invoice).toMatchObject({ number: first_charges.number });
    expect(credit.lines.map((l) => [l.cdr.cdr_id, l.net_minor, l.dispute_id])).toEqual([
      ['CDR1', '50', 'DSP-DOWN'],
      ['CDR3', '250', 'DSP-VOID'],
    ]);
    expect(debit.preceding_invoice).toMatchObject({ number: first_charges.number });
    expect(debit.lines.map((l) => [l.cdr.cdr_id, l.net_minor])).toEqual([['CDR2', '50']]);
    expect(regular.lines.map((l) => [l.cdr.cdr_id, l.net_minor])).toEqual([
      ['CDR4', '250'],
      ['CDR4', '-150'],
    ]);
    for (const document of [credit, debit, regular]) {
      const xml = (await get(`/v1/invoices/${document.id}.xml`)).text;
      const { root } = checkUbl(xml);
      if (document !== regular) {
        expect(text(root, 'cac:BillingReference', 'cac:InvoiceDocumentReference', 'cbc:ID')).toBe(
          first_charges.number,
        );
      }
    }
  });

  it('follows with the fee documents: the voided CDR credits its fee', async () => {
    const fees = second.invoices.filter((d) => d.kind === 'fees');
    const credit = fees.find((d) => d.type === 'CREDIT_NOTE')!;
    expect(credit.preceding_invoice).toMatchObject({ number: first_fees.number });
    expect(credit.lines.map((l) => [l.cdr.cdr_id, l.net_minor])).toEqual([['CDR3', '20']]);
    checkUbl((await get(`/v1/invoices/${credit.id}.xml`)).text);
  });

  it('credits what is settled now when a credit CDR follows an adjustment', async () => {
    await postCdr(api, 'CDR1-C', { credit_of: 'CDR1' });
    await sleep(2);
    const third = await closePeriod(api, AGREEMENT.id);
    expect(third.status).toBe(201);
    const documents = await documentsOf(third.body.invoices);
    const credit = documents.find((d) => d.kind === 'cdr_charges' && d.type === 'CREDIT_NOTE')!;
    expect(credit.preceding_invoice).toMatchObject({ number: first_charges.number });
    expect(credit.lines.map((l) => [l.cdr.cdr_id, l.net_minor])).toEqual([['CDR1-C', '200']]);
    expect(third.body.statement.credits_minor).toBe('-220');
    checkUbl((await get(`/v1/invoices/${credit.id}.xml`)).text);
  });

  it('reconciles the statement with its documents', () => {
    const reconciliation = second.statement.reconciliation as {
      charges: { posted_minor: string; invoiced_excl_vat_minor: string };
    };
    expect(reconciliation.charges.posted_minor).toBe(String(275 - 440));
  });
});
