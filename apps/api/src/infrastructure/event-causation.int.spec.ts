import { cdrStreamName } from '#cdrs';
import { disputeStreamName } from '#disputes';
import { principalStream } from '#principals';
import { statementStreamName } from '#settlement';
import type { EventStore, RecordedEvent } from '#event-store';
import { resolveDispute, registerPrincipals } from '../disputes/test-support/dispute-setup.js';
import {
  closePeriod,
  postCdr,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';
import { AGREEMENT, ApiHarness, EMSP_TOKEN } from '../test-support/api-harness.js';
import { EVENT_STORE } from './event-store.provider.js';

/**
 * Event metadata names each event's cause (README "Event metadata"): the request for the first
 * event of a decision, the decision's first event for the ones that follow it, the dispute's
 * resolution for the compensating transaction, the statement for its invoices.
 */
describe('causation ids', () => {
  let api: ApiHarness;
  let store: EventStore;

  beforeAll(async () => {
    api = await ApiHarness.start();
    store = api.app.get<EventStore>(EVENT_STORE);
    await setUpSettlement(api);
    await registerPrincipals(api);
  });
  afterAll(async () => {
    await api.stop();
  });

  async function eventsOf(stream: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of store.readStream(stream)) events.push(event);
    return events;
  }

  function only(events: readonly RecordedEvent[], type: string): RecordedEvent {
    const found = events.filter((event) => event.type === type);
    expect(found).toHaveLength(1);
    return found[0]!;
  }

  it("a posted CDR's CdrPosted names its CdrReceived; the CdrReceived names the request", async () => {
    await postCdr(api, 'CDR-CAUSE');
    const events = await eventsOf(
      cdrStreamName({ country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR-CAUSE' }),
    );
    const received = only(events, 'CdrReceived');
    const posted = only(events, 'CdrPosted');
    expect(posted.metadata.causation_id).toBe(received.id);
    expect(received.metadata.causation_id).toEqual(expect.any(String));
    expect(received.metadata.causation_id).not.toBe(received.id);
  });

  it('the first event of a request names its X-Request-ID', async () => {
    const response = await api
      .http()
      .post('/admin/principals')
      .set('Authorization', api.admin())
      .set('X-Request-ID', 'request-cause-1')
      .send({ id: 'audit-cause', role: 'AUDITOR', name: 'Auditor', token: 'audit-cause-token' });
    expect(response.status).toBe(201);
    const [registered] = await eventsOf(principalStream('audit-cause'));
    expect(registered?.metadata).toMatchObject({ causation_id: 'request-cause-1' });
  });

  it("a dispute's compensating transaction names the resolution event", async () => {
    await postCdr(api, 'CDR-DSP');
    const body = {
      id: 'DSP-CAUSE',
      cdr: { country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR-DSP' },
      reason: 'PRICE',
      claimed_total_cost: { excl_vat: '2.00', incl_vat: '2.20' },
      description: 'the price shown was lower',
    };
    const opened = await api
      .http()
      .post('/v1/disputes')
      .set('Authorization', api.ocpiToken(EMSP_TOKEN))
      .send(body);
    expect(opened.status).toBe(201);
    const adjusted = { outcome: 'ADJUSTED', total_cost: { excl_vat: '2.00', incl_vat: '2.20' } };
    expect((await resolveDispute(api, 'DSP-CAUSE', adjusted)).status).toBe(201);
    const dispute = await eventsOf(disputeStreamName('DSP-CAUSE'));
    const cdr = await eventsOf(
      cdrStreamName({ country_code: 'DE', party_id: 'ABC', cdr_id: 'CDR-DSP' }),
    );
    const resolution = only(dispute, 'DisputeResolved');
    const compensation = only(cdr, 'CdrDisputeResolved');
    expect(compensation.data).toMatchObject({ adjustment: { transaction: expect.any(Object) } });
    expect(compensation.metadata.causation_id).toBe(resolution.id);
    expect(only(cdr, 'CdrDisputeOpened').metadata.causation_id).toBe(
      only(dispute, 'DisputeOpened').id,
    );
  });

  it("a statement's invoices name the statement event", async () => {
    const closed = await closePeriod(api, AGREEMENT.id);
    expect(closed.status).toBe(201);
    const [statement] = await eventsOf(statementStreamName(AGREEMENT.id));
    expect(statement?.type).toBe('SettlementStatementIssued');
    const invoices: RecordedEvent[] = [];
    for await (const event of store.readAll({ event_types: ['InvoiceIssued'] })) {
      invoices.push(event);
    }
    expect(invoices.length).toBeGreaterThan(0);
    for (const invoice of invoices) expect(invoice.metadata.causation_id).toBe(statement?.id);
  });
});
