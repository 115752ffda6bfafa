import { DomainRejection } from '#ledger';

/**
 * Principals: people and systems that act on the ledger without being roaming partners.
 * One stream per principal (`principal-<id>`), plus a token index (`principal-token-<sha256>`)
 * so a Bearer token resolves to its principal without scanning the log. Registration is
 * idempotent: the same details again change nothing; other details for the id -> 409.
 *
 * RegisterPrincipal -> PrincipalRegistered; same details -> no events; other details ->
 * `principal_conflict`.
 * AssignPrincipalToken (on the token stream) -> PrincipalTokenAssigned; the same principal again
 * -> no events; another principal -> `principal_token_in_use`.
 */
export const PRINCIPAL_ROLES = ['AUDITOR', 'DISPUTE_HANDLER'] as const;
export type PrincipalRole = (typeof PRINCIPAL_ROLES)[number];

export interface PrincipalDetails {
  readonly id: string;
  readonly role: PrincipalRole;
  readonly name: string;
  /** SHA-256 (hex) of the principal's bearer token; the token itself is never stored. */
  readonly token_sha256: string;
}

export interface RegisterPrincipal {
  readonly type: 'RegisterPrincipal';
  readonly data: PrincipalDetails & { readonly registered_at: string };
}

export interface AssignPrincipalToken {
  readonly type: 'AssignPrincipalToken';
  readonly data: { readonly token_sha256: string; readonly principal_id: string };
}

export type PrincipalCommand = RegisterPrincipal | AssignPrincipalToken;

export interface PrincipalRegistered {
  readonly type: 'PrincipalRegistered';
  readonly data: PrincipalDetails & { readonly registered_at: string };
}

export interface PrincipalTokenAssigned {
  readonly type: 'PrincipalTokenAssigned';
  readonly data: { readonly token_sha256: string; readonly principal_id: string };
}

export type PrincipalEvent = PrincipalRegistered | PrincipalTokenAssigned;

/** The state of either stream: a principal stream fills `principal`, a token stream `holder`. */
export interface PrincipalState {
  readonly principal: PrincipalDetails | null;
  readonly holder: string | null;
}

export function principalStream(id: string): string {
  return `principal-${id}`;
}

export function principalTokenStream(token_sha256: string): string {
  return `principal-token-${token_sha256}`;
}

export function initialState(): PrincipalState {
  return { principal: null, holder: null };
}

function sameDetails(a: PrincipalDetails, b: PrincipalDetails): boolean {
  return (
    a.id === b.id && a.role === b.role && a.name === b.name && a.token_sha256 === b.token_sha256
  );
}

export function decide(command: PrincipalCommand, state: PrincipalState): PrincipalEvent[] {
  switch (command.type) {
    case 'RegisterPrincipal': {
      if (state.principal === null) return [{ type: 'PrincipalRegistered', data: command.data }];
      if (sameDetails(state.principal, command.data)) return [];
      throw new DomainRejection(
        'principal_conflict',
        `principal ${command.data.id} is already registered with other details`,
      );
    }
    case 'AssignPrincipalToken': {
      if (state.holder === null) return [{ type: 'PrincipalTokenAssigned', data: command.data }];
      if (state.holder === command.data.principal_id) return [];
      throw new DomainRejection(
        'principal_token_in_use',
        'this token is held by another principal',
        'token',
      );
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown principal command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolve(state: PrincipalState, event: PrincipalEvent): PrincipalState {
  switch (event.type) {
    case 'PrincipalRegistered': {
      const { registered_at: _registered_at, ...principal } = event.data;
      return { ...state, principal };
    }
    case 'PrincipalTokenAssigned':
      return { ...state, holder: event.data.principal_id };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
