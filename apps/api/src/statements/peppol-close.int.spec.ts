import {
  EN16931_RULES_PRESENT,
  en16931FatalAsserts,
} from '#invoicing/test-support/en16931-validation.js';
import { peppolRuleViolations } from '#invoicing/test-support/peppol-rules.js';
import { AGREEMENT, ApiHarness } from '../test-support/api-harness.js';
import { closePeriod, postCdr, setUpSettlement } from './test-support/settlement-setup.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 18 through the API: once both parties of the CDR invoice have Peppol electronic
 * addresses, the close refuses while the master data the rules need is missing (naming the
 * party and the field, writing nothing), and issues a document that meets the Peppol BIS 3
 * rules and the German national rules once the partners' master data is amended.
 */
describe('closing a period whose documents go over Peppol', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await postCdr(api, 'CDR1');
  });
  afterAll(async () => {
    await api.stop();
  });

  /** Amends a partner's master data with effect a moment from now (never retroactive). */
  async function amend(partner: string, master_data: object): Promise<void> {
    const effective_from = new Date(Date.now() + 1000).toISOString();
    const response = await api
      .http()
      .post(`/admin/partners/${partner}/amendments`)
      .set('Authorization', api.admin())
      .send({ effective_from, ...master_data });
    expect(response.status).toBe(201);
  }

  it('refuses, naming the party and the field, and writes nothing', async () => {
    await amend('NL/XYZ', { electronic_address: { scheme: '9944', id: 'NL123456789B01' } });
    await sleep(1100);
    const refused = await closePeriod(api, AGREEMENT.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toBe('invoice_master_data_missing');
    expect(refused.body.field).toBe('partners.DE/ABC.payment');
    expect(refused.body.message).toContain('seller DE/ABC: payment (DE-R-1)');
    expect(refused.body.message).toContain('seller DE/ABC: contact.phone (DE-R-6)');
    expect(refused.body.message).toContain('buyer NL/XYZ: postal_address.city (DE-R-8)');
    const statements = await api
      .http()
      .get(`/v1/agreements/${AGREEMENT.id}/statements`)
      .set('Authorization', api.admin());
    expect(statements.body.statements).toEqual([]);
  });

  it('issues a Peppol BIS 3 invoice once the master data is amended', async () => {
    await amend('DE/ABC', {
      postal_address: {
        street: 'Hauptstraße 1',
        city: 'Berlin',
        post_code: '10115',
        country: 'DE',
      },
      contact: { name: 'Buchhaltung', email: 'billing@abc.example', phone: '+49 30 123456' },
      payment: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    });
    await amend('NL/XYZ', {
      postal_address: { street: 'Kade 2', city: 'Amsterdam', post_code: '1011 AB', country: 'NL' },
      buyer_reference: 'PO-4711',
    });
    await sleep(1100);
    const closed = await closePeriod(api, AGREEMENT.id);
    expect(closed.status).toBe(201);
    const charges = closed.body.invoices.find((invoice: { id: string }) =>
      invoice.id.includes('-charges-'),
    );
    const xml = await api
      .http()
      .get(`/v1/invoices/${charges.id}.xml`)
      .set('Authorization', api.admin());
    expect(xml.status).toBe(200);
    expect(xml.text).toContain('urn:fdc:peppol.eu:2017:poacc:billing:3.0');
    expect(xml.text).toContain('<cbc:BuyerReference>PO-4711</cbc:BuyerReference>');
    expect(peppolRuleViolations(xml.text)).toEqual([]);
    if (EN16931_RULES_PRESENT) expect(en16931FatalAsserts(xml.text)).toEqual([]);
  }, 180_000);
});
