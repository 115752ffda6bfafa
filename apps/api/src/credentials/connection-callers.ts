import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { PartnerToken, type PartnerDetails } from '#partners';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import { credentialOf, sha256Hex, tokenCandidates } from '../auth/token-hash.js';
import { loadStream } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';

/** Who calls the versions and credentials endpoints, by the token of `Authorization: Token`. */
export type ConnectionCaller =
  | {
      readonly kind: 'partner';
      readonly partner: PartnerDetails;
      /** The token as the partner holds it (decoded from base64 when it was sent so). */
      readonly token: string;
      readonly token_sha256: string;
    }
  | {
      readonly kind: 'registration';
      readonly party: PartyRefLike;
      readonly spent: boolean;
      readonly token_sha256: string;
    };

interface PartyRefLike {
  readonly country_code: string;
  readonly party_id: string;
}

/**
 * Resolves the token of a versions or credentials request: a registered partner's current
 * token, or a registration token the admin issued (CREDENTIALS_TOKEN_A, spent or not). Anything
 * else is 401. Always read from the log (a handshake is rare; its answer must be current).
 */
@Injectable()
export class ConnectionCallers {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly partners: PartnerDirectory,
  ) {}

  async resolve(authorization: string | undefined): Promise<ConnectionCaller> {
    const header_token = credentialOf(authorization, 'Token');
    if (header_token === null) throw new UnauthorizedException('missing token');
    for (const token of tokenCandidates(header_token)) {
      const caller = await this.resolveToken(token);
      if (caller !== null) return caller;
    }
    throw new UnauthorizedException('unknown token');
  }

  /** Any caller but a spent registration token (versions, version details). */
  async resolveUsable(authorization: string | undefined): Promise<ConnectionCaller> {
    const caller = await this.resolve(authorization);
    if (caller.kind === 'registration' && caller.spent) {
      throw new UnauthorizedException('this registration token was already used');
    }
    return caller;
  }

  private async resolveToken(token: string): Promise<ConnectionCaller | null> {
    const token_sha256 = sha256Hex(token);
    const stream = PartnerToken.partnerTokenStream(token_sha256);
    const { state } = await loadStream(this.store, stream, PartnerToken);
    if (state.party === null) return null;
    if (state.kind === 'REGISTRATION') {
      return {
        kind: 'registration',
        party: state.party,
        spent: state.spent === true,
        token_sha256,
      };
    }
    const partner = await this.partners.partner(state.party.country_code, state.party.party_id);
    if (partner === null || partner.token_sha256 !== token_sha256) return null;
    return { kind: 'partner', partner, token, token_sha256 };
  }
}
