import { ciKey } from '../../../../libs/ocpi/src/ci-string.js';
import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import type { LedgerRequest } from '../http/request-context.js';
import { PartnerDirectory } from './partner-directory.service.js';
import { constantTimeEqual, credentialOf } from './token-hash.js';

/** `Authorization: Bearer <LEDGER_ADMIN_TOKEN>`. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(execution: ExecutionContext): boolean {
    const request = execution.switchToHttp().getRequest<LedgerRequest>();
    const token = credentialOf(request.header('authorization'), 'Bearer');
    if (token === null || !constantTimeEqual(token, this.config.admin_token)) {
      throw new UnauthorizedException('missing or unknown admin token');
    }
    request.principal = 'admin';
    return true;
  }
}

/** `Authorization: Token <partner token>` (base64 or plain), resolved to a registered partner. */
@Injectable()
export class PartnerGuard implements CanActivate {
  constructor(private readonly directory: PartnerDirectory) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<LedgerRequest>();
    const token = credentialOf(request.header('authorization'), 'Token');
    const partner = token === null ? null : await this.directory.resolve(token);
    if (!partner) throw new UnauthorizedException('missing or unknown partner token');
    request.partner = partner;
    request.principal = `partner:${partner.country_code}/${partner.party_id}`;
    return true;
  }
}

/** Ledger queries: the admin token, or a partner token (ownership is checked per object). */
@Injectable()
export class AdminOrPartnerGuard implements CanActivate {
  constructor(
    private readonly admin: AdminGuard,
    private readonly partner: PartnerGuard,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<LedgerRequest>();
    if (credentialOf(request.header('authorization'), 'Bearer') !== null) {
      return this.admin.canActivate(execution);
    }
    return this.partner.canActivate(execution);
  }
}

/** OCPI routes: the path's party must be the authenticated partner's own. */
export function assertOwnParty(
  partner: { country_code: string; party_id: string },
  country_code: string,
  party_id: string,
): void {
  if (
    ciKey(partner.country_code) !== ciKey(country_code) ||
    ciKey(partner.party_id) !== ciKey(party_id)
  ) {
    throw new ForbiddenException(
      `party ${country_code}/${party_id} is not the authenticated party ` +
        `${partner.country_code}/${partner.party_id}`,
    );
  }
}
