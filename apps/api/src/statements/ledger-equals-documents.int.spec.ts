import { validCdr, validTariff } from '#ocpi/test-support/ocpi-fixtures.js';
import { formatMinorUnits } from '#money';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';
import { closePeriod, setUpSettlement } from './test-support/settlement-setup.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 13 over HTTP: a CPO tariff with a FLAT fee at 10 % VAT and ENERGY at 12 % (the CDR
 * settles at 6.10 incl. VAT, the place of supply DE would say 19 %). After the close, the eMSP
 * pays the charge invoice and the CPO pays the hub's fee invoice, each exactly its payable
 * amount: every balance between the CPO, the eMSP and the hub is then zero.
 */
describe('paying every document exactly leaves every balance at zero', () => {
  let api: ApiHarness;
  const tariff = validTariff({
    id: 'TM',
    elements: [
      { price_components: [{ type: 'FLAT', price: 3.0, vat: 10, step_size: 1 }] },
      { price_components: [{ type: 'ENERGY', price: 0.25, vat: 12, step_size: 1 }] },
    ],
  });

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    const cpo = api.ocpiToken(CPO_TOKEN);
    const put = await api.http().put('/ocpi/2.2.1/tariffs/DE/ABC/TM').set('Authorization', cpo).send(tariff);
    expect(put.status).toBe(200);
    const cdr = validCdr({
      id: 'CDR-MR',
      tariffs: [tariff],
      charging_periods: [
        { start_date_time: '2026-03-02T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 10 }], tariff_id: 'TM' },
      ],
      total_cost: { excl_vat: 5.5, incl_vat: 6.1 },
    });
    const posted = await api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', cpo).send(cdr);
    expect(posted.status).toBe(201);
    const view = await api.http().get('/v1/cdrs/DE/ABC/CDR-MR').set('Authorization', api.admin());
    expect(view.body.status).toBe('POSTED');
    await sleep(5);
  }); // prettier-ignore
  afterAll(async () => {
    await api.stop();
  });

  const balances = async (party: string) => {
    const response = await api
      .http()
      .get(`/v1/partners/${party}/balances`)
      .set('Authorization', api.admin());
    expect(response.status).toBe(200);
    return (response.body.balances as { counterparties: { party_id: string; amount: string }[] }[])
      .flatMap((balance) => balance.counterparties)
      .map((counterparty) => `${counterparty.party_id} ${counterparty.amount}`);
  };

  it('invoices 6.10 at 10 % and 12 %, posts the fee VAT, and ends at zero after paying', async () => {
    const closed = await closePeriod(api, 'DEABC-NLXYZ');
    expect(closed.status).toBe(201);
    const documents = await Promise.all(
      (closed.body.invoices as { id: string }[]).map(async ({ id }) => {
        const response = await api.http().get(`/v1/invoices/${id}`).set('Authorization', api.admin());
        expect(response.status).toBe(200);
        return response.body as {
          kind: string;
          type: string;
          vat_breakdown: { rate_percent: string; tax_minor: string }[];
          totals: { payable_minor: string };
        };
      }),
    ); // prettier-ignore
    const charges = documents.find((doc) => doc.kind === 'cdr_charges')!;
    const fees = documents.find((doc) => doc.kind === 'fees')!;
    expect(charges.totals.payable_minor).toBe('610');
    expect(charges.vat_breakdown.map((v) => [v.rate_percent, v.tax_minor])).toEqual([
      ['10', '30'],
      ['12', '30'],
    ]);
    expect(fees.totals.payable_minor).toBe('24');
    expect(closed.body.statement.document_postings.transaction.postings).toHaveLength(2);
    // Before paying: the CPO is owed 6.10 by the eMSP and owes the hub 0.20 + 0.04 VAT.
    expect(await balances('DE/ABC')).toEqual(['HUB -0.24', 'XYZ 6.10']);

    const pay = (id: string, payer: string, payee: string, minor: string) =>
      api
        .http()
        .post('/v1/payments')
        .set('Authorization', api.admin())
        .send({
          id,
          payer: { country_code: payer.slice(0, 2), party_id: payer.slice(3) },
          payee: { country_code: payee.slice(0, 2), party_id: payee.slice(3) },
          currency: 'EUR',
          amount: formatMinorUnits(BigInt(minor), 'EUR'),
          value_date: '2026-03-10',
          reference: 'paid as invoiced',
        });
    expect((await pay('PAY-CHARGES', 'NL/XYZ', 'DE/ABC', charges.totals.payable_minor)).status).toBe(201);
    expect((await pay('PAY-FEES', 'DE/ABC', 'NL/HUB', fees.totals.payable_minor)).status).toBe(201);
    expect(await balances('DE/ABC')).toEqual(['HUB 0.00', 'XYZ 0.00']);
    expect(await balances('NL/XYZ')).toEqual(['ABC 0.00']);
    expect(await balances('NL/HUB')).toEqual(['ABC 0.00']);
  }); // prettier-ignore

  it('credits the CDR on a credit note at the same two rates, and again ends at zero', async () => {
    const cpo = api.ocpiToken(CPO_TOKEN);
    const credit = validCdr({
      id: 'CDR-MR-CREDIT',
      credit: true,
      credit_reference_id: 'cdr-mr',
      total_cost: { excl_vat: -5.5, incl_vat: -6.1 },
    });
    const posted = await api.http().post('/ocpi/2.2.1/cdrs').set('Authorization', cpo).send(credit);
    expect(posted.status).toBe(201);
    await sleep(5);
    const closed = await closePeriod(api, 'DEABC-NLXYZ');
    expect(closed.status).toBe(201);
    const documents = await Promise.all(
      (closed.body.invoices as { id: string }[]).map(async ({ id }) => {
        const response = await api.http().get(`/v1/invoices/${id}`).set('Authorization', api.admin());
        return response.body as {
          kind: string;
          type: string;
          issuer: { party_id: string };
          vat_breakdown: { rate_percent: string; tax_minor: string }[];
          totals: { payable_minor: string };
          preceding_invoice: { number: string } | null;
        };
      }),
    );
    const note = documents.find((doc) => doc.type === 'CREDIT_NOTE' && doc.kind === 'cdr_charges')!;
    expect(note.totals.payable_minor).toBe('610');
    // The reference came in lower case: the credit note still names the invoice it corrects.
    expect(note.preceding_invoice).toMatchObject({ number: 'DEABC-000001' });
    expect(note.vat_breakdown.map((v) => [v.rate_percent, v.tax_minor])).toEqual([
      ['10', '30'],
      ['12', '30'],
    ]);
    // Each credit note paid back exactly: the CPO refunds the eMSP, the hub refunds the CPO.
    for (const doc of documents.filter((d) => d.type === 'CREDIT_NOTE')) {
      const refund = await api
        .http()
        .post('/v1/payments')
        .set('Authorization', api.admin())
        .send({
          id: `REFUND-${doc.kind}`,
          payer: doc.kind === 'cdr_charges'
            ? { country_code: 'DE', party_id: 'ABC' }
            : { country_code: 'NL', party_id: 'HUB' },
          payee: doc.kind === 'cdr_charges'
            ? { country_code: 'NL', party_id: 'XYZ' }
            : { country_code: 'DE', party_id: 'ABC' },
          currency: 'EUR',
          amount: formatMinorUnits(BigInt(doc.totals.payable_minor), 'EUR'),
          value_date: '2026-03-20',
          reference: 'credit note paid back',
        });
      expect(refund.status).toBe(201);
    }
    expect(await balances('DE/ABC')).toEqual(['HUB 0.00', 'XYZ 0.00']);
    expect(await balances('NL/XYZ')).toEqual(['ABC 0.00']);
  }); // prettier-ignore
});
