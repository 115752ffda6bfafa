import { invalidField, invariant, isIsoDateTime, type PartyId } from '#ledger';
import { invoiceArithmeticViolations } from './invoice-arithmetic.js';
import type { Invoice, InvoiceDraft } from './invoice.js';
import { invoiceNumber } from './invoice-streams.js';

/**
 * The invoice-number decider, one stream per issuer (`invoiceNumberStreamName(issuer)`), which
 * holds every document the issuer issued, in number order.
 *
 * IssueInvoice { draft, issued_at } -> InvoiceIssued { invoice } with number N + 1, where N is
 * the issuer's last number (invoices and credit notes share one sequence). The same draft id
 * again -> no events (a retried close). Gap-free and unique under concurrency: the handler
 * appends at the expected revision it read, so of two closes racing for number N + 1 one
 * append fails (WrongExpectedVersion); the loser re-reads, re-decides and gets N + 2. A number
 * is never reused, and nothing issued is ever modified.
 */
export interface IssueInvoice {
  readonly type: 'IssueInvoice';
  readonly draft: InvoiceDraft;
  readonly issued_at: string;
}

export type InvoiceNumberCommand = IssueInvoice;

export type InvoiceIssued = { readonly type: 'InvoiceIssued'; readonly data: Invoice };
export type InvoiceNumberEvent = InvoiceIssued;

export interface InvoiceNumberState {
  readonly issuer: PartyId | null;
  /** 0 before the first document. */
  readonly last_sequence: number;
  /** invoice id -> number, of every document issued. */
  readonly numbers: ReadonlyMap<string, string>;
}

export function initialState(): InvoiceNumberState {
  return { issuer: null, last_sequence: 0, numbers: new Map() };
}

function issueInvoice(command: IssueInvoice, state: InvoiceNumberState): InvoiceNumberEvent[] {
  const { draft } = command;
  if (!isIsoDateTime(command.issued_at)) {
    throw invalidField('issued_at', 'must be an ISO-8601 date-time');
  }
  if (state.numbers.has(draft.invoice_id)) return [];
  const issuer = draft.issuer.party;
  invariant(
    state.issuer === null ||
      (state.issuer.country_code === issuer.country_code &&
        state.issuer.party_id === issuer.party_id),
    `invoice ${draft.invoice_id} decided on another issuer's stream`,
  );
  const violations = invoiceArithmeticViolations(draft);
  invariant(violations.length === 0, `invoice ${draft.invoice_id}: ${violations.join(', ')}`);
  const sequence = state.last_sequence + 1;
  const invoice: Invoice = {
    ...draft,
    number: invoiceNumber(issuer, sequence),
    sequence,
    issued_at: command.issued_at,
  };
  return [{ type: 'InvoiceIssued', data: invoice }];
}

export function decide(
  command: InvoiceNumberCommand,
  state: InvoiceNumberState,
): InvoiceNumberEvent[] {
  switch (command.type) {
    case 'IssueInvoice':
      return issueInvoice(command, state);
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: InvoiceNumberState, event: InvoiceNumberEvent): InvoiceNumberState {
  switch (event.type) {
    case 'InvoiceIssued': {
      const { invoice_id, number, sequence, issuer } = event.data;
      const numbers = new Map(state.numbers);
      numbers.set(invoice_id, number);
      return {
        issuer: state.issuer ?? issuer.party,
        last_sequence: Math.max(state.last_sequence, sequence),
        numbers,
      };
    }
    default: {
      const unknown: never = event.type;
      return unknownEvent(state, unknown);
    }
  }
}

function unknownEvent(state: InvoiceNumberState, _type: never): InvoiceNumberState {
  return state;
}
