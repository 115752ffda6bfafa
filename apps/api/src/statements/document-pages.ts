import { ciKey } from '#ocpi';
import type { PartyId } from '#ledger';
import { DOCUMENTS_PAGE_MAX } from '#projections';
import { assertOwnParty, seesAllParties } from '../auth/auth.guards.js';
import { decodeCursor, encodeCursor, parseLimit } from '../balances/balances.views.js';
import type { LedgerRequest } from '../http/request-context.js';

/**
 * What the party-scoped document lists (`/v1/partners/{cc}/{pid}/statements`, `.../invoices`)
 * share: who may read them (the admin, or the party itself), the party named by the path
 * (upper-cased, as the read model keys it) and the page asked for (`limit`, `cursor`).
 */
export interface PartyDocumentsPage {
  readonly party: PartyId;
  readonly page_size: number;
  readonly before: bigint | null;
}

/** Checks access and parses the paging of a party's document list; 403 for another party. */
export function partyDocumentsPage(
  request: LedgerRequest,
  path: { readonly country_code: string; readonly party_id: string },
  query: { readonly limit: unknown; readonly cursor: unknown },
): PartyDocumentsPage {
  if (!seesAllParties(request)) {
    if (!request.partner) throw new Error('partner guard did not run');
    assertOwnParty(request.partner, path.country_code, path.party_id);
  }
  return {
    party: {
      country_code: ciKey(path.country_code),
      party_id: ciKey(path.party_id),
    },
    page_size: parseLimit(query.limit, DOCUMENTS_PAGE_MAX),
    before: decodeCursor(query.cursor),
  };
}

/** `{ items, next_cursor? }` of a page. */
export function pageView<T>(name: string, items: readonly T[], next_row: bigint | null) {
  return { [name]: items, ...(next_row === null ? {} : { next_cursor: encodeCursor(next_row) }) };
}
