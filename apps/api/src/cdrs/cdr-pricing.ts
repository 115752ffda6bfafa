import type { LedgerPriceJson } from '#cdrs';
import type { JsonObject } from '#ocpi';
import {
  periodsSpanningPriceBoundaries,
  parsePricingCdr,
  parseTariff,
  priceCdr,
  PricingInputError,
  toPriceJson,
  type PricingCdr,
  type Tariff,
} from '#tariffs';

export interface PricingIssue {
  /** JSON path without the leading `$.`, e.g. `elements[0].price_components[0].price`. */
  readonly field: string;
  readonly message: string;
}

/**
 * The ledger's own price of a CDR from a tariff version in a time zone (libs/tariffs), and the
 * charging periods that span a price-relevant boundary of the tariff (flagged
 * TARIFF_PERIOD_SPLIT). The price is null when the engine cannot price the CDR: it is then held
 * PRICING_FAILED instead of refused, because the CDR itself was valid.
 */
export function priceCdrWithSplits(
  tariff: JsonObject,
  cdr: JsonObject,
  time_zone: string,
): { readonly price: LedgerPriceJson | null; readonly split_periods: number[] } {
  try {
    const input = { tariff: parsedTariff(tariff), cdr: parsedCdr(cdr), time_zone };
    const result = priceCdr(input);
    return {
      price: toPriceJson(result) as unknown as LedgerPriceJson,
      split_periods: periodsSpanningPriceBoundaries(input, result),
    };
  } catch (error) {
    if (error instanceof PricingInputError) return { price: null, split_periods: [] };
    throw error;
  }
}

/**
 * Parsed forms by object identity: the controller checks a CDR's pricing fields and the context
 * lookup prices the same object; a tariff version's object is shared while its stream's state
 * is cached (StreamStateCache). Parsing is pure and the parsed forms are only read, so an entry
 * stays right for as long as its object lives. A refusal is not kept: it is thrown again.
 */
const parsed_cdrs = new WeakMap<JsonObject, PricingCdr>();
const parsed_tariffs = new WeakMap<JsonObject, Tariff>();

function parsedCdr(cdr: JsonObject): PricingCdr {
  let parsed = parsed_cdrs.get(cdr);
  if (parsed === undefined) {
    parsed = parsePricingCdr(cdr);
    parsed_cdrs.set(cdr, parsed);
  }
  return parsed;
}

function parsedTariff(tariff: JsonObject): Tariff {
  let parsed = parsed_tariffs.get(tariff);
  if (parsed === undefined) {
    parsed = parseTariff(tariff);
    parsed_tariffs.set(tariff, parsed);
  }
  return parsed;
}

/** What the pricing engine finds wrong in a CDR's pricing fields, or null. */
export function pricingCdrIssue(cdr: JsonObject): PricingIssue | null {
  return issueOf(() => parsedCdr(cdr));
}

/** What the pricing engine finds wrong in a tariff, or null. */
export function pricingTariffIssue(tariff: JsonObject): PricingIssue | null {
  return issueOf(() => parseTariff(tariff));
}

function issueOf(parse: () => unknown): PricingIssue | null {
  try {
    parse();
    return null;
  } catch (error) {
    if (!(error instanceof PricingInputError)) throw error;
    const first = error.issues[0];
    if (!first) return { field: '$', message: 'invalid' };
    const field = first.path === '$' ? '$' : first.path.replace(/^\$\.?/, '');
    return { field, message: first.reason };
  }
}
