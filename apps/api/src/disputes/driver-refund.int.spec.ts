import { text } from '#invoicing/test-support/xml-reading.js';
import { ApiHarness, EMSP_TOKEN } from '../test-support/api-harness.js';
import { checkUbl, postCdr, setUpSettlement } from '../statements/test-support/settlement-setup.js';
import {
  disputeBody,
  openDispute,
  registerPrincipals,
  resolveDispute,
} from './test-support/dispute-setup.js';

interface Summary {
  id: string;
  number: string;
  type: 'INVOICE' | 'CREDIT_NOTE';
  total_excl_vat: string;
  total_vat: string;
  total_incl_vat: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A resolution's driver_refund: a credit note to the driver at the eMSP's next driver close. */
describe('driver refunds of disputes', () => {
  let api: ApiHarness;
  const closeDrivers = () =>
    api
      .http()
      .post('/v1/partners/NL/XYZ/driver-invoices')
      .set('Authorization', api.admin())
      .send({});

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await registerPrincipals(api);
    await api
      .http()
      .put('/admin/partners/NL/XYZ/price-plan')
      .set('Authorization', api.admin())
      // The first plan covers the fixtures' sessions (March 2026): never priced retroactively.
      .send({
        markup_percent: '10',
        fee_per_session: '0.35',
        effective_from: '2026-01-01T00:00:00Z',
      });
  });
  afterAll(async () => {
    await api.stop();
  });

  it('credits the refund on a credit note referencing the driver invoice', async () => {
    await postCdr(api, 'CDR1');
    await sleep(2);
    const first = await closeDrivers();
    expect(first.status).toBe(201);
    const [invoice] = first.body.invoices as Summary[];
    await sleep(2);
    const emsp = api.ocpiToken(EMSP_TOKEN);
    expect((await openDispute(api, disputeBody('DSP-R', 'CDR1'), emsp)).status).toBe(201);
    const resolved = await resolveDispute(api, 'DSP-R', {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '2.00', incl_vat: '2.20' },
      driver_refund: '1.19',
    });
    expect(resolved.status).toBe(201);
    expect(resolved.body.dispute.resolution.driver_refund).toBe('1.19');
    await sleep(2);
    const second = await closeDrivers();
    expect(second.status).toBe(201);
    // 1.19 incl. 19 % DE VAT: 1.00 net + 0.19 VAT.
    expect(second.body.invoices).toEqual([
      expect.objectContaining({
        type: 'CREDIT_NOTE',
        total_excl_vat: '1.00',
        total_vat: '0.19',
        total_incl_vat: '1.19',
      }),
    ]);
    const credit = (second.body.invoices as Summary[])[0]!;
    const xml = (
      await api.http().get(`/v1/invoices/${credit.id}.xml`).set('Authorization', api.admin())
    ).text;
    const { root } = checkUbl(xml);
    expect(text(root, 'cac:BillingReference', 'cac:InvoiceDocumentReference', 'cbc:ID')).toBe(
      invoice!.number,
    );
  });

  it('refuses a refund with REJECTED, and a negative refund (400)', async () => {
    await postCdr(api, 'CDR2');
    const emsp = api.ocpiToken(EMSP_TOKEN);
    expect((await openDispute(api, disputeBody('DSP-R2', 'CDR2'), emsp)).status).toBe(201);
    const rejected = await resolveDispute(api, 'DSP-R2', {
      outcome: 'REJECTED',
      driver_refund: '1',
    });
    expect([rejected.status, rejected.body.field]).toEqual([400, 'driver_refund']);
    const negative = await resolveDispute(api, 'DSP-R2', {
      outcome: 'VOIDED',
      driver_refund: '-1',
    });
    expect([negative.status, negative.body.field]).toEqual([400, 'driver_refund']);
  });
});
