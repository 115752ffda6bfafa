/**
 * The token index: one stream per token hash (`partner-token-<sha256>`) naming the party that
 * holds it, so the OCPI `Authorization: Token` header resolves to a partner after any restart
 * without scanning the log. A token belongs to one party only.
 *
 * The OCPI credentials handshake adds registration tokens (CREDENTIALS_TOKEN_A): issued by the
 * admin for one party, spent by that party's first credentials POST (once only), and records
 * that a partner token stopped identifying its party (rotated or unregistered). Whether a token
 * is the party's current one stays the party's stream's word (`token_sha256`).
 */
import { ReceiverRejection } from '#ocpi';

export interface PartyRef {
  readonly country_code: string;
  readonly party_id: string;
}

export interface AssignToken {
  readonly type: 'AssignToken';
  readonly data: { readonly token_sha256: string; readonly party: PartyRef };
}
export interface IssueRegistrationToken {
  readonly type: 'IssueRegistrationToken';
  readonly data: { readonly token_sha256: string; readonly party: PartyRef; issued_at: string };
}
export interface SpendRegistrationToken {
  readonly type: 'SpendRegistrationToken';
  readonly data: { readonly token_sha256: string; readonly spent_at: string };
}
export interface RevokeToken {
  readonly type: 'RevokeToken';
  readonly data: {
    readonly token_sha256: string;
    readonly revoked_at: string;
    readonly reason: 'ROTATED' | 'UNREGISTERED';
  };
}
export type PartnerTokenCommand =
  AssignToken | IssueRegistrationToken | SpendRegistrationToken | RevokeToken;

export interface PartnerTokenAssigned {
  readonly type: 'PartnerTokenAssigned';
  readonly data: { readonly token_sha256: string; readonly party: PartyRef };
}
export interface PartnerRegistrationTokenIssued {
  readonly type: 'PartnerRegistrationTokenIssued';
  readonly data: IssueRegistrationToken['data'];
}
export interface PartnerRegistrationTokenSpent {
  readonly type: 'PartnerRegistrationTokenSpent';
  readonly data: SpendRegistrationToken['data'];
}
export interface PartnerTokenRevoked {
  readonly type: 'PartnerTokenRevoked';
  readonly data: RevokeToken['data'];
}
export type PartnerTokenEvent =
  | PartnerTokenAssigned
  | PartnerRegistrationTokenIssued
  | PartnerRegistrationTokenSpent
  | PartnerTokenRevoked;

export type PartnerTokenState = {
  readonly party: PartyRef | null;
  /** `REGISTRATION`: a registration token (spent or not); `PARTNER`: a partner's own token. */
  readonly kind?: 'PARTNER' | 'REGISTRATION';
  readonly spent?: boolean;
  readonly revoked?: boolean;
};

export function initialState(): PartnerTokenState {
  return { party: null };
}

export function decide(
  command: PartnerTokenCommand,
  state: PartnerTokenState,
): PartnerTokenEvent[] {
  switch (command.type) {
    case 'AssignToken': {
      if (state.party === null) return [{ type: 'PartnerTokenAssigned', data: command.data }];
      if (state.kind !== 'REGISTRATION' && sameParty(state.party, command.data.party)) return [];
      throw new ReceiverRejection('partner_token_in_use', 'this token is held by another party');
    }
    case 'IssueRegistrationToken': {
      if (state.party === null) {
        return [{ type: 'PartnerRegistrationTokenIssued', data: command.data }];
      }
      throw new ReceiverRejection('partner_token_in_use', 'this token is held by another party');
    }
    case 'SpendRegistrationToken': {
      if (state.kind !== 'REGISTRATION') {
        throw new ReceiverRejection('registration_token_unknown', 'not a registration token');
      }
      if (state.spent === true) {
        throw new ReceiverRejection(
          'registration_token_spent',
          'this registration token was already used; ask the ledger for a new one',
        );
      }
      return [{ type: 'PartnerRegistrationTokenSpent', data: command.data }];
    }
    case 'RevokeToken':
      if (state.kind !== 'PARTNER' || state.revoked === true) return [];
      return [{ type: 'PartnerTokenRevoked', data: command.data }];
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: PartnerTokenState, event: PartnerTokenEvent): PartnerTokenState {
  switch (event.type) {
    case 'PartnerTokenAssigned':
      return { party: event.data.party, kind: 'PARTNER' };
    case 'PartnerRegistrationTokenIssued':
      return { party: event.data.party, kind: 'REGISTRATION', spent: false };
    case 'PartnerRegistrationTokenSpent':
      return { ...state, spent: true };
    case 'PartnerTokenRevoked':
      return { ...state, revoked: true };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

function sameParty(a: PartyRef, b: PartyRef): boolean {
  return a.country_code === b.country_code && a.party_id === b.party_id;
}

export function partnerTokenStream(token_sha256: string): string {
  return `partner-token-${token_sha256}`;
}
