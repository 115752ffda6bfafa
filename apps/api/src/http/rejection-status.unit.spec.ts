import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REJECTION_CODES } from '#ledger';
import { RECEIVER_REJECTION_CODES } from '#ocpi';
import { PAYMENT_REJECTION_CODES } from '#payments';
import { PRICE_PLAN_REJECTION_CODES } from '#price-plans';
import { REJECTION_STATUS, rejectionStatusOf } from './rejection-status.js';

/**
 * Every rejection code of every context with the HTTP status and the OCPI status code it is
 * answered with: the table a partner or a client library reads. A code added, removed or
 * remapped changes this table on purpose.
 */
const EXPECTED: readonly (readonly [code: string, http: number, ocpi: number])[] = [
  ['validation_failed', 400, 2001],
  ['agreement_conflict', 409, 2000],
  ['agreement_unknown', 404, 2003],
  ['agreement_amendment_retroactive', 409, 2000],
  ['cdr_conflict', 409, 2000],
  ['credit_reference_unknown', 409, 2000],
  ['credit_of_credit_cdr', 409, 2000],
  ['credit_of_held_cdr', 409, 2000],
  ['cdr_already_credited', 409, 2000],
  ['cdr_unknown', 404, 2003],
  ['cdr_not_held', 409, 2000],
  ['statement_period_in_future', 409, 2000],
  ['statement_period_not_after_previous', 409, 2000],
  ['statement_period_before_agreement', 409, 2000],
  ['statement_period_too_large', 409, 2000],
  ['vat_rate_unknown', 409, 2000],
  ['invoice_master_data_missing', 409, 2000],
  ['principal_conflict', 409, 2000],
  ['principal_token_in_use', 409, 2000],
  ['dispute_conflict', 409, 2000],
  ['dispute_unknown', 404, 2003],
  ['dispute_not_party', 403, 2000],
  ['dispute_cdr_not_posted', 409, 2000],
  ['dispute_already_open', 409, 2000],
  ['dispute_window_closed', 409, 2000],
  ['dispute_not_open', 409, 2000],
  ['dispute_already_resolved', 409, 2000],
  ['evidence_conflict', 409, 2000],
  ['resolution_not_allowed', 403, 2000],
  ['cdr_already_resolved', 409, 2000],
  ['resolution_needs_agreement', 409, 2000],
  ['resolution_currency_mismatch', 409, 2000],
  ['resolution_needs_ledger_price', 409, 2000],
  ['resolution_signature_invalid', 409, 2000],
  ['exception_unknown', 404, 2003],
  ['exception_already_resolved', 409, 2000],
  ['exception_resolved_with_cdr', 409, 2000],
  ['partner_conflict', 409, 2000],
  ['partner_token_in_use', 409, 2000],
  ['partner_unknown', 404, 2003],
  ['partner_amendment_retroactive', 409, 2000],
  ['location_unknown', 404, 2003],
  ['tariff_unknown', 404, 2003],
  ['session_unknown', 404, 2003],
  ['session_end_before_start', 400, 2001],
  ['session_energy_decreased', 409, 2000],
  ['session_already_completed', 409, 2000],
  ['object_identity_changed', 400, 2001],
  ['registration_token_unknown', 401, 2000],
  ['registration_token_spent', 401, 2000],
  ['partner_not_registered', 405, 2000],
  ['payment_conflict', 409, 2000],
  ['party_unknown', 409, 2000],
  ['currency_not_agreed', 409, 2000],
  ['price_plan_partner_unknown', 404, 2003],
  ['price_plan_partner_not_emsp', 409, 2000],
  ['price_plan_retroactive', 409, 2000],
  ['price_plan_missing', 409, 2000],
  ['price_plan_not_in_force', 409, 2000],
  ['driver_period_in_future', 409, 2000],
  ['driver_period_not_after_previous', 409, 2000],
];

describe('rejection statuses', () => {
  it.each(EXPECTED)('%s answers HTTP %i, OCPI %i', (code, http, ocpi) => {
    expect(rejectionStatusOf(code)).toEqual([http, ocpi]);
  });

  it('the table lists every code of every context once, and the map no other', () => {
    const every = [
      ...REJECTION_CODES,
      ...RECEIVER_REJECTION_CODES,
      ...PAYMENT_REJECTION_CODES,
      ...PRICE_PLAN_REJECTION_CODES,
    ];
    expect(new Set(every).size).toBe(every.length);
    expect(EXPECTED.map(([code]) => code).sort()).toEqual([...every].sort());
    expect(Object.keys(REJECTION_STATUS).sort()).toEqual([...every].sort());
  });

  it('a code of no context (another copy of a library) is a conflict, never a 500', () => {
    expect(rejectionStatusOf('no_such_code')).toEqual([409, 2000]);
  });

  it("agrees with the tables in the contexts' own doc comments (HTTP status)", () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
    const sources = [
      'libs/ledger/src/domain-rejection.ts',
      'libs/ocpi/src/receiver-rejection.ts',
      'libs/payments/src/payment.ts',
      'libs/price-plans/src/price-plan.ts',
    ];
    const documented = new Map<string, number>();
    for (const source of sources) {
      const text = readFileSync(join(root, source), 'utf8');
      for (const [, code, http] of text.matchAll(/^ \* \| ([a-z_]+) *\| (\d{3}) *\|/gm)) {
        documented.set(code!, Number(http));
      }
    }
    expect([...documented.keys()].sort()).toEqual(EXPECTED.map(([code]) => code).sort());
    for (const [code, http] of EXPECTED) expect([code, documented.get(code)]).toEqual([code, http]);
  });
});
