import type { VatTreatment } from '#agreements';
import { DomainRejection } from '#ledger';
import { Dec } from '#money';

/**
 * Standard VAT rates by ISO 3166 alpha-2 country, in percent, as in force on 2026-01-01 (EU
 * member states, plus CH, NO, GB): the latest entry of each country's history below. A rate
 * change is a code change in `STANDARD_VAT_RATE_CHANGES`; an invoice records the rate it
 * applied, so issued invoices never depend on this table again.
 */
export const STANDARD_VAT_RATES_PERCENT: Readonly<Record<string, string>> = {
  AT: '20', BE: '21', BG: '20', CY: '19', CZ: '21', DE: '19', DK: '25', EE: '24', ES: '21',
  FI: '25.5', FR: '20', GR: '24', HR: '25', HU: '27', IE: '23', IT: '22', LT: '21', LU: '17',
  LV: '21', MT: '18', NL: '21', PL: '23', PT: '23', RO: '21', SE: '25', SI: '22', SK: '23',
  CH: '8.1', GB: '20', NO: '25',
  // French overseas departments (outside the EU VAT area, French VAT at its own rates): taux
  // normal 8.5 % in Guadeloupe, Martinique and La Reunion (Code general des impots art. 296 1° b;
  // BOFiP BOI-TVA-GEO-20-10-20190605, checked 2026-11-25; unchanged since 2000).
  GP: '8.5', MQ: '8.5', RE: '8.5',
  // Territories in the VAT area of a neighbour: Monaco applies French VAT, Liechtenstein Swiss.
  MC: '20', LI: '8.1',
}; // prettier-ignore

/** One change of a standard rate: `rate_percent` applies to supplies from `from_date` on. */
export interface VatRateChange {
  /** ISO date (local date of supply) the rate applies from, inclusive. */
  readonly from_date: string;
  /** The rate before that date. */
  readonly previous_rate_percent: string;
}

/**
 * The history of the standard rates since 2023-01-01 (the table's horizon): every change, with
 * the rate it replaced. A country without an entry kept its rate over the horizon. Checked
 * against the European Commission's "VAT rates applied in the Member States" (2023-2025
 * editions), the Swiss FTA (MWST 2024) and the national gazettes:
 * - LU 16 % in 2023 only (temporary cut, loi du 26 octobre 2022), 17 % again from 2024-01-01;
 * - EE 20 -> 22 % on 2024-01-01, 22 -> 24 % on 2025-07-01;
 * - CH and LI 7.7 -> 8.1 % on 2024-01-01 (AHV 21 financing);
 * - FI 24 -> 25.5 % on 2024-09-01;
 * - SK 20 -> 23 % on 2025-01-01 (zakon 278/2024);
 * - RO 19 -> 21 % on 2025-08-01 (Legea 141/2025).
 * Entries of one country are in date order. Supplies before the horizon take the oldest rate
 * known here (the first entry's previous rate): invoices of such old supplies are not expected.
 */
export const STANDARD_VAT_RATE_CHANGES: Readonly<Record<string, readonly VatRateChange[]>> = {
  LU: [
    { from_date: '2023-01-01', previous_rate_percent: '17' },
    { from_date: '2024-01-01', previous_rate_percent: '16' },
  ],
  EE: [
    { from_date: '2024-01-01', previous_rate_percent: '20' },
    { from_date: '2025-07-01', previous_rate_percent: '22' },
  ],
  CH: [{ from_date: '2024-01-01', previous_rate_percent: '7.7' }],
  LI: [{ from_date: '2024-01-01', previous_rate_percent: '7.7' }],
  FI: [{ from_date: '2024-09-01', previous_rate_percent: '24' }],
  SK: [{ from_date: '2025-01-01', previous_rate_percent: '20' }],
  RO: [{ from_date: '2025-08-01', previous_rate_percent: '19' }],
};

/**
 * The standard rate of a country in force on `supply_date` (ISO date, the local date of the
 * supply), from the current rate and its changes; undefined when the country is unknown.
 * Without a supply date: the current rate.
 */
function standardRateOn(country_code: string, supply_date: string | null): string | undefined {
  const current = STANDARD_VAT_RATES_PERCENT[country_code];
  if (current === undefined || supply_date === null) return current;
  const changes = STANDARD_VAT_RATE_CHANGES[country_code] ?? [];
  // The first change after the supply date names the rate that was in force then.
  const next = changes.find((change) => supply_date < change.from_date);
  return next === undefined ? current : next.previous_rate_percent;
}

/**
 * Places of supply where VAT does not apply at all, with the reason: an invoice there would be
 * category O ("not subject to VAT", BR-O-*), which these documents do not support yet, so a
 * close meeting one is refused (`vat_rate_unknown`) rather than invoiced at a guessed rate.
 */
// CGI art. 294-1 (version in force on 2024-12-13, checked 2026-11-25): "la taxe sur la valeur
// ajoutee n'est provisoirement pas applicable dans les departements de la Guyane et de Mayotte".
export const VAT_NOT_APPLICABLE: Readonly<Record<string, string>> = {
  GF: 'VAT is provisionally not applicable in French Guiana (Code general des impots, art. 294-1)',
  YT: 'VAT is provisionally not applicable in Mayotte (Code general des impots, art. 294-1)',
};

/**
 * EN 16931 VAT category codes (UNCL5305) used here: S standard rate, AE reverse charge, E exempt
 * (only for a tax that is not VAT, passed through at 0 % VAT: see NOT_VAT_NOTE).
 */
export type VatCategory = 'S' | 'AE' | 'E';

export interface VatClassification {
  readonly category: VatCategory;
  /** Decimal string in percent ("19", "25.5"; "0" for AE). */
  readonly rate_percent: string;
}

/** BT-120 / BT-121 for reverse charge (the CEF VATEX code list). */
export const REVERSE_CHARGE_NOTE = 'Reverse charge';
export const REVERSE_CHARGE_EXEMPTION_CODE = 'VATEX-EU-AE';

/**
 * BT-120 of a tax that is not VAT (e.g. a North American sales tax a 2.3.0 CDR states): it is
 * passed through as charged, on its own line at category E, 0 %, since EN 16931 lets category O
 * ("not subject to VAT") appear on no document that has other categories (BR-O-11).
 */
export const NOT_VAT_NOTE = 'Not VAT: a tax other than VAT, passed through as the CPO charged it';

/** The standard rate in force on `supply_date` (ISO date; null: today's table). */
export function standardVatRate(country_code: string, supply_date: string | null = null): string {
  const rate = standardRateOn(country_code, supply_date);
  const not_applicable = VAT_NOT_APPLICABLE[country_code];
  if (not_applicable !== undefined) {
    throw new DomainRejection(
      'vat_rate_unknown',
      `${not_applicable}; invoices without VAT (category O) are not supported`,
    );
  }
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
  supply_date: string | null = null,
): VatClassification {
  switch (treatment) {
    case 'standard':
      return { category: 'S', rate_percent: standardVatRate(country_of_supply, supply_date) };
    case 'reverse_charge':
      return { category: 'AE', rate_percent: '0' };
    default: {
      const unknown: never = treatment;
      throw new Error(`unknown VAT treatment ${String(unknown)}`);
    }
  }
}

/** What a CDR line says about its place of supply (`CdrSessionFacts` of libs/settlement). */
export interface SupplyFacts {
  readonly country_of_supply: string;
  readonly stated_vat_rate_percent?: string | null;
  /** The local date of the supply (ISO date); absent in facts recorded before it existed. */
  readonly supply_date?: string | null;
}

/** The standard rate of the place of supply on that date, or null when the table has none. */
export function placeOfSupplyRate(
  country_code: string,
  supply_date: string | null = null,
): string | null {
  if (VAT_NOT_APPLICABLE[country_code] !== undefined) return null;
  return standardRateOn(country_code, supply_date) ?? null;
}

/**
 * The VAT of a CDR's charge. Under `standard`, the rate the CDR's tariff states (> 0) when it
 * states one: the ledger settled the CPO's amount incl. VAT at that rate, so the invoice's VAT
 * equals what was settled (up to the rounding the statement reconciles); a stated rate other
 * than the place of supply's is listed on the statement (`vat_rate_differences`). Without a
 * stated rate: the standard rate of the place of supply (`vat_rate_unknown` when unknown).
 */
export function chargeVatClassification(
  treatment: VatTreatment,
  supply: SupplyFacts,
): VatClassification {
  const stated = supply.stated_vat_rate_percent ?? null;
  if (treatment === 'standard' && stated !== null && new Dec(stated).greaterThan(0)) {
    return { category: 'S', rate_percent: stated };
  }
  return vatClassification(treatment, supply.country_of_supply, supply.supply_date ?? null);
}

/** One VAT part of a statement line: its net, category and rate, and the VAT the ledger posted. */
export interface ChargeVatPart {
  readonly vat: VatClassification;
  readonly net_minor: bigint;
  readonly posted_vat_minor: bigint;
  /** The name of a tax that is not VAT, or the rate, for the item name; null for a whole line. */
  readonly label: string | null;
}

/** A statement line as the documents need it (StatementCdrLine satisfies it). */
export interface VatLineFacts {
  readonly amount_excl_vat_minor: string;
  readonly vat_minor: string;
  readonly session: SupplyFacts;
  readonly vat_split?: readonly {
    readonly tax: 'VAT' | 'NOT_VAT';
    readonly rate_percent: string;
    readonly name: string | null;
    readonly amount_minor: string;
    readonly excl_vat_minor: string;
  }[];
}

/**
 * The VAT parts of a CDR's charge: one per part of its `vat_split` (a CDR priced at several
 * rates, or stating a tax that is not VAT), else the whole line at `chargeVatClassification`.
 */
export function chargeVatParts(treatment: VatTreatment, line: VatLineFacts): ChargeVatPart[] {
  const split = line.vat_split ?? [];
  if (treatment !== 'standard' || split.length === 0) {
    return [
      {
        vat: chargeVatClassification(treatment, line.session),
        net_minor: BigInt(line.amount_excl_vat_minor),
        posted_vat_minor: BigInt(line.vat_minor),
        label: null,
      },
    ];
  }
  return split.map((part) => {
    const net = BigInt(part.excl_vat_minor);
    const posted_vat_minor = BigInt(part.amount_minor) - net;
    if (part.tax === 'NOT_VAT') {
      return {
        vat: { category: 'E', rate_percent: '0' },
        net_minor: net,
        posted_vat_minor,
        label: part.name,
      };
    }
    const vat: VatClassification = { category: 'S', rate_percent: part.rate_percent };
    return { vat, net_minor: net, posted_vat_minor, label: `${part.rate_percent} % VAT` };
  });
}
