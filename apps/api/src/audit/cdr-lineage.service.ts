import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseSync } from 'node:sqlite';
import { type EventStore, type RecordedEvent, GENESIS_HASH, storedForm } from '#event-store';
import { invariant } from '#ledger';
import { cdrKeyOf, CdrLineageQueries } from '#projections';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { READ_MODELS } from '../projections/projections.providers.js';

/** Upper bound on the events of one CDR's lineage (a CDR is a handful of facts and documents). */
const LINEAGE_EVENTS_MAX = 10_000;

export interface LineageEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: string;
  readonly position: string;
  readonly type: string;
  readonly schema_version: number;
  readonly occurred_at: string;
  readonly recorded_at: string;
  readonly principal: string;
  readonly correlation_id: string;
  readonly causation_id: string | null;
  readonly hash: string;
  readonly previous_hash: string;
  readonly data: unknown;
  /** The whole stored envelope: with id, type and data, what the hash is computed over. */
  readonly metadata: RecordedEvent['metadata'];
}

/**
 * A CDR's lineage: the positions from the `cdr_lineage` read model (one indexed read), then each
 * event read from the log as stored (not upcast: its hash is over the stored form) together with
 * the event before it in its stream, whose hash it chains from.
 */
@Injectable()
export class CdrLineageService {
  private readonly queries: CdrLineageQueries;
  private readonly log: EventStore;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(READ_MODELS) db: DatabaseSync) {
    this.queries = new CdrLineageQueries(db);
    this.log = storedForm(store);
  }

  async lineageOf(key: { country_code: string; party_id: string; cdr_id: string }) {
    const rows = this.queries.eventsOf(
      cdrKeyOf(key.country_code, key.party_id, key.cdr_id),
      LINEAGE_EVENTS_MAX,
    );
    const events: LineageEvent[] = [];
    for (const row of rows) events.push(await this.eventAt(row.stream, row.revision, row.position));
    return events;
  }

  private async eventAt(stream: string, revision: bigint, position: bigint): Promise<LineageEvent> {
    const from_revision = revision === 0n ? 0n : revision - 1n;
    const max_count = revision === 0n ? 1 : 2;
    let previous: RecordedEvent | null = null;
    let found: RecordedEvent | null = null;
    for await (const event of this.log.readStream(stream, { from_revision, max_count })) {
      if (event.revision === revision) found = event;
      else if (event.revision === revision - 1n) previous = event;
    }
    // The read model points into the log: an event it names that is not there is corruption.
    invariant(found !== null && found.position === position, `lineage: ${stream}@${revision}`);
    return {
      id: found.id,
      stream,
      revision: revision.toString(),
      position: position.toString(),
      type: found.type,
      schema_version: found.metadata.schema_version,
      occurred_at: found.metadata.occurred_at,
      recorded_at: found.recorded_at,
      principal: found.metadata.principal,
      correlation_id: found.metadata.correlation_id,
      causation_id: found.metadata.causation_id,
      hash: found.hash,
      previous_hash: previous?.hash ?? GENESIS_HASH,
      data: found.data,
      metadata: found.metadata,
    };
  }
}
