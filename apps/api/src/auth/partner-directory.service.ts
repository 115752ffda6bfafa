import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '../../../../libs/event-store/src/event-store.port.js';
import * as Partner from '../../../../libs/partners/src/partner.decider.js';
import * as PartnerToken from '../../../../libs/partners/src/partner-token.decider.js';
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
 * Resolves OCPI tokens to partners from the log: the token-hash stream names the party, the
 * party's stream confirms it still holds that token. Registrations never change (another body
 * for the same party is refused), so a positive answer may be cached for the process lifetime;
 * a miss is not cached, since another API instance may register the partner at any time.
 */
@Injectable()
export class PartnerDirectory {
  private readonly cache = new Map<string, AuthenticatedParty>();

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

  private async resolveHash(token_sha256: string): Promise<AuthenticatedParty | null> {
    const cached = this.cache.get(token_sha256);
    if (cached) return cached;
    const { state } = await loadStream(
      this.store,
      PartnerToken.partnerTokenStream(token_sha256),
      PartnerToken,
    );
    if (state.party === null) return null;
    const partner = await this.partner(state.party.country_code, state.party.party_id);
    if (!partner || partner.token_sha256 !== token_sha256) return null;
    const { token_sha256: _hash, ...party } = partner;
    if (this.cache.size < CACHE_ENTRIES_MAX) this.cache.set(token_sha256, party);
    return party;
  }
}
