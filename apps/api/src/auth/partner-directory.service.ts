import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { Partner, PartnerToken } from '#partners';
import { loadStream } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import { sha256Hex, tokenCandidates } from './token-hash.js';

/** A partner the request was authenticated as. */
export interface AuthenticatedParty {
  readonly country_code: string;
  readonly party_id: string;
  readonly role: Partner.PartnerRole;
  readonly name: string;
}

/** Upper bound on cached token resolutions (one per registered partner in practice). */
const CACHE_ENTRIES_MAX = 10_000;
/**
 * How long a resolution is trusted without reading the log again. A token rotated or revoked
 * through this process is forgotten at once (`forget`); through another API instance sharing
 * the log, it stops working here within this time.
 */
const CACHE_TTL_MS = 5_000;

/**
 * Resolves OCPI tokens to partners from the log: the token-hash stream names the party, the
 * party's stream confirms it still holds that token. A token changes by an OCPI credentials
 * PUT (rotation) or DELETE (unregistration): positive answers are cached for CACHE_TTL_MS and
 * forgotten at once when this process changes the token; a miss is not cached, since another
 * API instance may register the partner at any time.
 */
@Injectable()
export class PartnerDirectory {
  private readonly cache = new Map<
    string,
    { readonly party: AuthenticatedParty; readonly until_ms: number }
  >();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async resolve(header_token: string): Promise<AuthenticatedParty | null> {
    for (const token of tokenCandidates(header_token)) {
      const found = await this.resolveHash(sha256Hex(token));
      if (found) return found;
    }
    return null;
  }

  async partner(country_code: string, party_id: string): Promise<Partner.PartnerDetails | null> {
    const { state } = await loadStream(
      this.store,
      Partner.partnerStream(country_code, party_id),
      Partner,
    );
    return state.status === 'registered' ? state.partner : null;
  }

  /** The partner's details in force at `at` (master data amendments included). */
  async partnerAt(
    country_code: string,
    party_id: string,
    at: string,
  ): Promise<Partner.PartnerDetails | null> {
    const { state } = await loadStream(
      this.store,
      Partner.partnerStream(country_code, party_id),
      Partner,
    );
    return Partner.partnerDetailsAt(state, at);
  }

  /** The token's resolution is no longer valid (rotated, revoked). */
  forget(token_sha256: string): void {
    this.cache.delete(token_sha256);
  }

  private async resolveHash(token_sha256: string): Promise<AuthenticatedParty | null> {
    const cached = this.cache.get(token_sha256);
    if (cached && cached.until_ms > Date.now()) return cached.party;
    this.cache.delete(token_sha256);
    const { state } = await loadStream(
      this.store,
      PartnerToken.partnerTokenStream(token_sha256),
      PartnerToken,
    );
    if (state.party === null) return null;
    const partner = await this.partner(state.party.country_code, state.party.party_id);
    if (!partner || partner.token_sha256 !== token_sha256) return null;
    const { token_sha256: _hash, ...party } = partner;
    if (this.cache.size < CACHE_ENTRIES_MAX) {
      this.cache.set(token_sha256, { party, until_ms: Date.now() + CACHE_TTL_MS });
    }
    return party;
  }
}
