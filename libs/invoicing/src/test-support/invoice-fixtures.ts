import { type SettlementStatement, type StatementTerms, buildStatement } from '#settlement';
import {
  CPO,
  EMSP,
  HUB,
  cdrEntry,
  close,
  creditEntry,
  terms,
  type CdrEntryInput,
} from '#settlement/test-support/statement-fixtures.js';
import type { InvoicePlanningContext } from '../invoice-drafts.js';
import type { Invoice, InvoiceDraft, InvoiceParty } from '../invoice.js';

export { CPO, EMSP, HUB, cdrEntry, close, creditEntry, terms };

export const PARTIES: readonly InvoiceParty[] = [
  {
    party: CPO,
    name: 'Charge & Go <GmbH>',
    country_code: 'DE',
    vat_id: 'DE123456789',
    electronic_address: { scheme: '9930', id: 'DE123456789' },
    address: { street: 'Hauptstraße 1', city: 'Berlin', postal_code: '10115' },
  },
  {
    party: EMSP,
    name: 'Drive "Electric" B.V.',
    country_code: 'NL',
    vat_id: 'NL123456789B01',
    electronic_address: { scheme: '9944', id: 'NL123456789B01' },
    address: { street: 'Kade 2', city: 'Amsterdam', postal_code: '1011 AB' },
  },
  {
    party: HUB,
    name: 'Roaming Hub B.V.',
    country_code: 'NL',
    vat_id: 'NL987654321B01',
    electronic_address: null,
    address: null,
  },
];

export const CONTEXT: InvoicePlanningContext = { parties: PARTIES, invoiced_cdrs: [] };

/** A January statement of the given CDRs (posted in January, 2026-01-10 + index hours). */
export function januaryStatement(
  inputs: readonly Omit<CdrEntryInput, 'posted_at'>[],
  overrides: Partial<StatementTerms> = {},
): SettlementStatement {
  const entries = inputs.map((input, index) =>
    cdrEntry({
      ...input,
      posted_at: `2026-01-10T${String(index % 24).padStart(2, '0')}:00:00Z`,
      reverse_charge: overrides.vat_treatment === 'reverse_charge',
    }),
  );
  return buildStatement(close({ entries, terms: terms(overrides) }), null);
}

/** Issue a draft with a number, as the invoice-number decider would. */
export function issue(draft: InvoiceDraft, sequence = 1): Invoice {
  const number = `${draft.issuer.party.country_code}${draft.issuer.party.party_id}-${String(
    sequence,
  ).padStart(6, '0')}`;
  return { ...draft, number, sequence, issued_at: '2026-02-01T00:05:00Z' };
}
