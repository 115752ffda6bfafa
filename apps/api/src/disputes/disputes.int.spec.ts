import { CPO_TOKEN, EMSP_TOKEN, ApiHarness, OTHER_CPO_TOKEN } from '../test-support/api-harness.js';
import { postCdr, setUpSettlement } from '../statements/test-support/settlement-setup.js';
import {
  AUDITOR,
  disputeBody,
  HANDLER,
  openDispute,
  registerPrincipals,
  resolveDispute,
} from './test-support/dispute-setup.js';

/** The dispute workflow over HTTP: open, evidence, resolution, reads, balances. */
describe('disputes', () => {
  let api: ApiHarness;
  let emsp: string;
  let cpo: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await registerPrincipals(api);
    await postCdr(api, 'CDR1');
    await postCdr(api, 'CDR2');
    emsp = api.ocpiToken(EMSP_TOKEN);
    cpo = api.ocpiToken(CPO_TOKEN);
  });
  afterAll(async () => {
    await api.stop();
  });

  const get = (path: string, auth = api.admin()) => api.http().get(path).set('Authorization', auth);

  it('opens a dispute of the eMSP (201); same body 200; other body 409', async () => {
    const first = await openDispute(api, disputeBody('DSP-1', 'CDR1'), emsp);
    expect(first.status).toBe(201);
    expect(first.body.dispute).toMatchObject({
      id: 'DSP-1',
      status: 'OPEN',
      cdr: { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR1' },
      reason: 'PRICE',
      opened_by: 'partner:NL/XYZ',
    });
    expect(typeof first.body.dispute.opened_at).toBe('string');
    expect(Object.keys(first.body.dispute)).not.toContain('claimed_currency');
    expect((await openDispute(api, disputeBody('DSP-1', 'CDR1'), emsp)).status).toBe(200);
    const other = await openDispute(api, disputeBody('DSP-1', 'CDR1', { reason: 'VAT' }), emsp);
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('dispute_conflict');
  });

  it('refuses a stranger (403), an unknown CDR (404), a second open dispute (409)', async () => {
    const stranger = api.ocpiToken(OTHER_CPO_TOKEN);
    expect((await openDispute(api, disputeBody('DSP-9', 'CDR1'), stranger)).status).toBe(403);
    expect((await openDispute(api, disputeBody('DSP-1', 'CDR1'), stranger)).status).toBe(403);
    expect((await openDispute(api, disputeBody('DSP-9', 'NOPE'), emsp)).status).toBe(404);
    const second = await openDispute(api, disputeBody('DSP-9', 'CDR1'), cpo);
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('dispute_already_open');
    expect((await openDispute(api, disputeBody('DSP-9', 'CDR1'), AUDITOR)).status).toBe(403);
    expect((await get('/v1/disputes/DSP-9')).status).toBe(404);
  });

  it('answers bad input with 400 naming the field, storing nothing', async () => {
    const cases: [object, string][] = [
      [disputeBody('DSP-B', 'CDR2', { reason: 'MOOD' }), 'reason'],
      [
        disputeBody('DSP-B', 'CDR2', { claimed_total_cost: { excl_vat: '-1', incl_vat: '1' } }),
        'claimed_total_cost.excl_vat',
      ],
      [
        disputeBody('DSP-B', 'CDR2', { claimed_total_cost: { excl_vat: '3', incl_vat: '2' } }),
        'claimed_total_cost.incl_vat',
      ],
      [
        disputeBody('DSP-B', 'CDR2', {
          claimed_total_cost: { excl_vat: '1.00001', incl_vat: '2' },
        }),
        'claimed_total_cost.excl_vat',
      ],
      [
        disputeBody('DSP-B', 'CDR2', {
          claimed_total_cost: { excl_vat: '1', incl_vat: '2', currency: 'GBP' },
        }),
        'claimed_total_cost.currency',
      ],
    ];
    for (const [body, field] of cases) {
      const response = await openDispute(api, body, emsp);
      expect(response.status).toBe(400);
      expect(response.body.field).toBe(field);
    }
    expect((await get('/v1/disputes/DSP-B')).status).toBe(404);
  });

  it('adds evidence of either party idempotently by evidence id', async () => {
    const add = (body: object, auth: string) =>
      api.http().post('/v1/disputes/DSP-1/evidence').set('Authorization', auth).send(body);
    expect((await add({ id: 'EV-1', text: 'receipt photo' }, emsp)).status).toBe(201);
    expect((await add({ id: 'EV-1', text: 'receipt photo' }, emsp)).status).toBe(200);
    expect((await add({ id: 'EV-1', text: 'other' }, emsp)).status).toBe(409);
    expect((await add({ id: 'EV-2', text: 'meter log' }, cpo)).status).toBe(201);
    expect((await add({ id: 'EV-3', text: 'x' }, api.ocpiToken(OTHER_CPO_TOKEN))).status).toBe(403);
    expect((await add({ id: 'EV-3', text: 'x' }, AUDITOR)).status).toBe(403);
    expect((await add({ id: 'EV-3' }, HANDLER)).body.field).toBe('text');
  });

  it('lets only a handler or the admin resolve; bad resolutions are 400', async () => {
    const adjusted = { outcome: 'ADJUSTED', total_cost: { excl_vat: '2.00', incl_vat: '2.20' } };
    expect((await resolveDispute(api, 'DSP-1', adjusted, emsp)).status).toBe(403);
    expect((await resolveDispute(api, 'DSP-1', adjusted, AUDITOR)).status).toBe(403);
    expect((await resolveDispute(api, 'DSP-404', adjusted)).status).toBe(404);
    const missing = await resolveDispute(api, 'DSP-1', { outcome: 'ADJUSTED' });
    expect([missing.status, missing.body.field]).toEqual([400, 'total_cost']);
    const extra = await resolveDispute(api, 'DSP-1', { ...adjusted, outcome: 'REJECTED' });
    expect([extra.status, extra.body.field]).toEqual([400, 'total_cost']);
    const outcome = await resolveDispute(api, 'DSP-1', { outcome: 'MAYBE' });
    expect([outcome.status, outcome.body.field]).toEqual([400, 'outcome']);
    const currency = await resolveDispute(api, 'DSP-1', {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '2', incl_vat: '2.2', currency: 'CHF' },
    });
    expect([currency.status, currency.body.field]).toEqual([400, 'total_cost.currency']);
    const decimals = await resolveDispute(api, 'DSP-1', {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '2.00001', incl_vat: '2.2' },
    });
    expect([decimals.status, decimals.body.field]).toEqual([400, 'total_cost.excl_vat']);
    expect((await get('/v1/disputes/DSP-1')).body.dispute.status).toBe('OPEN');
  });

  it('ADJUSTED posts one compensating transaction; balances as_of before it are unchanged', async () => {
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const adjusted = {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '2.00', incl_vat: '2.20' },
      note: 'price corrected',
    };
    const first = await resolveDispute(api, 'DSP-1', adjusted);
    expect(first.status).toBe(201);
    expect(first.body.dispute).toMatchObject({
      status: 'RESOLVED',
      resolution: { outcome: 'ADJUSTED', resolved_by: 'principal:handler-1' },
      adjustment: { amount: '-0.55', settled_amount: '2.20' },
    });
    expect(first.body.dispute.transaction_id).toBe(first.body.dispute.adjustment.transaction_id);
    expect((await resolveDispute(api, 'DSP-1', adjusted)).status).toBe(200);
    const other = await resolveDispute(api, 'DSP-1', { outcome: 'VOIDED' });
    expect([other.status, other.body.error]).toEqual([409, 'dispute_already_resolved']);

    // Two CDRs of 2.75 incl. VAT, 0.20 fee each; CDR1 now settles at 2.20.
    const now = await get('/v1/partners/NL/XYZ/balances');
    expect(now.body.balances[0].amount).toBe('-4.95');
    const then = await get(`/v1/partners/NL/XYZ/balances?as_of=${before}`);
    expect(then.body.balances[0].amount).toBe('-5.50');
    const transactions = await get('/v1/partners/NL/XYZ/transactions');
    expect(transactions.body.postings[0].source).toMatchObject({ kind: 'cdr_adjustment' });
  });

  it('shows the dispute with its history, and the CDR with its disputes and adjustments', async () => {
    const dispute = await get('/v1/disputes/DSP-1', emsp);
    expect(dispute.status).toBe(200);
    expect(dispute.body.dispute.history.map((e: { type: string }) => e.type)).toEqual([
      'DisputeOpened',
      'DisputeEvidenceAdded',
      'DisputeEvidenceAdded',
      'DisputeResolved',
    ]);
    expect(dispute.body.dispute.evidence.map((e: { id: string }) => e.id)).toEqual([
      'EV-1',
      'EV-2',
    ]);
    expect((await get('/v1/disputes/DSP-1', api.ocpiToken(OTHER_CPO_TOKEN))).status).toBe(403);
    expect((await get('/v1/disputes/DSP-1', AUDITOR)).status).toBe(200);
    const cdr = await get('/v1/cdrs/DE/ABC/CDR1', HANDLER);
    expect(cdr.status).toBe(200);
    expect(cdr.body.disputes).toEqual([
      expect.objectContaining({ id: 'DSP-1', status: 'RESOLVED', outcome: 'ADJUSTED' }),
    ]);
    expect(cdr.body.adjustments).toEqual([
      expect.objectContaining({ dispute_id: 'DSP-1', amount: '-0.55', settled_amount: '2.20' }),
    ]);
    expect(cdr.body.settled_amount).toBe('2.20');
  });

  it('lists the disputes of a party with a status filter and paging', async () => {
    expect((await openDispute(api, disputeBody('DSP-2', 'CDR2'), HANDLER)).status).toBe(201);
    const list = (query: string, auth = emsp) => get(`/v1/partners/NL/XYZ/disputes${query}`, auth);
    const all = await list('');
    expect(all.body.disputes.map((d: { id: string }) => d.id)).toEqual(['DSP-2', 'DSP-1']);
    const open = await list('?status=OPEN');
    expect(open.body.disputes.map((d: { id: string }) => d.id)).toEqual(['DSP-2']);
    const page = await list('?limit=1');
    expect(page.body.disputes).toHaveLength(1);
    const next = await list(`?limit=1&cursor=${page.body.next_cursor}`);
    expect(next.body.disputes.map((d: { id: string }) => d.id)).toEqual(['DSP-1']);
    expect((await list('?status=SOMETIMES')).body.field).toBe('status');
    expect((await list('', api.ocpiToken(OTHER_CPO_TOKEN))).status).toBe(403);
    expect((await list('', HANDLER)).status).toBe(200);
  });

  it('VOIDED reverses the whole CDR; a CDR reversed by a credit CDR cannot be adjusted', async () => {
    await postCdr(api, 'CDR2-C', { credit_of: 'CDR2' });
    const adjust = await resolveDispute(api, 'DSP-2', {
      outcome: 'ADJUSTED',
      total_cost: { excl_vat: '1', incl_vat: '1.10' },
    });
    expect([adjust.status, adjust.body.error]).toEqual([409, 'cdr_already_credited']);
    expect((await resolveDispute(api, 'DSP-2', { outcome: 'REJECTED' })).status).toBe(201);
    await postCdr(api, 'CDR3');
    expect((await openDispute(api, disputeBody('DSP-3', 'CDR3'), cpo)).status).toBe(201);
    const voided = await resolveDispute(api, 'DSP-3', { outcome: 'VOIDED' }, api.admin());
    expect(voided.body.dispute.adjustment).toMatchObject({
      amount: '-2.75',
      settled_amount: '0.00',
    });
    const cdr = await get('/v1/cdrs/DE/ABC/CDR3');
    expect(cdr.body.settled_amount).toBe('0.00');
  });
});
