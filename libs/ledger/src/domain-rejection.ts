/**
 * The one domain error of the ledger's business contexts (agreements, CDRs, ledger postings).
 *
 * Deciders refuse a command by throwing a DomainRejection with a stable code from the closed set
 * below. Only the exception filter in apps/ maps codes to HTTP / OCPI statuses; the domain never
 * talks about transport. The mapping (owned by apps/api/src/http/rejection-status.ts, where a
 * table test lists every code of every context):
 *
 * | code                          | HTTP | OCPI | meaning                                          |
 * | ----------------------------- | ---- | ---- | ------------------------------------------------ |
 * | validation_failed             | 400  | 2001 | a field is missing or malformed (see `field`)     |
 * | agreement_conflict            | 409  | 2000 | the agreement id exists with other content        |
 * | agreement_unknown             | 404  | 2003 | amending an agreement that was never registered   |
 * | agreement_amendment_retroactive | 409 | 2000 | new version would apply before the latest one or before now |
 * | cdr_conflict                  | 409  | 2000 | the CDR id exists with other content              |
 * | credit_reference_unknown      | 409  | 2000 | a credit CDR names a CDR the ledger never received |
 * | credit_of_credit_cdr          | 409  | 2000 | a credit CDR names another credit CDR             |
 * | credit_of_held_cdr            | 409  | 2000 | the credited CDR was held, nothing to reverse     |
 * | cdr_already_credited          | 409  | 2000 | the credited CDR was credited by another credit CDR |
 * | cdr_unknown                   | 404  | 2003 | reassessing a CDR the ledger never received       |
 * | cdr_not_held                  | 409  | 2000 | reassessing a CDR that is posted (or a credit CDR) |
 * | statement_period_in_future    | 409  | 2000 | closing a settlement period that ends after now   |
 * | statement_period_not_after_previous | 409 | 2000 | period_end not after the previous statement's |
 * | statement_period_before_agreement | 409 | 2000 | period_end not after the agreement takes effect |
 * | statement_period_too_large    | 409  | 2000 | the period holds more entries than one statement takes |
 * | vat_rate_unknown              | 409  | 2000 | no standard VAT rate known for the country of supply |
 * | invoice_master_data_missing   | 409  | 2000 | a Peppol document's rules need partner master data |
 * | principal_conflict            | 409  | -    | the principal id exists with other details        |
 * | principal_token_in_use        | 409  | -    | another principal already holds this token        |
 * | dispute_conflict              | 409  | -    | the dispute id exists with other content          |
 * | dispute_unknown               | 404  | -    | evidence for / resolution of an unknown dispute   |
 * | dispute_not_party             | 403  | -    | the caller is neither the CDR's CPO nor its eMSP  |
 * | dispute_cdr_not_posted        | 409  | -    | a held CDR or a credit CDR cannot be disputed     |
 * | dispute_already_open          | 409  | -    | the CDR already has another open dispute          |
 * | dispute_window_closed         | 409  | -    | opened later than the agreement's dispute window  |
 * | dispute_not_open              | 409  | -    | evidence for a dispute that is resolved           |
 * | dispute_already_resolved      | 409  | -    | another resolution of a resolved dispute          |
 * | evidence_conflict             | 409  | -    | the evidence id exists with other text            |
 * | resolution_not_allowed        | 403  | -    | only a dispute handler or admin resolves          |
 * | cdr_already_resolved          | 409  | -    | a held CDR already resolved with another decision |
 * | resolution_needs_agreement    | 409  | -    | posting a held CDR no agreement is in force for   |
 * | resolution_currency_mismatch  | 409  | -    | posting a CDR in another currency than its agreement |
 * | resolution_needs_ledger_price | 409  | -    | POST_LEDGER_PRICE for a CDR the ledger cannot price |
 * | resolution_signature_invalid  | 409  | -    | posting a CDR whose signed meter data did not verify |
 * | exception_unknown             | 404  | -    | resolving an exception the queue does not hold    |
 * | exception_already_resolved    | 409  | -    | another resolution of a resolved exception        |
 * | exception_resolved_with_cdr   | 409  | -    | the exception holds a CDR: resolve the CDR itself |
 */
export const REJECTION_CODES = [
  'validation_failed',
  'agreement_conflict',
  'agreement_unknown',
  'agreement_amendment_retroactive',
  'cdr_conflict',
  'credit_reference_unknown',
  'credit_of_credit_cdr',
  'credit_of_held_cdr',
  'cdr_already_credited',
  'cdr_unknown',
  'cdr_not_held',
  'statement_period_in_future',
  'statement_period_not_after_previous',
  'statement_period_before_agreement',
  'statement_period_too_large',
  'vat_rate_unknown',
  'invoice_master_data_missing',
  'principal_conflict',
  'principal_token_in_use',
  'dispute_conflict',
  'dispute_unknown',
  'dispute_not_party',
  'dispute_cdr_not_posted',
  'dispute_already_open',
  'dispute_window_closed',
  'dispute_not_open',
  'dispute_already_resolved',
  'evidence_conflict',
  'resolution_not_allowed',
  'cdr_already_resolved',
  'resolution_needs_agreement',
  'resolution_currency_mismatch',
  'resolution_needs_ledger_price',
  'resolution_signature_invalid',
  'exception_unknown',
  'exception_already_resolved',
  'exception_resolved_with_cdr',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

/**
 * The one rejection kernel of every business context: a refusal with a stable code from its
 * context's closed set (`Code`), a sentence for people and, when one input field is to blame,
 * its JSON path. Each context declares its closed set once (`as const`) and its own subclass
 * with `Code` bound to it (DomainRejection here, ReceiverRejection in libs/ocpi, PaymentRejection,
 * PricePlanRejection), so a code outside the set does not compile. Every rejection carries the
 * name `DomainRejection`, what the exception filter in apps/ and `isRejection` recognise.
 */
export class Rejection<Code extends string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** JSON path of the offending input field, e.g. `fees[0].per_cdr`, when one is to blame. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainRejection';
  }
}

/** Whether `error` is a rejection of any context; also across module copies (its name and a
 * string code). */
export function isRejection(error: unknown): error is Rejection<string> {
  return (
    error instanceof Rejection ||
    (error instanceof Error &&
      error.name === 'DomainRejection' &&
      typeof (error as { code?: unknown }).code === 'string')
  );
}

/** A rejection of the ledger's own contexts (agreements, CDRs, postings, statements ...). */
export class DomainRejection extends Rejection<RejectionCode> {
  /** Whether `error` is a rejection of any context (the one error base), see isRejection. */
  static is(error: unknown): error is Rejection<string> {
    return isRejection(error);
  }
}

/** Shorthand for input validation: a `validation_failed` rejection naming the field. */
export function invalidField(field: string, message: string): DomainRejection {
  return new DomainRejection('validation_failed', `${field}: ${message}`, field);
}
