import { BadRequestException } from '@nestjs/common';
import { invalidField, isIsoDateTime, instantMs } from '#ledger';
import { formatMinorUnits } from '#money';
import type { CurrencyBalance, PostingRow } from '#projections';

/** `DE/ABC` -> `{ country_code, party_id }`. */
function partyRef(key: string): { country_code: string; party_id: string } {
  const [country_code = '', party_id = ''] = key.split('/');
  return { country_code, party_id };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `?as_of=`: an ISO-8601 date-time (no designator: UTC), or a date (its start, UTC). Only real
 * calendar moments: `2026-02-30` is refused, not read as March 2nd.
 */
export function parseAsOf(as_of: unknown): number | null {
  if (as_of === undefined) return null;
  const text = typeof as_of === 'string' ? as_of : '';
  const candidate = DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text;
  if (!isIsoDateTime(candidate)) {
    throw invalidField(
      'as_of',
      `must be a real ISO-8601 date-time such as 2026-01-31T23:59:59Z, not ${JSON.stringify(text)}`,
    );
  }
  return instantMs(candidate);
}

export function balancesView(balances: readonly CurrencyBalance[]) {
  return balances.map((balance) => ({
    currency: balance.currency,
    amount: formatMinorUnits(balance.amount_minor, balance.currency),
    counterparties: balance.counterparties.map((counterparty) => ({
      ...partyRef(counterparty.party),
      amount: formatMinorUnits(counterparty.amount_minor, balance.currency),
    })),
  }));
}

function sourceOf(row: PostingRow) {
  if (row.source_kind === 'payment') return { kind: 'payment', payment_id: row.source_ref };
  // A close's document postings (fee VAT, VAT rounding) point at their statement.
  if (row.source_kind === 'statement_documents') {
    return { kind: row.source_kind, statement_id: row.source_ref };
  }
  const [country_code, party_id, ...rest] = row.source_ref.split('/');
  return { kind: row.source_kind, cdr: { country_code, party_id, cdr_id: rest.join('/') } };
}

export function postingView(row: PostingRow) {
  return {
    transaction_id: row.transaction_id,
    ledger_time: new Date(row.ledger_time_ms).toISOString(),
    currency: row.currency,
    amount: formatMinorUnits(row.amount_minor, row.currency),
    counterparty: partyRef(row.counterparty),
    source: sourceOf(row),
    position: row.position.toString(),
  };
}

/** Paging cursors are opaque: the last entry id, base64url-encoded. */
export function encodeCursor(entry_id: bigint): string {
  return Buffer.from(entry_id.toString(), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown): bigint | null {
  if (cursor === undefined || cursor === '') return null;
  const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!/^\d{1,18}$/.test(text))
    throw new BadRequestException('cursor is not a cursor this API gave');
  return BigInt(text);
}

const POSTINGS_LIMIT_DEFAULT = 50;

export function parseLimit(limit: unknown, max: number): number {
  if (limit === undefined || limit === '') return POSTINGS_LIMIT_DEFAULT;
  const text = typeof limit === 'string' ? limit : '';
  const value = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max)) {
    throw new BadRequestException(`limit must be an integer from 1 to ${max}`);
  }
  return value;
}
