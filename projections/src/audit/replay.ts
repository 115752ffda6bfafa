import type { EventStore, RecordedEvent } from '#event-store';
import { instantMs, invariant } from '#ledger';
import { formatMinorUnits } from '#money';
import { balanceEntriesOf } from '../balances/balances.fold.js';

/**
 * `ledger audit replay --until`: the ledger as it stood at a moment, computed from the log alone
 * by the same pure folds the read models use, and no read model. Two clocks, as in the API:
 * - a balance as of a moment sums the postings whose ledger (posting) time is at or before it,
 *   exactly what `GET .../balances?as_of=` answers;
 * - events, statements and invoices count the events the log had recorded at or before it
 *   (`recorded_at`), and `position` is the last of them.
 */
export interface ReplayResult {
  readonly until: string;
  readonly events: number;
  readonly position: string;
  readonly balances: readonly { party: string; currency: string; amount: string }[];
  readonly statements: number;
  readonly invoices: number;
}

export const STATEMENT_EVENT_TYPES = ['SettlementStatementIssued'];
export const INVOICE_EVENT_TYPES = ['InvoiceIssued'];

/** The running fold of a replay; `add` each event of the log in order, then `result`. */
export class LedgerReplay {
  private events = 0;
  private position = 0n;
  private statements = 0;
  private invoices = 0;
  /** `party|currency` -> amount in minor units (positive: the party is owed). */
  private readonly balances = new Map<string, bigint>();

  constructor(private readonly until_ms: number) {}

  add(event: RecordedEvent): void {
    for (const entry of balanceEntriesOf(event)) {
      if (entry.ledger_time_ms > this.until_ms) continue;
      const key = `${entry.party}|${entry.currency}`;
      this.balances.set(key, (this.balances.get(key) ?? 0n) + entry.amount_minor);
    }
    if (instantMs(event.recorded_at) > this.until_ms) return;
    this.events += 1;
    if (event.position > this.position) this.position = event.position;
    if (STATEMENT_EVENT_TYPES.includes(event.type)) this.statements += 1;
    if (INVOICE_EVENT_TYPES.includes(event.type)) this.invoices += 1;
  }

  result(): ReplayResult {
    const totals = new Map<string, bigint>();
    const balances = [...this.balances.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, amount_minor]) => {
        const [party, currency] = key.split('|') as [string, string];
        totals.set(currency, (totals.get(currency) ?? 0n) + amount_minor);
        return { party, currency, amount: formatMinorUnits(amount_minor, currency) };
      });
    // Double entry: every currency's balances sum to zero at every moment.
    for (const [currency, total] of totals) {
      invariant(total === 0n, `replayed balances in ${currency} sum to ${total}, not 0`);
    }
    return {
      until: new Date(this.until_ms).toISOString(),
      events: this.events,
      position: this.position.toString(),
      balances,
      statements: this.statements,
      invoices: this.invoices,
    };
  }
}

/** Replays the whole log (streaming; memory grows with parties x currencies, not events). */
export async function replayUntil(
  store: EventStore,
  until_ms: number,
  on_event?: (event: RecordedEvent) => void,
): Promise<ReplayResult> {
  const replay = new LedgerReplay(until_ms);
  for await (const event of store.readAll()) {
    replay.add(event);
    on_event?.(event);
  }
  return replay.result();
}
