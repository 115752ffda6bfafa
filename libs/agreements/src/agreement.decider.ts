import { compareInstants, DomainRejection, samePartyId } from '#ledger';
import {
  type AgreementRegistration,
  type AgreementTerms,
  type AgreementVersion,
  sameTerms,
  termsOf,
} from './agreement.js';

/**
 * The agreement decider, one stream per agreement (`agreement-{id}`).
 *
 * Commands carry validated input (parseAgreementRegistration / parseAgreementAmendment) and the
 * command time; the decider returns the events to append, or throws a DomainRejection:
 * - RegisterAgreement: unknown id -> AgreementRegistered (version 1). The same content again ->
 *   no events (the caller answers 200); other content for the id -> `agreement_conflict`.
 * - AmendAgreement: unknown id -> `agreement_unknown`. An amendment already recorded (same terms,
 *   same effective_from) -> no events. `effective_from` before the latest version's or before
 *   the command time -> `agreement_amendment_retroactive`. Else AgreementAmended (version n+1).
 */
export interface RegisterAgreement {
  readonly type: 'RegisterAgreement';
  readonly agreement: AgreementRegistration;
  /** Command time, ISO-8601. */
  readonly registered_at: string;
}

export interface AmendAgreement {
  readonly type: 'AmendAgreement';
  readonly agreement_id: string;
  readonly terms: AgreementTerms;
  /** ISO-8601; not before the latest version's effective_from nor before `amended_at`. */
  readonly effective_from: string;
  readonly amended_at: string;
}

export type AgreementCommand = RegisterAgreement | AmendAgreement;

export interface AgreementRegistered {
  readonly type: 'AgreementRegistered';
  readonly data: AgreementRegistration & { readonly registered_at: string };
}

export interface AgreementAmended {
  readonly type: 'AgreementAmended';
  readonly data: AgreementTerms & {
    readonly agreement_id: string;
    readonly version: number;
    readonly effective_from: string;
    readonly amended_at: string;
  };
}

export type AgreementEvent = AgreementRegistered | AgreementAmended;

export interface AgreementState {
  /** The registration as first recorded, or null before registration. */
  readonly registration: AgreementRegistration | null;
  /** Every version in order (version 1 first); empty before registration. */
  readonly versions: readonly AgreementVersion[];
}

export function initialState(): AgreementState {
  return { registration: null, versions: [] };
}

function sameRegistration(a: AgreementRegistration, b: AgreementRegistration): boolean {
  return (
    a.id === b.id &&
    samePartyId(a.cpo, b.cpo) &&
    samePartyId(a.emsp, b.emsp) &&
    a.effective_from === b.effective_from &&
    sameTerms(a, b)
  );
}

function decideRegister(command: RegisterAgreement, state: AgreementState): AgreementEvent[] {
  if (state.registration !== null) {
    if (sameRegistration(state.registration, command.agreement)) return [];
    throw new DomainRejection(
      'agreement_conflict',
      `agreement ${command.agreement.id} is already registered with other content`,
    );
  }
  return [
    {
      type: 'AgreementRegistered',
      data: { ...command.agreement, registered_at: command.registered_at },
    },
  ];
}

function decideAmend(command: AmendAgreement, state: AgreementState): AgreementEvent[] {
  const latest = state.versions.at(-1);
  if (latest === undefined) {
    throw new DomainRejection('agreement_unknown', `agreement ${command.agreement_id} is unknown`);
  }
  const recorded = state.versions.some(
    (v) =>
      v.version > 1 && v.effective_from === command.effective_from && sameTerms(v, command.terms),
  );
  if (recorded) return [];
  const before_latest =
    latest.effective_from !== null &&
    compareInstants(command.effective_from, latest.effective_from) < 0;
  if (before_latest || compareInstants(command.effective_from, command.amended_at) < 0) {
    throw new DomainRejection(
      'agreement_amendment_retroactive',
      `an amendment must take effect at or after ${latest.effective_from ?? command.amended_at} ` +
        `and not before now (${command.amended_at})`,
      'effective_from',
    );
  }
  return [
    {
      type: 'AgreementAmended',
      data: {
        ...termsOf(command.terms),
        agreement_id: command.agreement_id,
        version: latest.version + 1,
        effective_from: command.effective_from,
        amended_at: command.amended_at,
      },
    },
  ];
}

export function decide(command: AgreementCommand, state: AgreementState): AgreementEvent[] {
  switch (command.type) {
    case 'RegisterAgreement':
      return decideRegister(command, state);
    case 'AmendAgreement':
      return decideAmend(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`unknown agreement command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolve(state: AgreementState, event: AgreementEvent): AgreementState {
  switch (event.type) {
    case 'AgreementRegistered': {
      const { registered_at, ...registration } = event.data;
      const version: AgreementVersion = {
        ...termsOf(registration),
        agreement_id: registration.id,
        version: 1,
        cpo: registration.cpo,
        emsp: registration.emsp,
        effective_from: registration.effective_from,
        recorded_at: registered_at,
      };
      return { registration, versions: [version] };
    }
    case 'AgreementAmended': {
      const latest = state.versions.at(-1);
      if (latest === undefined) return state; // cannot happen: amendments follow a registration
      const { agreement_id, version, effective_from, amended_at } = event.data;
      const amended: AgreementVersion = {
        ...termsOf(event.data),
        agreement_id,
        version,
        cpo: latest.cpo,
        emsp: latest.emsp,
        effective_from,
        recorded_at: amended_at,
      };
      return { ...state, versions: [...state.versions, amended] };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
