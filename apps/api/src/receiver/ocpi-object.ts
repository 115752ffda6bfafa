import type { JsonObject, OcpiObjectVersion } from '#ocpi';
import type { Decider, DomainEvent } from '../infrastructure/command-runner.js';

/** The kinds of OCPI object a CPO pushes to the ledger. */
export type OcpiObjectKind = 'location' | 'session' | 'tariff';

/** Where an OCPI object lives: its owner's party and its id (the URL path). */
export interface ObjectKey {
  readonly country_code: string;
  readonly party_id: string;
  readonly id: string;
}

export interface ReceiverOutcome {
  /** False when the delivery changed nothing (an idempotent retry). */
  readonly changed: boolean;
  readonly object: JsonObject | null;
}

/** What the receiver checks of a whole object a CPO sends, before any command runs. */
export interface ObjectRules {
  readonly name: OcpiObjectKind;
  /** The OCPI version of the path that takes the object (its DTO is that version's). */
  readonly version: OcpiObjectVersion;
  /** The OCPI DTO the object must satisfy. */
  readonly dto: new () => object;
  /** Rules beyond the DTO (e.g. a real IANA time zone); throws to refuse. */
  assertAcceptable(object: JsonObject): void;
}

/**
 * An object kind that PUT replaces and PATCH merges into (Locations, Sessions): what differs
 * between them, for the one receiving flow of `receive-ocpi-object.commands.ts`.
 */
export interface ReplaceableObjectKind<
  TCommand,
  TEvent extends DomainEvent,
  TState,
> extends ObjectRules {
  readonly name: 'location' | 'session';
  /** Its OCPI name, as the API documentation says it: `Location`, `Session`. */
  readonly ocpi_name: string;
  readonly decider: Decider<TCommand, TEvent, TState>;
  stream(country_code: string, party_id: string, id: string): string;
  /** The object as the ledger holds it, or null before its first PUT. */
  held(state: TState): JsonObject | null;
  putCommand(object: JsonObject): TCommand;
  patchCommand(patch: JsonObject): TCommand;
  /** Checked against the object held before the merged object is validated; throws to refuse. */
  assertPatchAllowed(held: JsonObject, patch: JsonObject): void;
}
