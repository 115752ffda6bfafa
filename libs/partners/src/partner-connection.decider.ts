/**
 * What the OCPI credentials handshake learnt about a partner's platform, one stream per party
 * (`partner-connection-<cc>-<pid>`): the version agreed, its versions URL and endpoints, the
 * role and business details it sent, and the SHA-256 of the token it gave the ledger
 * (CREDENTIALS_TOKEN_B; the ledger makes no calls to partners after the handshake, so the token
 * itself is not kept). Every POST and PUT records the connection as it was then.
 */
import type { PartyRef } from './partner-token.decider.js';

export interface PartnerConnection {
  readonly party: PartyRef;
  readonly version: string;
  readonly versions_url: string;
  readonly endpoints: readonly { identifier: string; role: string; url: string }[];
  readonly role: string;
  readonly business_details: { readonly name: string; readonly website?: string };
  readonly their_token_sha256: string;
}

export interface RecordConnection {
  readonly type: 'RecordConnection';
  readonly data: PartnerConnection & { readonly recorded_at: string };
}
export type PartnerConnectionCommand = RecordConnection;

export interface PartnerConnectionRecorded {
  readonly type: 'PartnerConnectionRecorded';
  readonly data: RecordConnection['data'];
}
export type PartnerConnectionEvent = PartnerConnectionRecorded;

export type PartnerConnectionState = { readonly connection: PartnerConnection | null };

export function initialState(): PartnerConnectionState {
  return { connection: null };
}

export function decide(
  command: PartnerConnectionCommand,
  _state: PartnerConnectionState,
): PartnerConnectionEvent[] {
  switch (command.type) {
    case 'RecordConnection':
      return [{ type: 'PartnerConnectionRecorded', data: command.data }];
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(
  state: PartnerConnectionState,
  event: PartnerConnectionEvent,
): PartnerConnectionState {
  switch (event.type) {
    case 'PartnerConnectionRecorded': {
      const { recorded_at: _recorded_at, ...connection } = event.data;
      return { connection };
    }
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
}

export function partnerConnectionStream(party: PartyRef): string {
  return `partner-connection-${party.country_code}-${party.party_id}`;
}
