export * from './invoice.js';
export * from './vat-rates.js';
export * from './invoice-arithmetic.js';
export * from './invoice-documents.js';
export * from './invoice-line-groups.js';
export * from './invoice-drafts.js';
export * from './driver-invoices.js';
export * from './driver-statements.js';
export * from './statement-reconciliation.js';
export * from './document-postings.js';
export * from './invoice-streams.js';
export * from './ubl-invoice.js';
export * from './invoice-html.js';
export {
  decide as decideInvoiceNumber,
  evolve as evolveInvoiceNumber,
  initialState as initialInvoiceNumberState,
} from './invoice-number.decider.js';
export type {
  IssueInvoice,
  InvoiceIssued,
  InvoiceNumberCommand,
  InvoiceNumberEvent,
  InvoiceNumberState,
} from './invoice-number.decider.js';
export {
  isPeppolDocument,
  missingPeppolMasterData,
  refuseIncompletePeppolDocuments,
  type MissingMasterData,
} from './peppol.js';
