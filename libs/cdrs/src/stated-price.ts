import { decimalString, DomainRejection, invalidField, LedgerDecimal } from '#ledger';
import type { OcpiObjectVersion, PriceAmounts, StatedTax } from './cdr.js';

/**
 * The one reader of an OCPI Price as a CPO states it, in either version: a 2.2.1 Price
 * `{excl_vat, incl_vat?}` or a 2.3.0 Price `{before_taxes, taxes[]}` (types.asciidoc). Every
 * figure the ledger takes from a CDR's or Session's cost fields goes through here, so the rest
 * of the ledger sees one shape: excl. = before taxes, incl. = after taxes.
 */
export interface StatedPrice {
  readonly ocpi_version: OcpiObjectVersion;
  /** excl_vat = before taxes; incl_vat = after taxes (2.3.0: before_taxes + every tax). */
  readonly amounts: PriceAmounts;
  /** The 2.3.0 taxes as stated (with the ledger's VAT reading); null for a 2.2.1 Price. */
  readonly taxes: readonly StatedTax[] | null;
  /**
   * An amount after taxes the sender wrote into a 2.3.0 Price although 2.3.0 has no such field
   * (`after_taxes`, copied from the Tariff's PriceLimit): kept to check it, else null.
   */
  readonly after_taxes_stated: string | null;
}

/** Upper bound on the taxes of one Price (OCPI allows any number; a price carries a few). */
const TAXES_MAX = 100;

/** A decimal string from a JSON number (its shortest text: exact) or a decimal string. */
export function amountAt(value: unknown, field: string): string {
  const ok =
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
  if (!ok) throw invalidField(field, 'must be a number');
  return decimalString(new LedgerDecimal(value as number | string));
}

/**
 * Names (whole words, any case) that say a tax is a value added tax: English and the languages
 * of the EU/EEA, the UK and Switzerland, where EN 16931 invoices are issued. North American
 * taxes (GST, HST, PST, QST, sales tax) are not read as VAT: OCPI 2.3.0 gives them as its
 * example of taxes outside the tariff's `vat`, so they are carried as other taxes.
 */
const VAT_NAMES = [
  'VAT',
  'VALUE ADDED TAX',
  'VALUE-ADDED TAX',
  'MWST',
  'MWST.',
  'UST',
  'UST.',
  'MEHRWERTSTEUER',
  'UMSATZSTEUER',
  'TVA',
  'IVA',
  'BTW',
  'MOMS',
  'MVA',
  'ALV',
  'DPH',
  'DDV',
  'PDV',
  'ÁFA',
  'AFA',
  'PVN',
  'PVM',
  'KM',
  'KMKR',
  'FPA',
  'ΦΠΑ',
  'ДДС',
  'TVSH',
  'VSK',
];

/**
 * The is_vat rule: a tax is VAT when its name, or a word or word pair of it, is one of
 * VAT_NAMES ("VAT", "MwSt 19%", "TVA 20 %", "Value Added Tax"); a percentage alone decides
 * nothing (a US sales tax has one too). Any other tax is carried as a tax that is not VAT.
 */
export function isVatTaxName(name: string): boolean {
  const words = name
    .toUpperCase()
    .split(/[\s/,;:()]+/)
    .filter((word) => word.length > 0);
  const pairs = words.slice(1).map((word, index) => `${words[index]} ${word}`);
  const triples = words
    .slice(2)
    .map((word, index) => `${words[index]} ${words[index + 1]} ${word}`);
  return [...words, ...pairs, ...triples].some((candidate) => VAT_NAMES.includes(candidate));
}

function statedTax(raw: unknown, path: string): StatedTax {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidField(path, 'must be an OCPI TaxAmount object');
  }
  const tax = raw as Readonly<Record<string, unknown>>;
  if (typeof tax.name !== 'string' || tax.name.trim() === '') {
    throw invalidField(`${path}.name`, 'must be the name of the tax');
  }
  const account = tax.account_number;
  const percentage = tax.percentage;
  return {
    name: tax.name,
    account_number: typeof account === 'string' ? account : null,
    percentage:
      percentage === undefined || percentage === null
        ? null
        : amountAt(percentage, `${path}.percentage`),
    amount: amountAt(tax.amount, `${path}.amount`),
    is_vat: isVatTaxName(tax.name),
  };
}

function taxedPrice(price: Readonly<Record<string, unknown>>, field: string): StatedPrice {
  const before_taxes = amountAt(price.before_taxes, `${field}.before_taxes`);
  const raw_taxes = price.taxes ?? [];
  if (!Array.isArray(raw_taxes) || raw_taxes.length > TAXES_MAX) {
    throw invalidField(`${field}.taxes`, `must be a list of at most ${TAXES_MAX} TaxAmounts`);
  }
  const taxes = raw_taxes.map((tax, index) => statedTax(tax, `${field}.taxes[${index}]`));
  const after = taxes.reduce((sum, tax) => sum.plus(tax.amount), new LedgerDecimal(before_taxes));
  const stated_after = price.after_taxes;
  return {
    ocpi_version: '2.3.0',
    amounts: { excl_vat: before_taxes, incl_vat: decimalString(after) },
    taxes,
    after_taxes_stated:
      stated_after === undefined || stated_after === null
        ? null
        : amountAt(stated_after, `${field}.after_taxes`),
  };
}

/**
 * The Price at `field` (e.g. `total_cost`) in the ledger's shape; which version it is, is read
 * from its fields (a 2.3.0 Price has `before_taxes`; the receiver refuses a Price of the other
 * version than its path). Throws `validation_failed` naming the field when malformed.
 */
export function statedPriceOf(price: unknown, field: string): StatedPrice {
  if (typeof price !== 'object' || price === null || Array.isArray(price)) {
    throw invalidField(field, 'must be an OCPI Price object');
  }
  const json = price as Readonly<Record<string, unknown>>;
  if (json.before_taxes !== undefined) return taxedPrice(json, field);
  const incl_vat = json.incl_vat;
  return {
    ocpi_version: '2.2.1',
    amounts: {
      excl_vat: amountAt(json.excl_vat, `${field}.excl_vat`),
      incl_vat:
        incl_vat === undefined || incl_vat === null
          ? null
          : amountAt(incl_vat, `${field}.incl_vat`),
    },
    taxes: null,
    after_taxes_stated: null,
  };
}

/** The amount after taxes of a Price (2.2.1: incl. VAT, else excl.), or null when unreadable. */
export function amountAfterTaxesOf(price: unknown): string | null {
  try {
    const { amounts } = statedPriceOf(price, 'price');
    return amounts.incl_vat ?? amounts.excl_vat;
  } catch (error) {
    if (error instanceof DomainRejection) return null;
    throw error;
  }
}
