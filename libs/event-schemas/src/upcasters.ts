import { upcasterSet, type Upcaster } from '#event-store';
import { CURRENT_SCHEMA_VERSIONS } from './event-catalog.js';

/**
 * The ledger's upcasters: each reads one (type, version) and returns the next version's data.
 * Pure functions of the stored data; never a guess - what an old event did not record is said
 * to be not recorded.
 */

/**
 * CdrReceived / CdrReassessed 1 -> 2: the assessed context records which rule gave the time
 * zone (`time_zone_source`), and the tariff always says where its id came from (`source`, absent
 * in the oldest events, where it could only be the CDR itself).
 */
function assessedContextV2(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const context = (data.context ?? {}) as Readonly<Record<string, unknown>>;
  const tariff = context.tariff as Readonly<Record<string, unknown>> | null | undefined;
  const time_zone = context.time_zone ?? null;
  return {
    ...data,
    context: {
      ...context,
      tariff: tariff === null || tariff === undefined ? null : { source: 'CDR', ...tariff },
      time_zone_source: time_zone === null ? null : 'NOT_RECORDED',
    },
  };
}

export const UPCASTERS: readonly Upcaster[] = [
  { type: 'CdrReceived', from_version: 1, upcast: assessedContextV2 },
  { type: 'CdrReassessed', from_version: 1, upcast: assessedContextV2 },
];

/** The one loader every reader of the log goes through (withUpcasting). */
export const LEDGER_UPCASTERS = upcasterSet(CURRENT_SCHEMA_VERSIONS, UPCASTERS);
