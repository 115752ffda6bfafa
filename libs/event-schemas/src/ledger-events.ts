import type { AgreementEvent } from '#agreements';
import type { CdrEvent, SessionCdrsEvent } from '#cdrs';
import type { DisputeEvent } from '#disputes';
import type { RecordedEvent } from '#event-store';
import type { ExceptionEvent } from '#exceptions';
import type { InvoiceNumberEvent } from '#invoicing';
import type { LocationEvent } from '#locations';
import type {
  AgreementPairEvent,
  PartnerConnectionEvent,
  PartnerTokenEvent,
  PartnerEvent,
} from '#partners';
import type { PaymentEvent } from '#payments';
import type { DriverBillingEvent, PricePlanEvent } from '#price-plans';
import type { PrincipalEvent } from '#principals';
import type { SessionEvent } from '#sessions';
import type { SettlementEvent } from '#settlement';
import type { TariffEvent } from '#tariff-versions';
import type { EVENT_CATALOG } from './event-catalog.js';

/**
 * Every domain event of the ledger, as its library declares it (`{ type, data }`): the one
 * place readers outside a library (projections, audit) take event types from. The log's own
 * bookkeeping events (seals, stream aliases, rebuild records) are catalogued but carry no
 * domain data, so they are not part of this union.
 */
export type LedgerEvent =
  | PartnerEvent
  | PartnerTokenEvent
  | PartnerConnectionEvent
  | AgreementPairEvent
  | PrincipalEvent
  | AgreementEvent
  | LocationEvent
  | TariffEvent
  | SessionEvent
  | SessionCdrsEvent
  | CdrEvent
  | DisputeEvent
  | ExceptionEvent
  | PaymentEvent
  | SettlementEvent
  | InvoiceNumberEvent
  | PricePlanEvent
  | DriverBillingEvent;

export type LedgerEventType = LedgerEvent['type'];

/** The library's declaration of the events of the given types. */
export type EventOf<T extends LedgerEventType> = Extract<LedgerEvent, { readonly type: T }>;

/** A stored event of one of the given types, its data typed by its library's declaration. */
export type StoredEventOf<T extends LedgerEventType> = RecordedEvent & EventOf<T>;

/**
 * Every domain event type is catalogued (with its schema version): a library event missing
 * from EVENT_CATALOG fails the type check here.
 */
export type CataloguedDomainEvents = Pick<typeof EVENT_CATALOG, LedgerEventType>;

/**
 * Narrows a stored event (read through the upcasting loader, so its data has its type's current
 * schema) to one of the types a reader declares it reads. The one place a stored event's data
 * is taken to be what its library declares.
 */
export function isEventOf<
  T extends LedgerEventType,
  S extends Pick<RecordedEvent, 'type' | 'data'>,
>(types: readonly T[], event: S): event is S & EventOf<T> {
  return (types as readonly string[]).includes(event.type);
}

/**
 * The end of an exhaustive switch over event types: `event` is `never` when every declared type
 * has its case, so a type added to a reader's list without a case fails the type check. Reached
 * at run time only by a bug (the reader's filter let an undeclared type through).
 */
export function unhandledEvent(event: never): never {
  const { type } = event as { readonly type?: unknown };
  throw new Error(`unhandled event type ${String(type)}: not in the reader's declared types`);
}
