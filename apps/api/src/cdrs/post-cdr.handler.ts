import { ciKey, type JsonObject } from '#ocpi';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  Cdr,
  cdrContentHash,
  cdrTransactionId,
  statedPriceOf,
  cdrStreamName,
  type CdrContext,
  type CdrDocument,
  type CdrKey,
  type OcpiObjectVersion,
} from '#cdrs';
import type { EventStore } from '#event-store';
import {
  retryOnConflict,
  loadStream,
  toNewEvents,
  type RequestContext,
} from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { CdrContextLookup } from './cdr-context.service.js';
import { SessionCdrIndex } from './session-cdr-index.js';

export interface PostCdrResult {
  /** False when the same CDR was delivered before (acknowledged, nothing changed). */
  readonly created: boolean;
  readonly key: CdrKey;
}

export class PostCdrCommand extends Command<PostCdrResult> {
  constructor(
    readonly cdr: JsonObject,
    readonly context: RequestContext,
    /** The OCPI version of the path it arrived on (its Price's shape). */
    readonly ocpi_version: OcpiObjectVersion = '2.2.1',
  ) {
    super();
  }
}

/** Context of an already received CDR: the decider acknowledges or refuses before using it. */
const NO_CONTEXT: CdrContext = {
  agreement: null,
  tariff: null,
  time_zone: null,
  time_zone_source: null,
  ledger_price: null,
};

/**
 * Accepts an OCPI CDR: look up its settlement context, let the CDR decider post or hold it, and
 * append with the expected revision. Same CDR again: acknowledged; other content: 409. A credit
 * CDR first records the credit on the credited CDR's stream (at its expected revision), so two
 * concurrent credits of one CDR cannot both post.
 */
@CommandHandler(PostCdrCommand)
export class PostCdrHandler implements ICommandHandler<PostCdrCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookup: CdrContextLookup,
    private readonly sessions: SessionCdrIndex,
  ) {}

  async execute({ cdr, context, ocpi_version }: PostCdrCommand): Promise<PostCdrResult> {
    const document = cdr as CdrDocument;
    // The one conversion of the CPO's figures (stated-price.ts): before / after taxes, and the
    // taxes of a 2.3.0 total as stated.
    const stated = statedPriceOf(document.total_cost, 'total_cost');
    // CiString: the stream and the transaction are named by the folded key (cdrStreamName,
    // cdrTransactionId), whatever case the CPO sent; the id as sent is kept for the partner.
    const key: CdrKey = {
      country_code: ciKey(document.country_code),
      party_id: ciKey(document.party_id),
      cdr_id: document.id,
    };
    const stream = cdrStreamName(key);
    const occurred_at = String(cdr.last_updated);
    return retryOnConflict(stream, async () => {
      const loaded = await loadStream(this.store, stream, Cdr);
      const fresh = loaded.state.received === null;
      const credit = document.credit === true && fresh;
      const original = credit ? await this.creditedCdr(key, document) : null;
      // A new CDR that is no credit is checked against the other CDRs of its session.
      const session = fresh && !credit ? await this.sessions.of(key, document.session_id) : null;
      const accept: Cdr.AcceptCdr = {
        type: 'AcceptCdr',
        cdr: document,
        content_hash: cdrContentHash(document, loaded.state.received),
        claimed_total_cost: stated.amounts,
        ocpi_version,
        ...(stated.taxes === null ? {} : { stated_taxes: stated.taxes }),
        context: fresh ? await this.lookup.contextOf(cdr, session?.others ?? []) : NO_CONTEXT,
        original: original?.state ?? null,
        transaction_id: cdrTransactionId(key),
        received_at: context.received_at,
      };
      const events = Cdr.decide(accept, loaded.state);
      if (events.length === 0) return { created: false, key };
      if (session !== null) {
        await this.sessions.link(session, key, String(document.session_id), context);
      }
      if (original !== null) {
        const record: Cdr.RecordCdrCredit = {
          type: 'RecordCdrCredit',
          credit_cdr_id: key.cdr_id,
          credit_transaction_id: accept.transaction_id,
          credited_at: context.received_at,
        };
        const credit_events = Cdr.decide(record, original.state);
        const new_events = toNewEvents(
          original.stream,
          original.revision,
          credit_events,
          context,
          occurred_at,
        );
        if (new_events.length > 0)
          await this.store.append(original.stream, new_events, original.revision);
      }
      const new_events = toNewEvents(stream, loaded.revision, events, context, occurred_at);
      await this.store.append(stream, new_events, loaded.revision);
      return { created: true, key };
    });
  }

  private async creditedCdr(key: CdrKey, document: CdrDocument) {
    const reference = document.credit_reference_id;
    if (typeof reference !== 'string' || reference.length === 0) return null;
    const stream = cdrStreamName({ ...key, cdr_id: reference });
    const loaded = await loadStream(this.store, stream, Cdr);
    return { stream, ...loaded };
  }
}
