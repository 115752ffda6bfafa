/**
 * A roaming partner registered by the ledger's administrator: one stream per party
 * (`partner-<country_code>-<party_id>`). Registration is idempotent: the same details again
 * change nothing; other details for the same party are refused.
 */
import { ReceiverRejection, ciKey } from '#ocpi';
import {
  amendedMasterData,
  MASTER_DATA_FIELDS,
  type PartnerMasterData,
} from './partner-master-data.js';

export const PARTNER_ROLES = ['CPO', 'EMSP', 'HUB'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export interface PartnerDetails extends PartnerMasterData {
  readonly country_code: string;
  readonly party_id: string;
  readonly role: PartnerRole;
  readonly name: string;
  /** SHA-256 (hex) of the partner's OCPI token; the token itself is never stored. */
  readonly token_sha256: string;
  /** VAT identifier (EN 16931 BT-31 / BT-48), e.g. "DE123456789"; absent or null: unknown. */
  readonly vat_id?: string | null;
  /** Electronic address (BT-34 / BT-49) with its EAS scheme, e.g. { scheme: "0088", id }. */
  readonly electronic_address?: ElectronicAddress | null;
}

export interface ElectronicAddress {
  readonly scheme: string;
  readonly id: string;
}

export interface RegisterPartner {
  readonly type: 'RegisterPartner';
  readonly data: PartnerDetails & { readonly registered_at: string };
}
/** Master data that takes effect from `effective_from` (not before `amended_at`). */
export interface AmendPartnerMasterData {
  readonly type: 'AmendPartnerMasterData';
  readonly data: MasterDataAmendment;
}
export interface MasterDataAmendment {
  readonly effective_from: string;
  readonly amended_at: string;
  readonly master_data: PartnerMasterData;
}
/** The OCPI credentials handshake: a new token replaces the partner's current one (PUT). */
export interface RotatePartnerToken {
  readonly type: 'RotatePartnerToken';
  readonly data: { readonly token_sha256: string; readonly rotated_at: string };
}
/** The OCPI credentials DELETE: the partner's token stops working; it may register again. */
export interface UnregisterPartner {
  readonly type: 'UnregisterPartner';
  readonly data: { readonly unregistered_at: string };
}
export type PartnerCommand =
  RegisterPartner | AmendPartnerMasterData | RotatePartnerToken | UnregisterPartner;

export interface PartnerRegistered {
  readonly type: 'PartnerRegistered';
  readonly data: PartnerDetails & { readonly registered_at: string };
}
export interface PartnerMasterDataAmended {
  readonly type: 'PartnerMasterDataAmended';
  readonly data: MasterDataAmendment;
}
export interface PartnerTokenRotated {
  readonly type: 'PartnerTokenRotated';
  readonly data: RotatePartnerToken['data'];
}
export interface PartnerUnregistered {
  readonly type: 'PartnerUnregistered';
  readonly data: UnregisterPartner['data'];
}
export type PartnerEvent =
  PartnerRegistered | PartnerMasterDataAmended | PartnerTokenRotated | PartnerUnregistered;

export type PartnerState =
  | { readonly status: 'unregistered' }
  | {
      readonly status: 'registered';
      /** As registered (the OCPI identity, token and the first master data). */
      readonly partner: PartnerDetails;
      /** In the order recorded; effective_from never before amended_at. */
      readonly amendments?: readonly MasterDataAmendment[];
    };

export function initialState(): PartnerState {
  return { status: 'unregistered' };
}

export function decide(command: PartnerCommand, state: PartnerState): PartnerEvent[] {
  switch (command.type) {
    case 'RegisterPartner': {
      if (state.status === 'unregistered') {
        return [{ type: 'PartnerRegistered', data: command.data }];
      }
      if (sameDetails(state.partner, command.data)) return [];
      throw new ReceiverRejection(
        'partner_conflict',
        `party ${command.data.country_code}/${command.data.party_id} is already registered ` +
          'with other details',
      );
    }
    case 'AmendPartnerMasterData':
      return decideAmendment(command, state);
    case 'RotatePartnerToken':
    case 'UnregisterPartner': {
      if (state.status === 'unregistered') {
        throw new ReceiverRejection(
          'partner_not_registered',
          'the party is not registered: register with a credentials POST first',
        );
      }
      return command.type === 'RotatePartnerToken'
        ? [{ type: 'PartnerTokenRotated', data: command.data }]
        : [{ type: 'PartnerUnregistered', data: command.data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: PartnerState, event: PartnerEvent): PartnerState {
  switch (event.type) {
    case 'PartnerRegistered': {
      const { registered_at: _registered_at, ...partner } = event.data;
      return { status: 'registered', partner, amendments: [] };
    }
    case 'PartnerMasterDataAmended': {
      if (state.status !== 'registered') return state;
      return { ...state, amendments: [...(state.amendments ?? []), event.data] };
    }
    case 'PartnerTokenRotated':
      if (state.status === 'unregistered') return state;
      return { ...state, partner: { ...state.partner, token_sha256: event.data.token_sha256 } };
    case 'PartnerUnregistered':
      return { status: 'unregistered' };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

function sameDetails(a: PartnerDetails, b: PartnerDetails): boolean {
  return (
    a.country_code === b.country_code &&
    a.party_id === b.party_id &&
    a.role === b.role &&
    a.name === b.name &&
    a.token_sha256 === b.token_sha256 &&
    MASTER_DATA_FIELDS.every((field) => canonical(a[field]) === canonical(b[field]))
  );
}

/** JSON with sorted keys, absent and null alike (so equal details compare equal). */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

function decideAmendment(command: AmendPartnerMasterData, state: PartnerState): PartnerEvent[] {
  if (state.status !== 'registered') {
    throw new ReceiverRejection('partner_unknown', 'the partner is not registered');
  }
  const { effective_from, amended_at } = command.data;
  const same = (state.amendments ?? []).some(
    (earlier) =>
      Date.parse(earlier.effective_from) === Date.parse(effective_from) &&
      canonical(earlier.master_data) === canonical(command.data.master_data),
  );
  if (same) return [];
  if (Date.parse(effective_from) < Date.parse(amended_at)) {
    throw new ReceiverRejection(
      'partner_amendment_retroactive',
      `effective_from ${effective_from} is before the amendment is recorded (${amended_at}): ` +
        'master data is never amended retroactively',
      'effective_from',
    );
  }
  return [{ type: 'PartnerMasterDataAmended', data: command.data }];
}

/** The partner's details in force at `at` (ISO instant): registration, then amendments. */
export function partnerDetailsAt(state: PartnerState, at: string): PartnerDetails | null {
  if (state.status !== 'registered') return null;
  const at_ms = Date.parse(at);
  return [...(state.amendments ?? [])]
    .filter((amendment) => Date.parse(amendment.effective_from) <= at_ms)
    .sort((a, b) => Date.parse(a.effective_from) - Date.parse(b.effective_from))
    .reduce<PartnerDetails>(
      (details, amendment) => amendedMasterData(details, amendment.master_data),
      state.partner,
    );
}

/** The stream of one party; country code and party id are case-insensitive in OCPI. */
export function partnerStream(country_code: string, party_id: string): string {
  return `partner-${ciKey(country_code)}-${ciKey(party_id)}`;
}
