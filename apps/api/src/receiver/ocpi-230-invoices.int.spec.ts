import {
  EN16931_RULES_PRESENT,
  en16931FatalAsserts,
} from '#invoicing/test-support/en16931-validation.js';
import { validCdr, validTariff, type Json } from '#ocpi/test-support/ocpi-fixtures.js';
import { ApiHarness, CPO_TOKEN } from '../test-support/api-harness.js';
import { closePeriod, setUpSettlement } from '../statements/test-support/settlement-setup.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface InvoiceJson {
  readonly id: string;
  readonly lines: { vat_category: string; vat_rate_percent: string; net_minor: string }[];
  readonly vat_breakdown: {
    category: string;
    rate_percent: string;
    taxable_minor: string;
    tax_minor: string;
  }[];
  readonly totals: { payable_minor: string };
}

/**
 * Issue 13 end to end through the 2.3.0 receiver: a CDR whose `total_cost` states VAT and a
 * levy that is not VAT is posted at before_taxes + taxes; the close invoices it with the VAT
 * the CDR states (category S, 10 %) and the levy on its own VAT-exempt line (category E), the
 * payable amount equal to what was settled, and the UBL passes the official EN 16931 rules.
 */
describe('a 2.3.0 CDR with stated taxes, invoiced', () => {
  let api: ApiHarness;
  let charges: InvoiceJson;
  let xml: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    const cpo = api.ocpiToken(CPO_TOKEN);
    const tariff = validTariff({ id: 'T230', tax_included: 'NO' });
    const put = await api.http().put('/ocpi/2.3.0/tariffs/DE/ABC/T230').set('Authorization', cpo).send(tariff);
    expect(put.status).toBe(200);
    const cdr: Json = validCdr({
      id: 'C230-LEVY',
      tariffs: [tariff],
      total_cost: {
        before_taxes: 2.5,
        taxes: [
          { name: 'VAT', percentage: 10, amount: 0.25 },
          { name: 'Municipal charging levy', amount: 0.05 },
        ],
      },
    });
    cdr.charging_periods = (cdr.charging_periods as Json[]).map((period) => ({ ...period, tariff_id: 'T230' }));
    const posted = await api.http().post('/ocpi/2.3.0/cdrs').set('Authorization', cpo).send(cdr);
    expect(posted.status).toBe(201);
    const view = await api.http().get('/v1/cdrs/DE/ABC/C230-LEVY').set('Authorization', api.admin());
    expect(view.body.status).toBe('POSTED');
    await sleep(5);
    const closed = await closePeriod(api, 'DEABC-NLXYZ');
    expect(closed.status).toBe(201);
    const summary = (closed.body.invoices as { id: string }[]).find(({ id }) =>
      id.includes('-charges-'),
    )!;
    const invoice = await api.http().get(`/v1/invoices/${summary.id}`).set('Authorization', api.admin());
    expect(invoice.status).toBe(200);
    charges = { ...(invoice.body as InvoiceJson), id: summary.id };
    const ubl = await api.http().get(`/v1/invoices/${charges.id}.xml`).set('Authorization', api.admin());
    expect(ubl.status).toBe(200);
    xml = ubl.text;
  }); // prettier-ignore
  afterAll(async () => {
    await api.stop();
  });

  it('carries the stated VAT as category S at 10 % and the levy on a VAT-exempt line', () => {
    expect(charges.vat_breakdown.map((entry) => [entry.category, entry.rate_percent])).toEqual([
      ['S', '10'],
      ['E', '0'],
    ]);
    const levy = charges.lines.find((line) => line.vat_category === 'E')!;
    expect(levy.net_minor).toBe('5');
    const vat = charges.vat_breakdown.find((entry) => entry.category === 'S')!;
    expect([vat.taxable_minor, vat.tax_minor]).toEqual(['250', '25']);
  });

  it('asks exactly what was settled: 2.50 + 0.25 VAT + 0.05 levy', () => {
    expect(charges.totals.payable_minor).toBe('280');
  });

  it('passes the official EN 16931 rules', () => {
    if (!EN16931_RULES_PRESENT) return;
    expect(en16931FatalAsserts(xml)).toEqual([]);
    expect(xml).toContain('Municipal charging levy');
  });
});
