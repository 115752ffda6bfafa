import { type EventStore, eventHash } from '#event-store';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { validCdr } from '#ocpi/test-support/ocpi-fixtures.js';
import { JOURNAL_COLUMNS } from '#projections';
import {
  AGREEMENT,
  ApiHarness,
  CPO_TOKEN,
  EMSP_TOKEN,
  OTHER_CPO_TOKEN,
} from '../test-support/api-harness.js';
import {
  closePeriod,
  postCdr,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';

/**
 * The auditor's views over HTTP, on a real embedded log: a CDR's lineage across its streams
 * (receipt, tariff and agreement versions, posting, statements and invoices, a credit), and the
 * journal export in both formats, with the refusals of INTERFACES.md "Audit".
 */
describe('audit: CDR lineage and journal', () => {
  let api: ApiHarness;
  const auditor = 'Bearer auditor-token-0001-secret';
  let before_anything: string;
  let before_credit: string;

  beforeAll(async () => {
    before_anything = new Date().toISOString();
    api = await ApiHarness.start();
    await setUpSettlement(api);
    const principal = await api
      .http()
      .post('/admin/principals')
      .set('Authorization', api.admin())
      .send({
        id: 'audit-1',
        role: 'AUDITOR',
        name: 'Audit One',
        token: 'auditor-token-0001-secret',
      });
    expect(principal.status).toBe(201);
    await postCdr(api, 'CDR1');
    await postCdr(api, 'CDR2');
    const held = await api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .send(validCdr({ id: 'HELD1', total_cost: { excl_vat: 99, incl_vat: 117.81 } }));
    expect(held.status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await closePeriod(api, AGREEMENT.id)).status).toBe(201);
    before_credit = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await postCdr(api, 'CDR1-CREDIT', { credit_of: 'CDR1' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await closePeriod(api, AGREEMENT.id)).status).toBe(201);
  });

  afterAll(async () => {
    await api.stop();
  });

  const lineage = (path: string, authorization = api.admin()) =>
    api.http().get(`/v1/audit/cdrs/${path}`).set('Authorization', authorization);

  it('traces a CDR to every event that concerns it, oldest first, across streams', async () => {
    const response = await lineage('de/abc/cdr1', auditor);
    expect(response.status).toBe(200);
    const events = response.body.events as Record<string, unknown>[];
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual([
      'AgreementRegistered',
      'TariffVersionPublished',
      'CdrReceived',
      'CdrPosted',
    ]);
    expect(types).toEqual(
      expect.arrayContaining(['SettlementStatementIssued', 'InvoiceIssued', 'CdrCredited']),
    );
    // Two statements: the close that invoiced it, and the one that carries its credit.
    expect(types.filter((type) => type === 'SettlementStatementIssued')).toHaveLength(2);
    const credit_posting = events.find(
      (event) => event.type === 'CdrPosted' && event.stream === 'cdr-DE-ABC-CDR1-CREDIT',
    );
    expect(credit_posting).toBeDefined();
    const credit_receipt = events.find(
      (event) => event.type === 'CdrReceived' && event.stream === 'cdr-DE-ABC-CDR1-CREDIT',
    );
    expect(credit_receipt).toBeDefined();
    const positions = events.map((event) => BigInt(event.position as string));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    // Nothing of the other CDRs only (CDR2's own events are not CDR1's).
    expect(events.some((event) => event.stream === 'cdr-DE-ABC-CDR2')).toBe(false);
    for (const event of events) {
      expect(event).toMatchObject({
        stream: expect.any(String),
        revision: expect.stringMatching(/^\d+$/),
        occurred_at: expect.any(String),
        recorded_at: expect.any(String),
        principal: expect.any(String),
        correlation_id: expect.any(String),
      });
      // Each hash can be recomputed from what the lineage gives: the chain link is checkable.
      const recomputed = eventHash(event.previous_hash as string, {
        id: event.id as string,
        type: event.type as string,
        data: event.data,
        metadata: event.metadata as never,
      });
      expect([event.type, recomputed]).toEqual([event.type, event.hash]);
    }
    // Administrative facts carry the acting principal too.
    expect(events[0]).toMatchObject({ type: 'AgreementRegistered', principal: 'admin' });
    const received = events.find((event) => event.type === 'CdrReceived')!;
    expect(received.principal).toBe('partner:DE/ABC');
    expect((received.data as { context: { time_zone_source: string } }).context).toMatchObject({
      time_zone: 'Europe/Berlin',
      time_zone_source: 'LOCATION',
    });
  });

  it('gives a held CDR its receipt and hold; the same to its own parties, 403 to others', async () => {
    const cpo = await lineage('DE/ABC/HELD1', api.ocpiToken(CPO_TOKEN));
    expect(cpo.status).toBe(200);
    expect(cpo.body.events.map((event: { type: string }) => event.type)).toEqual([
      'AgreementRegistered',
      'TariffVersionPublished',
      'CdrReceived',
      'CdrHeld',
    ]);
    expect((await lineage('DE/ABC/HELD1', api.ocpiToken(EMSP_TOKEN))).status).toBe(200);
    expect((await lineage('DE/ABC/HELD1', api.ocpiToken(OTHER_CPO_TOKEN))).status).toBe(403);
    const unknown = await lineage('DE/ABC/NOPE');
    expect(unknown.status).toBe(404);
    expect((await api.http().get('/v1/audit/cdrs/DE/ABC/CDR1')).status).toBe(401);
  });

  const journal = (query: string, authorization = auditor) =>
    api.http().get(`/v1/audit/journal?${query}`).set('Authorization', authorization);

  it('exports every posting of a window as JSON lines; debits equal credits per currency', async () => {
    const response = await journal('from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/x-ndjson/);
    const rows = response.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    // CDR1 and CDR2 (4 postings each: eMSP, CPO, fee, hub), the credit CDR, and the VAT on fees
    // each of the two closes posted as its fee invoice charges it (2 postings each).
    expect(rows).toHaveLength(16);
    for (const row of rows) expect(Object.keys(row)).toEqual([...JOURNAL_COLUMNS]);
    const totals = new Map<string, bigint>();
    for (const row of rows) {
      const net = BigInt(row.debit_minor!) - BigInt(row.credit_minor!);
      totals.set(row.currency!, (totals.get(row.currency!) ?? 0n) + net);
    }
    expect([...totals.values()]).toEqual([0n]);
    expect(new Set(rows.map((row) => row.source_type))).toEqual(
      new Set(['cdr', 'cdr_credit', 'statement_documents']),
    );
    expect(rows[0]).toMatchObject({
      source_type: 'cdr',
      source_id: 'DE/ABC/CDR1',
      party: 'NL/XYZ',
      account: 'emsp_payable',
      counterparty: 'DE/ABC',
      currency: 'EUR',
      credit_minor: '0',
    });
  });

  it('exports the same rows as CSV with a header row', async () => {
    const window = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
    const json = await journal(window);
    const csv = await journal(`${window}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(JOURNAL_COLUMNS.join(','));
    const rows = json.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.slice(1)).toEqual(
      rows.map((row: Record<string, string>) => JOURNAL_COLUMNS.map((c) => row[c]).join(',')),
    );
    const empty = await journal('from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z&format=csv');
    expect(empty.text).toBe(JOURNAL_COLUMNS.join(',') + '\n');
  });

  it('refuses a bad window or format naming the field, and partners', async () => {
    const cases: [string, string][] = [
      ['from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
      ['from=2026-02-30T00:00:00Z&to=2026-11-01T00:00:00Z', 'from'],
      ['from=2026-11-01T00:00:00Z&to=yesterday', 'to'],
      ['from=2026-11-01T00:00:00Z&to=2026-11-01T24:00:00Z', 'to'],
      ['to=2026-11-01T00:00:00Z', 'from'],
      ['from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&format=xml', 'format'],
    ];
    for (const [query, field] of cases) {
      const response = await journal(query);
      expect([query, response.status, response.body.field]).toEqual([query, 400, field]);
    }
    const window = 'from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z';
    expect((await journal(window, api.ocpiToken(CPO_TOKEN))).status).toBe(403);
    expect((await journal(window, api.admin())).status).toBe(200);
  });

  it('shows a CDR as it stood at a moment (as_of): status and postings then', async () => {
    const view = (query: string) =>
      api.http().get(`/v1/cdrs/DE/ABC/CDR1${query}`).set('Authorization', auditor);
    const now = await view('');
    expect(now.body.status).toBe('CREDITED');
    const then = await view(`?as_of=${encodeURIComponent(before_credit)}`);
    expect(then.status).toBe(200);
    expect(then.body.status).toBe('POSTED');
    expect(then.body.postings).toEqual(now.body.postings);
    expect((await view(`?as_of=${encodeURIComponent(before_anything)}`)).status).toBe(404);
    const bad = await view('?as_of=2026-13-01T00:00:00Z');
    expect([bad.status, bad.body.field]).toEqual([400, 'as_of']);
  });

  it('records a rebuild as an event with the acting principal', async () => {
    const rebuilt = await api
      .http()
      .post('/admin/projections/all/rebuild')
      .set('Authorization', api.admin());
    expect(rebuilt.status).toBe(200);
    const store = api.app.get<EventStore>(EVENT_STORE);
    const events = [];
    for await (const event of store.readStream('ledger-admin')) events.push(event);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'ProjectionsRebuilt',
      data: { projections: expect.arrayContaining(['balances', 'cdr_lineage']), via: 'http' },
      metadata: { principal: 'admin' },
    });
    // The lineage read model rebuilt from the log answers the same.
    const lineage = await api
      .http()
      .get('/v1/audit/cdrs/DE/ABC/CDR1')
      .set('Authorization', auditor);
    expect(lineage.status).toBe(200);
    expect(lineage.body.events.length).toBeGreaterThan(8);
  });
});

/** Events of the disputes workflow carry the CDR's key, so the lineage includes them unasked. */
describe('audit: a CDR lineage shows its dispute and the compensating transaction', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await postCdr(api, 'DISP1');
  });
  afterAll(async () => {
    await api.stop();
  });

  it('lists the opening, the evidence and the resolution in order, in the CDR and dispute streams', async () => {
    const emsp = api.ocpiToken(EMSP_TOKEN);
    const opened = await api
      .http()
      .post('/v1/disputes')
      .set('Authorization', emsp)
      .send({
        id: 'DSP-LIN',
        cdr: { country_code: 'de', party_id: 'abc', cdr_id: 'disp1' },
        reason: 'PRICE',
        description: 'too expensive',
      });
    expect(opened.status).toBe(201);
    const evidence = await api
      .http()
      .post('/v1/disputes/DSP-LIN/evidence')
      .set('Authorization', emsp)
      .send({ id: 'EV-1', text: 'receipt' });
    expect(evidence.status).toBe(201);
    const resolved = await api
      .http()
      .post('/v1/disputes/DSP-LIN/resolution')
      .set('Authorization', api.admin())
      .send({ outcome: 'VOIDED', note: 'not authorised' });
    expect(resolved.status).toBe(201);
    const lineage = await api
      .http()
      .get('/v1/audit/cdrs/DE/ABC/DISP1')
      .set('Authorization', api.admin());
    expect(lineage.status).toBe(200);
    const events = lineage.body.events as Array<{ type: string; stream: string; position: string }>;
    const types = events.map((event) => event.type);
    for (const type of [
      'CdrReceived',
      'CdrPosted',
      'DisputeOpened',
      'CdrDisputeOpened',
      'DisputeEvidenceAdded',
      'CdrDisputeResolved',
      'DisputeResolved',
    ]) {
      expect(types).toContain(type);
    }
    expect(types.indexOf('CdrPosted')).toBeLessThan(types.indexOf('CdrDisputeResolved'));
    // The tariff and agreement versions the CDR was priced under come first.
    expect(new Set(events.map((event) => event.stream))).toEqual(
      new Set(['agreement-DEABC-NLXYZ', 'tariff-DE-ABC-T1', 'cdr-DE-ABC-DISP1', 'dispute-DSP-LIN']),
    );
    const positions = events.map((event) => BigInt(event.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
  });
});
