import { type CdrReceivedData, amountAfterTaxesOf } from '#cdrs';
import type { RecordedEvent } from '#event-store';
import { isEventOf, unhandledEvent, type EventOf } from '#event-schemas';
import {
  exceptionIdOf,
  type AmountAtRisk,
  type ExceptionDetectedData,
  type ExceptionSubject,
  type ExceptionType,
  type Party,
} from '#exceptions';
import { mergePatch, type JsonObject, ciKey } from '#ocpi';
import { sessionStream } from '#sessions';

/**
 * The exception queue as a pure fold: what each event changes. CDR events raise and resolve
 * the exceptions found on a CDR's stream (CDR_HELD, and one per finding of the arrival checks);
 * exception streams carry the time-based detections and resolutions by a person; sessions and
 * CDRs keep the facts the time-based checks need (ended, last update, has a CDR). The writer
 * (exceptions.projection.ts) applies the changes in log order, so a rebuild gives the same rows.
 */
export const EXCEPTION_EVENT_TYPES = [
  'CdrReceived',
  'CdrFlagged',
  'CdrHeld',
  'CdrPosted',
  'CdrResolved',
  'SessionPut',
  'SessionPatched',
  'ExceptionDetected',
  'ExceptionResolved',
] as const;

/** What the queue remembers of a CDR to raise its exceptions. */
export interface CdrFacts {
  readonly subject: ExceptionSubject;
  readonly party: Party;
  readonly emsp: Party | null;
  readonly agreement_id: string | null;
  readonly amount_at_risk: AmountAtRisk | null;
}

/** An exception as listed (`GET /v1/exceptions`), without its status and resolution. */
export type QueuedException = Omit<ExceptionDetectedData, 'detected_by'> & {
  readonly detected_by: string | null;
  /** True when it holds its CDR: it resolves with the CDR. */
  readonly holds_cdr: boolean;
};

export interface Resolution {
  readonly kind: 'CDR_RESOLVED' | 'CDR_POSTED' | 'CDR_RECEIVED' | 'SESSION_UPDATED' | 'NOTE';
  readonly note: string;
  readonly resolved_by: string | null;
  readonly resolved_at: string;
  readonly [fact: string]: unknown;
}

export interface SessionRow {
  readonly session_key: string;
  readonly session: JsonObject;
  /** 0: active, 1: ended (a CDR is due), 2: INVALID (no CDR will come). */
  readonly ended: 0 | 1 | 2;
  readonly end_ms: number | null;
  readonly last_updated_ms: number;
}

export type ExceptionChange =
  | { readonly kind: 'cdr_facts'; readonly cdr_key: string; readonly facts: CdrFacts }
  | { readonly kind: 'session_cdr'; readonly session_key: string; readonly at: string }
  | { readonly kind: 'raise'; readonly exception: QueuedException; readonly subject_key: string }
  | { readonly kind: 'reraise'; readonly exception_id: string; readonly details: JsonObject }
  | {
      /** Resolves the open exceptions of a subject: those holding the CDR, or of one type. */
      readonly kind: 'resolve_subject';
      readonly subject_key: string;
      readonly which: 'holding' | ExceptionType;
      readonly resolution: Resolution;
    }
  | { readonly kind: 'resolve'; readonly exception_id: string; readonly resolution: Resolution }
  | { readonly kind: 'session'; readonly row: SessionRow };

export function cdrSubjectKey(key: {
  country_code: string;
  party_id: string;
  cdr_id: string;
}): string {
  return `cdr|${ciKey(key.country_code)}|${ciKey(key.party_id)}|${ciKey(key.cdr_id)}`;
}

export function partyKey(party: Party): string {
  return `${ciKey(party.country_code)}/${ciKey(party.party_id)}`;
}

function partyOf(value: unknown): Party | null {
  const party = value as { country_code?: unknown; party_id?: unknown } | null | undefined;
  if (typeof party?.country_code !== 'string' || typeof party.party_id !== 'string') return null;
  return { country_code: ciKey(party.country_code), party_id: ciKey(party.party_id) };
}

/** The amount of an OCPI price after taxes (stated-price.ts: 2.2.1 or 2.3.0), if it has one. */
export function amountOf(price: unknown, currency: unknown): AmountAtRisk | null {
  const amount = price === undefined || price === null ? null : amountAfterTaxesOf(price);
  if (amount === null || typeof currency !== 'string') return null;
  return { currency, amount };
}

function received(data: CdrReceivedData): ExceptionChange[] {
  const subject = {
    cdr: { country_code: data.country_code, party_id: data.party_id, id: data.cdr_id },
  };
  const facts: CdrFacts = {
    subject,
    party: { country_code: ciKey(data.country_code), party_id: ciKey(data.party_id) },
    emsp: partyOf(data.cdr.cdr_token),
    agreement_id: data.context.agreement_id,
    amount_at_risk: {
      currency: data.cdr.currency,
      amount: data.claimed_total_cost.incl_vat ?? data.claimed_total_cost.excl_vat,
    },
  };
  const changes: ExceptionChange[] = [{ kind: 'cdr_facts', cdr_key: cdrSubjectKey(data), facts }];
  const session_id = data.cdr.session_id;
  if (!data.credit && typeof session_id === 'string' && session_id !== '') {
    const session_key = sessionStream(data.country_code, data.party_id, session_id);
    changes.push(
      { kind: 'session_cdr', session_key, at: data.received_at },
      {
        kind: 'resolve_subject',
        subject_key: session_key,
        which: 'MISSING_CDR',
        resolution: {
          kind: 'CDR_RECEIVED',
          note: `CDR ${data.cdr_id} arrived`,
          resolved_by: null,
          resolved_at: data.received_at,
          cdr: subject.cdr,
        },
      },
    );
  }
  return changes;
}

function raised(
  facts: CdrFacts,
  cdr_key: string,
  type: ExceptionType,
  details: JsonObject,
  at: string,
  holds_cdr: boolean,
): ExceptionChange {
  const { cdr } = facts.subject as { cdr: { country_code: string; party_id: string; id: string } };
  const exception: QueuedException = {
    exception_id: exceptionIdOf(type, 'cdr', cdr),
    type,
    ...facts,
    details,
    detected_by: null,
    detected_at: at,
    holds_cdr,
  };
  return { kind: 'raise', exception, subject_key: cdr_key };
}

/** The CDR events the exception queue reads. */
type CdrExceptionsEvent = EventOf<
  'CdrReceived' | 'CdrFlagged' | 'CdrHeld' | 'CdrPosted' | 'CdrResolved'
>;

function cdrChanges(
  event: CdrExceptionsEvent,
  factsOf: (cdr_key: string) => CdrFacts | null,
): ExceptionChange[] {
  switch (event.type) {
    case 'CdrReceived':
      return received(event.data);
    case 'CdrFlagged': {
      const { data } = event;
      const facts = factsOf(cdrSubjectKey(data));
      if (facts === null) return [];
      return data.findings.map((finding) => {
        const details = { detail: finding.detail, ...finding.facts } as JsonObject;
        return raised(
          facts,
          cdrSubjectKey(data),
          finding.type,
          details,
          data.flagged_at,
          finding.holds,
        );
      });
    }
    case 'CdrHeld': {
      const { data } = event;
      const facts = factsOf(cdrSubjectKey(data));
      if (facts === null) return [];
      const { reason, detail, price_difference } = data;
      const details = { reason, detail, price_difference } as JsonObject;
      const raise = raised(facts, cdrSubjectKey(data), 'CDR_HELD', details, data.held_at, true);
      const exception_id = (raise as { exception: QueuedException }).exception.exception_id;
      return [raise, { kind: 'reraise', exception_id, details }];
    }
    case 'CdrPosted': {
      const { data } = event;
      if (data.credit_of !== null) return [];
      const resolution: Resolution = {
        kind: 'CDR_POSTED',
        note: 'the CDR was posted on a reassessment',
        resolved_by: null,
        resolved_at: data.posted_at,
      };
      return [
        { kind: 'resolve_subject', subject_key: cdrSubjectKey(data), which: 'holding', resolution },
      ];
    }
    case 'CdrResolved': {
      const { data } = event;
      const resolution: Resolution = {
        kind: 'CDR_RESOLVED',
        note: data.note,
        resolved_by: data.resolved_by,
        resolved_at: data.resolved_at,
        decision: data.decision,
      };
      return [
        { kind: 'resolve_subject', subject_key: cdrSubjectKey(data), which: 'holding', resolution },
      ];
    }
    default:
      return unhandledEvent(event);
  }
}

/** The session row after an event of the session's stream; null when it is not one. */
function sessionRow(
  event: EventOf<'SessionPut' | 'SessionPatched'> & Pick<RecordedEvent, 'stream'>,
  current: JsonObject | null,
): SessionRow | null {
  let session: JsonObject;
  if (event.type === 'SessionPut') session = event.data.session;
  else session = mergePatch(current ?? {}, event.data.patch);
  const last_updated_ms = Date.parse(String(session.last_updated));
  const end = typeof session.end_date_time === 'string' ? Date.parse(session.end_date_time) : NaN;
  const status = session.status;
  const ended = status === 'INVALID' ? 2 : status === 'COMPLETED' || Number.isFinite(end) ? 1 : 0;
  const end_ms = Number.isFinite(end) ? end : ended === 1 ? last_updated_ms : null;
  return {
    session_key: event.stream,
    session,
    ended,
    end_ms,
    last_updated_ms: Number.isFinite(last_updated_ms) ? last_updated_ms : 0,
  };
}

/** What an event changes in the queue. `factsOf` / `sessionOf` read what was applied before. */
export function exceptionChangesOf(
  event: Pick<RecordedEvent, 'type' | 'data' | 'stream'>,
  factsOf: (cdr_key: string) => CdrFacts | null,
  sessionOf: (session_key: string) => JsonObject | null,
): ExceptionChange[] {
  if (!isEventOf(EXCEPTION_EVENT_TYPES, event)) return [];
  return changesOfExceptionsEvent(event, factsOf, sessionOf);
}

/** An event the exceptions fold reads, with its stream (a session's key). */
export type ExceptionsEvent = EventOf<(typeof EXCEPTION_EVENT_TYPES)[number]> &
  Pick<RecordedEvent, 'stream'>;

function changesOfExceptionsEvent(
  event: ExceptionsEvent,
  factsOf: (cdr_key: string) => CdrFacts | null,
  sessionOf: (session_key: string) => JsonObject | null,
): ExceptionChange[] {
  switch (event.type) {
    case 'SessionPut':
    case 'SessionPatched': {
      const row = sessionRow(event, sessionOf(event.stream));
      if (row === null) return [];
      const resolution: Resolution = {
        kind: 'SESSION_UPDATED',
        note: `the session was updated (${String(row.session.last_updated)})`,
        resolved_by: null,
        resolved_at: String(row.session.last_updated),
      };
      return [
        { kind: 'session', row },
        {
          kind: 'resolve_subject',
          subject_key: row.session_key,
          which: 'STUCK_SESSION',
          resolution,
        },
      ];
    }
    case 'ExceptionDetected': {
      const { data } = event;
      const subject_key =
        'session' in data.subject
          ? sessionStream(
              data.subject.session.country_code,
              data.subject.session.party_id,
              data.subject.session.id,
            )
          : cdrSubjectKey({ ...data.subject.cdr, cdr_id: data.subject.cdr.id });
      return [{ kind: 'raise', exception: { ...data, holds_cdr: false }, subject_key }];
    }
    case 'ExceptionResolved': {
      const { data } = event;
      const { note, resolved_by, resolved_at } = data;
      return [
        {
          kind: 'resolve',
          exception_id: data.exception_id,
          resolution: { kind: 'NOTE', note, resolved_by, resolved_at },
        },
      ];
    }
    case 'CdrReceived':
    case 'CdrFlagged':
    case 'CdrHeld':
    case 'CdrPosted':
    case 'CdrResolved':
      return cdrChanges(event, factsOf);
    default:
      return unhandledEvent(event);
  }
}
