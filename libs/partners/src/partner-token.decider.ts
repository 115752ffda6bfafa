/**
 * The token index: one stream per token hash (`partner-token-<sha256>`) naming the party that
 * holds it, so the OCPI `Authorization: Token` header resolves to a partner after any restart
 * without scanning the log. A token belongs to one party only.
 */
import { ReceiverRejection } from '../../ocpi/src/receiver-rejection.js';

export interface PartyRef {
  readonly country_code: string;
  readonly party_id: string;
}

export interface AssignToken {
  readonly type: 'AssignToken';
  readonly data: { readonly token_sha256: string; readonly party: PartyRef };
}
export type PartnerTokenCommand = AssignToken;

export interface PartnerTokenAssigned {
  readonly type: 'PartnerTokenAssigned';
  readonly data: { readonly token_sha256: string; readonly party: PartyRef };
}
export type PartnerTokenEvent = PartnerTokenAssigned;

export type PartnerTokenState = { readonly party: PartyRef | null };

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
      const { party } = command.data;
      if (
        state.party.country_code === party.country_code &&
        state.party.party_id === party.party_id
      ) {
        return [];
      }
      throw new ReceiverRejection('partner_token_in_use', 'this token is held by another party');
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: PartnerTokenState, event: PartnerTokenEvent): PartnerTokenState {
  switch (event.type) {
    case 'PartnerTokenAssigned':
      return { party: event.data.party };
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
}

export function partnerTokenStream(token_sha256: string): string {
  return `partner-token-${token_sha256}`;
}
