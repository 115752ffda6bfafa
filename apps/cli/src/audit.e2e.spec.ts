/**
 * `ledger audit replay` and `ledger audit journal` end to end: a log written through the real
 * API (CDRs, a payment, a statement close), the API's answers recorded at two moments, then the
 * built command run over the same data dir. The replay, from the log alone, gives the balances
 * the API answered with `as_of` at each moment; the journal is the API's journal, byte for byte.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGREEMENT, ApiHarness } from '../../api/src/test-support/api-harness.js';
import {
  closePeriod,
  postCdr,
  setUpSettlement,
} from '../../api/src/statements/test-support/settlement-setup.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const ledger = join(root, 'bin', 'ledger');
const PARTIES = ['DE/ABC', 'NL/XYZ', 'NL/HUB', 'BE/EMS', 'FR/OTH'];

function ledgerRun(data_dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [ledger, ...args], {
    encoding: 'utf8',
    env: { ...process.env, LEDGER_DATA_DIR: data_dir, LEDGER_EVENT_STORE: 'sqlite' },
  });
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

/** What the API answers for every party's balances as of a moment: party|currency -> amount. */
async function balancesAsOf(api: ApiHarness, as_of: string): Promise<Map<string, string>> {
  const figures = new Map<string, string>();
  for (const party of PARTIES) {
    const response = await api
      .http()
      .get(`/v1/partners/${party}/balances?as_of=${encodeURIComponent(as_of)}`)
      .set('Authorization', api.admin());
    expect(response.status).toBe(200);
    for (const balance of response.body.balances as { currency: string; amount: string }[]) {
      figures.set(`${party}|${balance.currency}`, balance.amount);
    }
  }
  return figures;
}

function replayed(data_dir: string, until: string) {
  const result = ledgerRun(data_dir, 'audit', 'replay', '--until', until);
  expect(result.stderr).not.toMatch(/Error/);
  expect(result.status).toBe(0);
  const replay = JSON.parse(result.stdout.trim().split('\n').pop()!);
  const figures = new Map<string, string>();
  for (const balance of replay.balances as { party: string; currency: string; amount: string }[]) {
    figures.set(`${balance.party}|${balance.currency}`, balance.amount);
  }
  return { replay, figures };
}

describe('ledger audit (replay, journal)', () => {
  let api: ApiHarness;
  let first: string;
  let second: string;
  let as_of_first: Map<string, string>;
  let as_of_second: Map<string, string>;
  let journal_json: string;
  let journal_csv: string;
  let invoices_count: number;

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await postCdr(api, 'CDR1');
    await postCdr(api, 'CDR2', { emsp: 'BE' });
    await pause();
    first = new Date().toISOString();
    await pause();
    const payment = await api
      .http()
      .post('/v1/payments')
      .set('Authorization', api.admin())
      .send({
        id: 'PAY-1',
        payer: { country_code: 'NL', party_id: 'XYZ' },
        payee: { country_code: 'DE', party_id: 'ABC' },
        currency: 'EUR',
        amount: '1.00',
        value_date: '2026-11-30',
      });
    expect(payment.status).toBe(201);
    await postCdr(api, 'CDR3');
    await pause();
    const closed = await closePeriod(api, AGREEMENT.id);
    expect(closed.status).toBe(201);
    invoices_count = closed.body.invoices.length;
    await pause();
    second = new Date().toISOString();
    as_of_first = await balancesAsOf(api, first);
    as_of_second = await balancesAsOf(api, second);
    const window = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
    const auth = api.admin();
    journal_json = (await api.http().get(`/v1/audit/journal?${window}`).set('Authorization', auth))
      .text;
    journal_csv = (
      await api.http().get(`/v1/audit/journal?${window}&format=csv`).set('Authorization', auth)
    ).text;
    await api.stop({ keep_data: true });
  });

  afterAll(() => rmSync(api.data_dir, { recursive: true, force: true }));

  it('replays to a moment from the log alone: the balances the API answered as_of then', () => {
    const at_first = replayed(api.data_dir, first);
    expect(at_first.figures).toEqual(as_of_first);
    expect(at_first.replay).toMatchObject({ until: first, statements: 0, invoices: 0 });
    expect(as_of_first.size).toBeGreaterThan(0);

    const at_second = replayed(api.data_dir, second);
    expect(at_second.figures).toEqual(as_of_second);
    expect(at_second.figures).not.toEqual(at_first.figures);
    expect(at_second.replay).toMatchObject({ statements: 1, invoices: invoices_count });
    expect(BigInt(at_second.replay.position)).toBeGreaterThan(BigInt(at_first.replay.position));
    expect(at_second.replay.events).toBeGreaterThan(at_first.replay.events);
  });

  it('exports the same journal as the API, JSON lines and CSV', () => {
    const args = [
      'audit',
      'journal',
      '--from',
      '2000-01-01T00:00:00Z',
      '--to',
      '2100-01-01T00:00:00Z',
    ];
    const json = ledgerRun(api.data_dir, ...args);
    expect(json.status).toBe(0);
    expect(json.stdout).toBe(journal_json);
    const csv = ledgerRun(api.data_dir, ...args, '--format', 'csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe(journal_csv);
    // Three CDRs and a payment (12 postings), and the VAT on fees the close posted (2).
    expect(journal_json.trim().split('\n')).toHaveLength(14);
  });

  it('refuses bad arguments with usage on stderr and exit 2', () => {
    for (const args of [
      ['audit', 'replay', '--until', '2026-02-30T00:00:00Z'],
      ['audit', 'replay'],
      ['audit', 'journal', '--from', '2026-12-01T00:00:00Z', '--to', '2026-11-01T00:00:00Z'],
      ['audit', 'journal', '--from', '2026-11-01', '--to', '2026-12-01', '--format', 'xml'],
      ['audit', 'nope'],
    ]) {
      const result = ledgerRun(api.data_dir, ...args);
      expect([args.join(' '), result.status]).toEqual([args.join(' '), 2]);
      expect(result.stderr).toMatch(/Usage: ledger audit/);
    }
  });
});
