/**
 * A roaming partner registered by the ledger's administrator: one stream per party
 * (`partner-<country_code>-<party_id>`). Registration is idempotent: the same details again
 * change nothing; other details for the same party are refused.
 */
import { ReceiverRejection } from '../../ocpi/src/receiver-rejection.js';
import { ciKey } from '../../ocpi/src/ci-string.js';

export const PARTNER_ROLES = ['CPO', 'EMSP', 'HUB'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export interface PartnerDetails {
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
export type PartnerCommand = RegisterPartner | RotatePartnerToken | UnregisterPartner;

export interface PartnerRegistered {
  readonly type: 'PartnerRegistered';
  readonly data: PartnerDetails & { readonly registered_at: string };
}
export interface PartnerTokenRotated {
  readonly type: 'PartnerTokenRotated';
  readonly data: RotatePartnerToken['data'];
}
export interface PartnerUnregistered {
  readonly type: 'PartnerUnregistered';
  readonly data: UnregisterPartner['data'];
}
export type PartnerEvent = PartnerRegistered | PartnerTokenRotated | PartnerUnregistered;

export type PartnerState =
  | { readonly status: 'unregistered' }
  | { readonly status: 'registered'; readonly partner: PartnerDetails };

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
      return { status: 'registered', partner };
    }
    case 'PartnerTokenRotated':
      if (state.status === 'unregistered') return state;
      return {
        status: 'registered',
        partner: { ...state.partner, token_sha256: event.data.token_sha256 },
      };
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
    (a.vat_id ?? null) === (b.vat_id ?? null) &&
    sameAddress(a.electronic_address ?? null, b.electronic_address ?? null)
  );
}

function sameAddress(a: ElectronicAddress | null, b: ElectronicAddress | null): boolean {
  if (a === null || b === null) return a === b;
  return a.scheme === b.scheme && a.id === b.id;
}

/** The stream of one party; country code and party id are case-insensitive in OCPI. */
export function partnerStream(country_code: string, party_id: string): string {
  return `partner-${ciKey(country_code)}-${ciKey(party_id)}`;
}
