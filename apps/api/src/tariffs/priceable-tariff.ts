import type { JsonObject } from '#ocpi';
import { BodyInvalid } from '../http/body-invalid.error.js';
import { pricingTariffIssue } from '../cdrs/cdr-pricing.js';

/**
 * A tariff is accepted only if the pricing engine can read it: every component and restriction
 * is checked there, so a published version can always price a CDR.
 */
export function assertPriceableTariff(tariff: JsonObject): void {
  const issue = pricingTariffIssue(tariff);
  if (issue) throw new BodyInvalid(issue.field, `Invalid field ${issue.field}: ${issue.message}`);
}
