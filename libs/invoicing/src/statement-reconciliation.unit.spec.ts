import { DomainRejection } from '#ledger';
import { buildStatement, statementCdrLines, VAT_RATE_DIFFERENCES_LISTED_MAX } from '#settlement';
import { FEES_SETTLED_NET_NOTE, planInvoices } from './invoice-drafts.js';
import { reconcileStatement, withReconciliation } from './statement-reconciliation.js';
import {
  CONTEXT,
  HUB,
  cdrEntry,
  close,
  creditEntry,
  januaryStatement,
} from './test-support/invoice-fixtures.js';
import { placeOfSupplyRate, standardVatRate } from './vat-rates.js';

const reconciled = (statement: ReturnType<typeof januaryStatement>) =>
  reconcileStatement(statement, planInvoices(statement, CONTEXT));

describe('reconciling a statement with its invoices', () => {
  it('rounding policy: the ledger sums per-CDR rounded VAT, the invoice rounds VAT once per rate', () => {
    // 0.13 excl. VAT at 19 % is 0.1547 incl.: the ledger posts 0.15 per CDR (VAT 0.02 each,
    // 0.06 for three), the invoice takes 19 % of 0.39 = 0.0741 -> 0.07 (BR-CO-17).
    const cdr = { excl_vat: '0.13', incl_vat: '0.1547', stated_vat_rate_percent: '19' };
    const statement = januaryStatement([
      { cdr_id: 'CDR-1', ...cdr },
      { cdr_id: 'CDR-2', ...cdr },
      { cdr_id: 'CDR-3', ...cdr },
    ]);
    const reconciliation = reconciled(statement);
    expect(reconciliation.policy).toBe('line_nets_rounded_vat_rounded_once_per_rate');
    expect(reconciliation.rounding).toBe(statement.rounding);
    expect(reconciliation.charges).toEqual({
      posted_minor: '45',
      posted_vat_minor: '6',
      invoiced_excl_vat_minor: '39',
      invoiced_vat_minor: '7',
      invoiced_incl_vat_minor: '46',
      difference_minor: '1',
      by_vat_rate: [
        {
          category: 'S',
          rate_percent: '19',
          lines: 3,
          net_minor: '39',
          posted_vat_minor: '6',
          invoiced_vat_minor: '7',
          difference_minor: '1',
        },
      ],
    });
    expect(reconciliation.vat_rate_differences).toEqual([]);
    expect(statement.charges_minor).toBe(reconciliation.charges.posted_minor);
  });

  it('invoices the VAT rate the CDR states, and lists it where the place of supply differs', () => {
    const statement = januaryStatement([
      // La Reunion at its own 8.5 %: no difference.
      { cdr_id: 'CDR-RE', excl_vat: '10.00', incl_vat: '10.85', country_of_supply: 'RE' },
      // A tariff stating 8.5 % for a supply in mainland France (20 %): invoiced as settled,
      // and shown on the statement.
      {
        cdr_id: 'CDR-FR',
        excl_vat: '10.00',
        incl_vat: '10.85',
        country_of_supply: 'FR',
        stated_vat_rate_percent: '8.5',
      },
    ]);
    const [charges] = planInvoices(statement, CONTEXT);
    expect(charges!.lines.map((line) => line.vat_rate_percent)).toEqual(['8.5', '8.5']);
    const reconciliation = reconcileStatement(statement, planInvoices(statement, CONTEXT));
    expect(reconciliation.charges).toMatchObject({
      posted_minor: '2170',
      invoiced_incl_vat_minor: '2170',
      difference_minor: '0',
    });
    expect(reconciliation.vat_rate_differences).toEqual([
      {
        country_code: 'DE',
        party_id: 'ABC',
        cdr_id: 'CDR-FR',
        country_of_supply: 'FR',
        stated_rate_percent: '8.5',
        place_of_supply_rate_percent: '20',
      },
    ]);
  });

  it('lists at most VAT_RATE_DIFFERENCES_LISTED_MAX rate differences and counts them all', () => {
    const lines = Array.from({ length: VAT_RATE_DIFFERENCES_LISTED_MAX + 3 }, (_, index) => ({
      cdr_id: `CDR-FR-${String(index).padStart(3, '0')}`,
      excl_vat: '10.00',
      incl_vat: '10.85',
      country_of_supply: 'FR',
      stated_vat_rate_percent: '8.5',
    }));
    const statement = januaryStatement(lines);
    const reconciliation = reconcileStatement(statement, planInvoices(statement, CONTEXT));
    expect(reconciliation.vat_rate_differences.map((difference) => difference.cdr_id)).toEqual(
      statementCdrLines(statement)
        .slice(0, VAT_RATE_DIFFERENCES_LISTED_MAX)
        .map((line) => line.cdr_id),
    );
    expect(reconciliation.vat_rate_differences_total).toBe(VAT_RATE_DIFFERENCES_LISTED_MAX + 3);
  });

  it('fees: posted net as invoiced excl. VAT; their VAT is on the fee invoice only', () => {
    const statement = januaryStatement([
      { cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '11.90', fee: '0.25' },
      { cdr_id: 'CDR-2', excl_vat: '20.00', incl_vat: '23.80', fee: '0.25' },
    ]);
    const drafts = planInvoices(statement, CONTEXT);
    const fees = drafts.find((draft) => draft.kind === 'fees');
    expect(fees!.notes).toContain(FEES_SETTLED_NET_NOTE);
    expect(statement.fee_balances[0]).toMatchObject({
      settled_on: 'excl_vat',
      vat_on_fees: 'invoiced_separately',
      fees_minor: '50',
    });
    expect(reconcileStatement(statement, drafts).fees).toEqual([
      {
        beneficiary: HUB,
        settled_on: 'excl_vat',
        vat_on_fees: 'invoiced_separately',
        posted_minor: '50',
        invoiced_excl_vat_minor: '50',
        invoiced_vat_minor: '10',
        invoiced_incl_vat_minor: '60',
        difference_excl_vat_minor: '0',
      },
    ]);
  });

  it('a credit note of an earlier invoice counts negative, like the credit CDR posted', () => {
    const original = cdrEntry({
      cdr_id: 'CDR-1',
      posted_at: '2025-12-20T10:00:00Z',
      excl_vat: '10.00',
      incl_vat: '11.90',
    });
    const credit = creditEntry(original, 'CDR-1-CREDIT', '2026-01-05T10:00:00Z');
    const statement = buildStatement(close({ entries: [credit] }), null);
    const drafts = planInvoices(statement, CONTEXT);
    expect(drafts.map((draft) => draft.type)).toEqual(['CREDIT_NOTE', 'CREDIT_NOTE']);
    expect(withReconciliation(statement, drafts).reconciliation!.charges).toMatchObject({
      posted_minor: '-1190',
      invoiced_incl_vat_minor: '-1190',
      difference_minor: '0',
    });
  });
});

describe('VAT rates of the place of supply', () => {
  it('knows the French overseas departments with their own rate', () => {
    expect(['RE', 'GP', 'MQ'].map((country) => standardVatRate(country))).toEqual([
      '8.5',
      '8.5',
      '8.5',
    ]);
    expect(placeOfSupplyRate('FR')).toBe('20');
  });

  it('refuses places where VAT does not apply or is unknown rather than guessing', () => {
    for (const country of ['GF', 'YT', 'XXX']) {
      expect(() => standardVatRate(country)).toThrow(DomainRejection);
      expect(placeOfSupplyRate(country)).toBeNull();
    }
    const statement = januaryStatement([
      { cdr_id: 'CDR-1', excl_vat: '10.00', incl_vat: '10.00', country_of_supply: 'GF' },
    ]);
    expect(() => planInvoices(statement, CONTEXT)).toThrow(
      expect.objectContaining({ code: 'vat_rate_unknown' }),
    );
  });
});
