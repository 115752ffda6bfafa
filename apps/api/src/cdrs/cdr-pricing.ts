import type { LedgerPriceJson } from '../../../../libs/cdrs/src/cdr.js';
import type { JsonObject } from '../../../../libs/ocpi/src/canonical-json.js';
import {
  parsePricingCdr,
  parseTariff,
  priceCdr,
  PricingInputError,
  toPriceJson,
} from '../../../../libs/tariffs/src/index.js';

export interface PricingIssue {
  /** JSON path without the leading `$.`, e.g. `elements[0].price_components[0].price`. */
  readonly field: string;
  readonly message: string;
}

/**
 * The ledger's own price of a CDR from a tariff version in a time zone (libs/tariffs). Null when
 * the engine cannot price it: the CDR is then held PRICING_FAILED instead of refused, because
 * the CDR itself was valid.
 */
export function priceCdrJson(
  tariff: JsonObject,
  cdr: JsonObject,
  time_zone: string,
): LedgerPriceJson | null {
  try {
    const result = priceCdr({ tariff: parseTariff(tariff), cdr: parsePricingCdr(cdr), time_zone });
    return toPriceJson(result) as unknown as LedgerPriceJson;
  } catch (error) {
    if (error instanceof PricingInputError) return null;
    throw error;
  }
}

/** What the pricing engine finds wrong in a CDR's pricing fields, or null. */
export function pricingCdrIssue(cdr: JsonObject): PricingIssue | null {
  return issueOf(() => parsePricingCdr(cdr));
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
