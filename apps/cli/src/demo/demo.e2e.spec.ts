import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport } from './printer.js';
import { runDemo, type DemoReport } from './runner.js';

/**
 * The whole demo in-process: the API served on a temporary embedded store, driven over real
 * HTTP with a small month (60 sessions), every outcome checked against the generated plan.
 */
describe('ledger demo (60 sessions on the embedded store)', () => {
  let data_dir: string;
  let report: DemoReport;

  beforeAll(async () => {
    data_dir = mkdtempSync(join(tmpdir(), 'ledger-demo-'));
    report = await runDemo({
      seed: 1,
      sessions: 60,
      month: '2026-09',
      concurrency: 16,
      quiet: true,
      data_dir,
    });
  }, 120_000);

  afterAll(() => rmSync(data_dir, { recursive: true, force: true }));

  it('generates every kind of outcome at least once', () => {
    expect(report.expected).toMatchObject({ sessions: 60, cdrs: 60 });
    expect(report.expected.price_mismatch).toBeGreaterThan(0);
    expect(report.expected.duplicates).toBeGreaterThan(0);
    expect(report.expected.credits).toBeGreaterThan(0);
    expect(report.expected.posted).toBe(60 - report.expected.price_mismatch);
  });

  it('gets exactly the generated counts back from the ledger', () => {
    const { expected, observed } = report;
    expect(observed.cdrs_created).toBe(expected.cdrs);
    expect(observed.cdrs_already_known).toBe(0);
    expect(observed.posted).toBe(expected.posted);
    expect(observed.held).toEqual({ PRICE_MISMATCH: expected.price_mismatch });
    expect(observed.duplicates_acknowledged).toBe(expected.duplicates);
    expect(observed.credits_posted).toBe(expected.credits);
    expect(observed.credited).toBe(expected.credits);
  });

  it('meets no unexpected HTTP answer', () => {
    expect(report.failures).toEqual([]);
  });

  it('gets answers from the settlement endpoints the server has', () => {
    const { close } = report;
    // Every party took part in posted CDRs or fees, so each has a balance.
    if (close.endpoints.balances === 'answered') {
      expect(new Set(close.balances.map((b) => b.party.party_id)).size).toBe(6);
      const total = close.balances.reduce((sum, b) => sum + Math.round(Number(b.amount) * 100), 0);
      expect(total).toBe(0);
    }
    if (close.endpoints.statements === 'answered') {
      expect(close.statements).toHaveLength(6);
      expect(close.statements.every((s) => s.status === 201)).toBe(true);
      expect(close.statements.every((s) => s.invoice_ids.length > 0)).toBe(true);
      // Every statement reconciles with its invoices: the posted charges and the invoices differ
      // by VAT rounding only (a cent at most per CDR), and every tariff states the VAT of its
      // place of supply (La Reunion included).
      for (const { figures } of close.statements) {
        expect(figures).not.toBeNull();
        const difference = Math.abs(Number(figures!.rounding_difference));
        expect(difference).toBeLessThanOrEqual(0.01 * report.expected.cdrs);
        expect(figures!.vat_rate_differences).toBe(0);
      }
    }
    if (close.endpoints.invoices === 'answered') {
      expect(close.invoices.length).toBeGreaterThan(0);
      if (close.endpoints.statements === 'answered') {
        const issued = close.statements.flatMap((s) => s.invoice_ids).sort();
        expect(close.invoices.map((i) => i.id).sort()).toEqual(issued);
      }
    }
    const states = Object.values(close.endpoints);
    expect(states.every((state) => state === 'answered' || state === 'not available')).toBe(true);
  });

  it('prints the counts and where the store is', () => {
    const text = formatReport(report);
    expect(text).toContain(data_dir);
    expect(text).toContain('CDRs held: PRICE_MISMATCH');
    expect(text).toContain('Unexpected HTTP answers: none');
  });
});
