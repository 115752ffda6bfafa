import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { AGREEMENT, ApiHarness, EMSP_TOKEN } from '../test-support/api-harness.js';
import { postCdr, setUpSettlement } from '../statements/test-support/settlement-setup.js';
import {
  disputeBody,
  HANDLER,
  openDispute,
  registerPrincipals,
  resolveDispute,
} from './test-support/dispute-setup.js';

/** Concurrency, the dispute window, and a credit CDR after an adjustment, over HTTP. */
describe('disputes under concurrency and over time', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await registerPrincipals(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  async function eventsOfType(type: string) {
    const store = api.app.get<EventStore>(EVENT_STORE);
    const found = [];
    for await (const event of store.readAll()) if (event.type === type) found.push(event);
    return found;
  }

  it('20 simultaneous resolutions of one dispute post exactly one transaction', async () => {
    await postCdr(api, 'RACE1');
    const emsp = api.ocpiToken(EMSP_TOKEN);
    expect((await openDispute(api, disputeBody('DSP-RACE', 'RACE1'), emsp)).status).toBe(201);
    const body = { outcome: 'ADJUSTED', total_cost: { excl_vat: '1.00', incl_vat: '1.10' } };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => resolveDispute(api, 'DSP-RACE', body)),
    );
    expect(answers.map((a) => a.status).every((s) => s === 201 || s === 200)).toBe(true);
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    const resolved = await eventsOfType('CdrDisputeResolved');
    expect(resolved).toHaveLength(1);
    expect(await eventsOfType('DisputeResolved')).toHaveLength(1);
  });

  it('different concurrent resolutions: one wins, the others are refused (409)', async () => {
    await postCdr(api, 'RACE2');
    const emsp = api.ocpiToken(EMSP_TOKEN);
    expect((await openDispute(api, disputeBody('DSP-RACE2', 'RACE2'), emsp)).status).toBe(201);
    const bodies = [
      { outcome: 'VOIDED' },
      { outcome: 'REJECTED' },
      { outcome: 'ADJUSTED', total_cost: { excl_vat: '1', incl_vat: '1.10' } },
    ];
    const answers = await Promise.all(
      bodies.flatMap((body) => [1, 2, 3].map(() => resolveDispute(api, 'DSP-RACE2', body))),
    );
    const winners = new Set(
      answers.filter((a) => a.status < 300).map((a) => a.body.dispute.resolution.outcome),
    );
    expect(winners.size).toBe(1);
    expect(answers.every((a) => a.status < 300 || a.status === 409)).toBe(true);
    const resolved = (await eventsOfType('CdrDisputeResolved')).filter(
      (e) => (e.data as { dispute_id: string }).dispute_id === 'DSP-RACE2',
    );
    expect(resolved).toHaveLength(1);
  });

  it('two disputes opened at once on one CDR: one opens, the other is refused (409)', async () => {
    await postCdr(api, 'RACE3');
    const emsp = api.ocpiToken(EMSP_TOKEN);
    const answers = await Promise.all(
      ['DSP-A', 'DSP-B', 'DSP-C'].map((id) => openDispute(api, disputeBody(id, 'RACE3'), emsp)),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error)).toEqual([
      'dispute_already_open',
      'dispute_already_open',
    ]);
    const opened = (await eventsOfType('CdrDisputeOpened')).filter(
      (e) => (e.data as { cdr_id: string }).cdr_id === 'RACE3',
    );
    expect(opened).toHaveLength(1);
  });

  it('a credit CDR after an adjustment reverses what is settled now', async () => {
    await postCdr(api, 'ADJ1');
    const emsp = api.ocpiToken(EMSP_TOKEN);
    expect((await openDispute(api, disputeBody('DSP-ADJ', 'ADJ1'), emsp)).status).toBe(201);
    const body = { outcome: 'ADJUSTED', total_cost: { excl_vat: '2.00', incl_vat: '2.20' } };
    expect((await resolveDispute(api, 'DSP-ADJ', body)).status).toBe(201);
    await postCdr(api, 'ADJ1-C', { credit_of: 'ADJ1' });
    const credit = await api.http().get('/v1/cdrs/DE/ABC/ADJ1-C').set('Authorization', HANDLER);
    const received = credit.body.postings.find(
      (p: { account: { kind: string } }) => p.account.kind === 'cpo_receivable',
    );
    expect(received).toMatchObject({ direction: 'debit', amount_minor: '220' });
  });

  it("refuses a dispute opened after the agreement's (amended) dispute window", async () => {
    await postCdr(api, 'LATE1');
    const effective_from = new Date(Date.now() + 200).toISOString();
    const amendment = await api
      .http()
      .post(`/admin/agreements/${AGREEMENT.id}/amendments`)
      .set('Authorization', api.admin())
      .send({ effective_from, dispute_window_days: 0 });
    expect(amendment.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const emsp = api.ocpiToken(EMSP_TOKEN);
    const late = await openDispute(api, disputeBody('DSP-LATE', 'LATE1'), emsp);
    expect([late.status, late.body.error]).toEqual([409, 'dispute_window_closed']);
  });
});
