import type { VatTreatment } from '../../agreements/src/index.js';
import { DomainRejection } from '../../ledger/src/index.js';

/**
 * Standard VAT rates by ISO 3166 alpha-2 country, in percent, as in force on 2026-01-01 (EU
 * member states, plus CH, NO, GB). A rate change is a code change here; an invoice records the
 * rate it applied, so issued invoices never depend on this table again.
 */
export const STANDARD_VAT_RATES_PERCENT: Readonly<Record<string, string>> = {
  AT: '20', BE: '21', BG: '20', CY: '19', CZ: '21', DE: '19', DK: '25', EE: '24', ES: '21',
  FI: '25.5', FR: '20', GR: '24', HR: '25', HU: '27', IE: '23', IT: '22', LT: '21', LU: '17',
  LV: '21', MT: '18', NL: '21', PL: '23', PT: '23', RO: '21', SE: '25', SI: '22', SK: '23',
  CH: '8.1', GB: '20', NO: '25',
}; // prettier-ignore

/** EN 16931 VAT category codes (UNCL5305) used here: S standard rate, AE reverse charge. */
export type VatCategory = 'S' | 'AE';

export interface VatClassification {
  readonly category: VatCategory;
  /** Decimal string in percent ("19", "25.5"; "0" for AE). */
  readonly rate_percent: string;
}

/** BT-120 / BT-121 for reverse charge (the CEF VATEX code list). */
export const REVERSE_CHARGE_NOTE = 'Reverse charge';
export const REVERSE_CHARGE_EXEMPTION_CODE = 'VATEX-EU-AE';

export function standardVatRate(country_code: string): string {
  const rate = STANDARD_VAT_RATES_PERCENT[country_code];
  if (rate === undefined) {
    throw new DomainRejection(
      'vat_rate_unknown',
      `no standard VAT rate is known for country ${country_code}`,
    );
  }
  return rate;
}

/**
 * The VAT of a supply under the agreement's treatment: `standard` -> category S at the standard
 * rate of `country_of_supply`; `reverse_charge` -> category AE at 0 % (the buyer accounts for
 * the VAT; the invoice names both VAT ids and says "Reverse charge").
 */
export function vatClassification(
  treatment: VatTreatment,
  country_of_supply: string,
): VatClassification {
  switch (treatment) {
    case 'standard':
      return { category: 'S', rate_percent: standardVatRate(country_of_supply) };
    case 'reverse_charge':
      return { category: 'AE', rate_percent: '0' };
    default: {
      const unknown: never = treatment;
      throw new Error(`unknown VAT treatment ${String(unknown)}`);
    }
  }
}
