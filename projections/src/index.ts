import { agreementRelationsProjection } from './agreement-relations/agreement-relations.projection.js';
import { balancesProjection } from './balances/balances.projection.js';
import { cdrLineageProjection } from './cdr-lineage/cdr-lineage.projection.js';
import { documentsProjection } from './documents/documents.projection.js';
import { disputesProjection } from './disputes/disputes.projection.js';
import { exceptionsProjection } from './exceptions/exceptions.projection.js';
import type { Projection } from './projection.js';

export * from './projection.js';
export * from './read-models.js';
export * from './projection-runner.js';
export * from './balances/balances.fold.js';
export * from './balances/balances.projection.js';
export * from './balances/balances.queries.js';
export * from './agreement-relations/agreement-relations.fold.js';
export * from './agreement-relations/agreement-relations.projection.js';
export * from './documents/documents.projection.js';
export * from './disputes/disputes.projection.js';
export * from './cdr-lineage/cdr-lineage.projection.js';
export * from './exceptions/exceptions.projection.js';
export * from './exceptions/exceptions.queries.js';
export * from './documents/documents.queries.js';
export * from './disputes/disputes.queries.js';
export * from './rebuild-record.js';
export * from './audit/journal.js';
export * from './audit/calendar-instant.js';
export * from './audit/replay.js';
export * from './cdr-lineage/cdr-lineage.fold.js';
export * from './exceptions/exceptions.fold.js';

/** Every projection of the ledger, in the order they are started and rebuilt. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  balancesProjection,
  agreementRelationsProjection,
  documentsProjection,
  disputesProjection,
  cdrLineageProjection,
  exceptionsProjection,
];
