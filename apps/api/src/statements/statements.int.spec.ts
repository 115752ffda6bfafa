import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { EventStore } from '#event-store';
import { invoiceArithmeticViolations, type Invoice } from '#invoicing';
import { AGREEMENT, ApiHarness, EMSP_TOKEN } from '../test-support/api-harness.js';
import {
  REVERSE_CHARGE_AGREEMENT,
  checkUbl,
  closePeriod,
  postCdr,
  setUpSettlement,
} from './test-support/settlement-setup.js';

interface Summary {
  id: string;
  number: string;
  type: 'INVOICE' | 'CREDIT_NOTE';
  issuer: { country_code: string; party_id: string };
  statement_id: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The numbers an issuer gave, in order: must be 1..n without gaps. */
function expectGapFree(summaries: readonly Summary[], issuer: string): void {
  const numbers = summaries
    .filter((s) => `${s.issuer.country_code}${s.issuer.party_id}` === issuer)
    .map((s) => s.number)
    .sort();
  expect(numbers).toEqual(numbers.map((_, i) => `${issuer}-${String(i + 1).padStart(6, '0')}`));
}

describe('closing settlement periods (POST /v1/agreements/{id}/statements)', () => {
  let api: ApiHarness;
  let first: { statement: { statement_id: string; period_end: string }; invoices: Summary[] };

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await postCdr(api, 'CDR1');
    await postCdr(api, 'CDR2');
  });
  afterAll(async () => {
    await api.stop();
  });

  const invoice = async (id: string): Promise<Invoice> => {
    const response = await api.http().get(`/v1/invoices/${id}`).set('Authorization', api.admin());
    expect(response.status).toBe(200);
    return response.body as Invoice;
  };

  it('closes a period: a statement with the CDRs and invoices with gap-free numbers', async () => {
    const response = await closePeriod(api, AGREEMENT.id);
    expect(response.status).toBe(201);
    first = response.body;
    expect(response.body.statement).toMatchObject({
      agreement_id: AGREEMENT.id,
      sequence: 1,
      currency: 'EUR',
      charges_minor: '550',
    });
    expect(response.body.statement.cdr_lines.map((l: { cdr_id: string }) => l.cdr_id)).toEqual([
      'CDR1',
      'CDR2',
    ]);
    const invoices = response.body.invoices as Summary[];
    expect(invoices.map((i) => [i.number, i.type])).toEqual([
      ['DEABC-000001', 'INVOICE'],
      ['NLHUB-000001', 'INVOICE'],
    ]);
    expect(invoices[0]).toEqual({
      id: expect.any(String),
      number: 'DEABC-000001',
      type: 'INVOICE',
      issuer: { country_code: 'DE', party_id: 'ABC' },
      recipient: { country_code: 'NL', party_id: 'XYZ' },
      currency: 'EUR',
      issue_date: expect.any(String),
      total_excl_vat: '5.00',
      total_vat: '0.50',
      total_incl_vat: '5.50',
      statement_id: response.body.statement.statement_id,
    });
    // The CDRs' tariff states 10 % VAT (the ledger settled 5.50 incl. VAT): the invoice applies
    // that rate, and the statement shows the difference to the place of supply's 19 %.
    expect(response.body.statement.reconciliation).toMatchObject({
      policy: 'line_nets_rounded_vat_rounded_once_per_rate',
      charges: {
        posted_minor: '550',
        invoiced_incl_vat_minor: '550',
        difference_minor: '0',
        by_vat_rate: [{ category: 'S', rate_percent: '10', lines: 2 }],
      },
      fees: [{ settled_on: 'excl_vat', vat_on_fees: 'posted_at_close', invoiced_vat_minor: '8' }],
      vat_rate_differences: [
        { cdr_id: 'CDR1', stated_rate_percent: '10', place_of_supply_rate_percent: '19' },
        { cdr_id: 'CDR2', stated_rate_percent: '10', place_of_supply_rate_percent: '19' },
      ],
    });
    const charges = await invoice(invoices[0]!.id);
    expect(invoiceArithmeticViolations(charges)).toEqual([]);
    expect(charges.issuer.vat_id).toBe('DE123456789');
    expect(charges.recipient.vat_id).toBe('NL123456789B01');
    expect(charges.issuer.electronic_address).toEqual({ scheme: '9930', id: 'DE123456789' });
    expect(charges.vat_breakdown).toMatchObject([{ category: 'S', rate_percent: '10' }]);
  });

  it('the same period_end again -> 200 with the same statement and invoices', async () => {
    const again = await closePeriod(api, AGREEMENT.id, {
      period_end: first.statement.period_end,
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first);
  });

  it('refuses a period_end in the future or not after the previous one (409)', async () => {
    const future = await closePeriod(api, AGREEMENT.id, {
      period_end: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(future.status).toBe(409);
    expect(future.body).toMatchObject({ error: 'statement_period_in_future' });
    const earlier = await closePeriod(api, AGREEMENT.id, {
      period_end: new Date(Date.parse(first.statement.period_end) - 1000).toISOString(),
    });
    expect(earlier.status).toBe(409);
    expect(earlier.body).toMatchObject({ error: 'statement_period_not_after_previous' });
  });

  it('refuses a first period that ends before the agreement takes effect, saying so', async () => {
    const agreement = { ...AGREEMENT, id: 'DEABC-NLXYZ-LATE' };
    const registered = await api
      .http()
      .post('/admin/agreements')
      .set('Authorization', api.admin())
      .send(agreement);
    expect(registered.status).toBe(201);
    const before = await closePeriod(api, agreement.id, {
      period_end: new Date(Date.now() - 86_400_000).toISOString(),
    });
    expect(before.status).toBe(409);
    expect(before.body).toMatchObject({
      error: 'statement_period_before_agreement',
      field: 'period_end',
    });
  });

  it('answers 404 for an unknown agreement and 400 naming a malformed period_end', async () => {
    const unknown = await closePeriod(api, 'NO-SUCH-AGREEMENT');
    expect(unknown.status).toBe(404);
    const malformed = await closePeriod(api, AGREEMENT.id, { period_end: 'next tuesday' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error: 'validation_failed', field: 'period_end' });
    const typed = await closePeriod(api, AGREEMENT.id, { period_end: 42 });
    expect(typed.status).toBe(400);
    expect(typed.body.field).toBe('period_end');
    const partner = await api
      .http()
      .post(`/v1/agreements/${AGREEMENT.id}/statements`)
      .set('Authorization', api.ocpiToken(EMSP_TOKEN))
      .send({});
    expect(partner.status).toBe(401);
  });

  it('puts a late CDR and a credit of an invoiced CDR into the next period', async () => {
    await postCdr(api, 'CDR3');
    await postCdr(api, 'CDR1-CREDIT', { credit_of: 'CDR1' });
    await sleep(2);
    const second = await closePeriod(api, AGREEMENT.id);
    expect(second.status).toBe(201);
    expect(second.body.statement).toMatchObject({
      sequence: 2,
      period_start: first.statement.period_end,
    });
    expect(second.body.statement.cdr_lines.map((l: { cdr_id: string }) => l.cdr_id)).toEqual([
      'CDR3',
    ]);
    expect(second.body.statement.credit_lines).toHaveLength(1);
    const invoices = second.body.invoices as Summary[];
    const notes = invoices.filter((i) => i.type === 'CREDIT_NOTE');
    expect(notes.map((n) => n.issuer.party_id).sort()).toEqual(['ABC', 'HUB']);
    for (const note of notes) {
      const document = await invoice(note.id);
      const original = first.invoices.find((i) => i.issuer.party_id === note.issuer.party_id)!;
      expect(document.preceding_invoice).toEqual({
        invoice_id: original.id,
        number: original.number,
        issue_date: expect.any(String),
      });
      expect(invoiceArithmeticViolations(document)).toEqual([]);
      const xml = await api
        .http()
        .get(`/v1/invoices/${note.id}.xml`)
        .set('Authorization', api.admin());
      expect(checkUbl(xml.text).type).toBe('CREDIT_NOTE');
    }
    expectGapFree([...first.invoices, ...invoices], 'DEABC');
    expectGapFree([...first.invoices, ...invoices], 'NLHUB');
  });

  it('a reverse-charge agreement invoices AE at 0 % with both VAT ids in the UBL', async () => {
    await postCdr(api, 'CDR-BE-1', { emsp: 'BE' });
    const closed = await closePeriod(api, REVERSE_CHARGE_AGREEMENT.id);
    expect(closed.status).toBe(201);
    const [charges] = closed.body.invoices as Summary[];
    const document = await invoice(charges!.id);
    expect(document.vat_breakdown).toMatchObject([
      { category: 'AE', rate_percent: '0', tax_minor: '0' },
    ]);
    expect(document.totals.vat_minor).toBe('0');
    const xml = await api
      .http()
      .get(`/v1/invoices/${charges!.id}.xml`)
      .set('Authorization', api.admin());
    expect(xml.status).toBe(200);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    checkUbl(xml.text);
    expect(xml.text).toContain('DE123456789');
    expect(xml.text).toContain('BE0123456789');
    expect(xml.text).toContain('VATEX-EU-AE');
    await sleep(2);
    const empty = await closePeriod(api, REVERSE_CHARGE_AGREEMENT.id);
    expect(empty.status).toBe(201);
    expect(empty.body.statement).toMatchObject({ sequence: 2, cdr_lines: [], credit_lines: [] });
    expect(empty.body.invoices).toEqual([]);
  });
});

describe('closing periods concurrently and after a crash', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  it('two concurrent closes of one agreement make one statement', async () => {
    await postCdr(api, 'CDR-A1');
    await sleep(2);
    const period_end = new Date().toISOString();
    const responses = await Promise.all(
      Array.from({ length: 4 }, () => closePeriod(api, AGREEMENT.id, { period_end })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    const ids = new Set(responses.map((r) => r.body.statement.statement_id as string));
    expect(ids.size).toBe(1);
    const numbers = new Set(responses.map((r) => JSON.stringify(r.body.invoices)));
    expect(numbers.size).toBe(1);
    const listed = await api
      .http()
      .get(`/v1/agreements/${AGREEMENT.id}/statements`)
      .set('Authorization', api.admin());
    expect(listed.body.statements).toHaveLength(1);
  });

  it('concurrent closes of two agreements of one CPO keep its numbers gap-free', async () => {
    for (let round = 1; round <= 3; round += 1) {
      await postCdr(api, `CDR-NL-${round}`);
      await postCdr(api, `CDR-BE-${round}`, { emsp: 'BE' });
      await sleep(2);
      const closes = await Promise.all([
        closePeriod(api, AGREEMENT.id),
        closePeriod(api, REVERSE_CHARGE_AGREEMENT.id),
      ]);
      expect(closes.map((c) => c.status)).toEqual([201, 201]);
    }
    const listed = await api
      .http()
      .get('/v1/partners/DE/ABC/invoices?limit=200')
      .set('Authorization', api.admin());
    const issued = (listed.body.invoices as Summary[]).filter((i) => i.issuer.party_id === 'ABC');
    expect(issued).toHaveLength(7);
    expectGapFree(issued, 'DEABC');
  });

  it('a retried close issues the invoices a crash left unissued', async () => {
    await postCdr(api, 'CDR-CRASH');
    await sleep(2);
    const store = api.app.get<EventStore>(EVENT_STORE);
    const append = store.append.bind(store);
    store.append = async (stream, events, expected) => {
      if (stream.startsWith('invoice-numbers-')) throw new Error('simulated crash');
      return append(stream, events, expected);
    };
    const period_end = new Date().toISOString();
    try {
      const crashed = await closePeriod(api, AGREEMENT.id, { period_end });
      expect(crashed.status).toBe(500);
    } finally {
      store.append = append;
    }
    const statements = await api
      .http()
      .get(`/v1/agreements/${AGREEMENT.id}/statements?limit=1`)
      .set('Authorization', api.admin());
    const statement_id = statements.body.statements[0].statement_id as string;
    const before = await api
      .http()
      .get('/v1/partners/DE/ABC/invoices?limit=200')
      .set('Authorization', api.admin());
    expect(before.body.invoices.some((i: Summary) => i.statement_id === statement_id)).toBe(false);
    const retried = await closePeriod(api, AGREEMENT.id, { period_end });
    expect(retried.status).toBe(200);
    expect(retried.body.statement.statement_id).toBe(statement_id);
    expect(retried.body.invoices.map((i: Summary) => i.type)).toEqual(['INVOICE', 'INVOICE']);
    const after = await api
      .http()
      .get('/v1/partners/DE/ABC/invoices?limit=200')
      .set('Authorization', api.admin());
    expectGapFree(after.body.invoices as Summary[], 'DEABC');
  });
});
