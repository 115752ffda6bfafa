import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { Principal } from '#principals';
import { loadStream } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { sha256Hex } from './token-hash.js';

/** A principal the request was authenticated as (no token hash). */
export interface AuthenticatedPrincipal {
  readonly id: string;
  readonly role: Principal.PrincipalRole;
  readonly name: string;
}

/** Upper bound on cached token resolutions. */
const CACHE_ENTRIES_MAX = 10_000;

/**
 * Resolves bearer tokens to principals from the log: the token-hash stream names the
 * principal, the principal's stream confirms it holds that token. Registrations never change,
 * so a positive answer is cached; a miss is not (another instance may register it any time).
 */
@Injectable()
export class PrincipalDirectory {
  private readonly cache = new Map<string, AuthenticatedPrincipal>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async resolve(token: string): Promise<AuthenticatedPrincipal | null> {
    const token_sha256 = sha256Hex(token);
    const cached = this.cache.get(token_sha256);
    if (cached) return cached;
    const index = await loadStream(
      this.store,
      Principal.principalTokenStream(token_sha256),
      Principal,
    );
    if (index.state.holder === null) return null;
    const { state } = await loadStream(
      this.store,
      Principal.principalStream(index.state.holder),
      Principal,
    );
    const principal = state.principal;
    if (principal === null || principal.token_sha256 !== token_sha256) return null;
    const found = { id: principal.id, role: principal.role, name: principal.name };
    if (this.cache.size < CACHE_ENTRIES_MAX) this.cache.set(token_sha256, found);
    return found;
  }
}
