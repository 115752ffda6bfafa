import { ciKey } from '#ocpi';
import {
  applyDecorators,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import type { LedgerRequest } from '../http/request-context.js';
import { type AccessAction, scopeOf } from './access-policy.js';
import { PartnerDirectory } from './partner-directory.service.js';
import { PrincipalDirectory } from './principal-directory.service.js';
import { constantTimeEqual, credentialOf } from './token-hash.js';

/**
 * Authentication (who is calling) and the role policy of access-policy.ts (what it may do).
 * Unknown or missing credentials -> 401; a known caller whose role the action does not grant
 * -> 403. The caller is recorded on the request: `principal` (`admin`, `principal:<id>`,
 * `partner:<cc>/<pid>`, the acting principal of every event appended), `caller_role`, `partner`
 * and, once authorised, `scope` (`all` or `own`).
 */
@Injectable()
export class CallerAuthenticator {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly partners: PartnerDirectory,
    private readonly principals: PrincipalDirectory,
  ) {}

  /** Bearer credentials only (admin or principal); false when the header has none. */
  async bearer(request: LedgerRequest): Promise<boolean> {
    const token = credentialOf(request.header('authorization'), 'Bearer');
    if (token === null) return false;
    if (constantTimeEqual(token, this.config.admin_token)) {
      request.principal = 'admin';
      request.caller_role = 'ADMIN';
      return true;
    }
    const principal = await this.principals.resolve(token);
    if (principal === null) throw new UnauthorizedException('missing or unknown bearer token');
    request.principal = `principal:${principal.id}`;
    request.caller_role = principal.role;
    return true;
  }

  /** `Token <partner token>` (base64 or plain); false when the header has none. */
  async partner(request: LedgerRequest): Promise<boolean> {
    const token = credentialOf(request.header('authorization'), 'Token');
    if (token === null) return false;
    const partner = await this.partners.resolve(token);
    if (!partner) throw new UnauthorizedException('missing or unknown partner token');
    request.partner = partner;
    request.principal = `partner:${partner.country_code}/${partner.party_id}`;
    request.caller_role = 'PARTNER';
    return true;
  }

  /** Any caller: bearer (admin, principal) or partner token. */
  async any(request: LedgerRequest): Promise<void> {
    if (await this.bearer(request)) return;
    if (await this.partner(request)) return;
    throw new UnauthorizedException('missing or unknown token');
  }
}

/** Grants the action to the authenticated caller per the policy, or 403. */
function authorise(request: LedgerRequest, action: AccessAction): void {
  const role = request.caller_role;
  if (role === undefined) throw new UnauthorizedException('not authenticated');
  const scope = scopeOf(action, role);
  if (scope === null) {
    throw new ForbiddenException(`a caller with role ${role} may not ${action.replace('_', ' ')}`);
  }
  request.scope = scope;
}

/** True when the authorised caller sees every party's objects (admin, auditor, handler). */
export function seesAllParties(request: LedgerRequest): boolean {
  return request.scope === 'all';
}

/** `/admin/...` and admin-only writes: the admin bearer token; a principal's token -> 403. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly callers: CallerAuthenticator) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<LedgerRequest>();
    if (!(await this.callers.bearer(request))) {
      throw new UnauthorizedException('missing or unknown admin token');
    }
    authorise(request, 'administer');
    return true;
  }
}

/** OCPI receiver routes: `Authorization: Token <partner token>`, resolved to a partner. */
@Injectable()
export class PartnerGuard implements CanActivate {
  constructor(private readonly callers: CallerAuthenticator) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<LedgerRequest>();
    if (!(await this.callers.partner(request))) {
      throw new UnauthorizedException('missing or unknown partner token');
    }
    request.scope = 'own';
    return true;
  }
}

const ACCESS_ACTION = 'ledger:access-action';

/** The guard behind `@Allow(action)`: any caller, authorised by the role policy. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly callers: CallerAuthenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const action = this.reflector.getAllAndOverride<AccessAction | undefined>(ACCESS_ACTION, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    if (action === undefined) throw new Error('AccessGuard used without @Allow(action)');
    const request = execution.switchToHttp().getRequest<LedgerRequest>();
    await this.callers.any(request);
    authorise(request, action);
    return true;
  }
}

/** Route decorator: who may call it is the policy's entry for `action`. */
export function Allow(action: AccessAction) {
  return applyDecorators(SetMetadata(ACCESS_ACTION, action), UseGuards(AccessGuard));
}

/** Ledger reads (balances, statements, invoices ...): admin, auditor, or the partner itself. */
@Injectable()
export class AdminOrPartnerGuard implements CanActivate {
  constructor(private readonly callers: CallerAuthenticator) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const request = execution.switchToHttp().getRequest<LedgerRequest>();
    await this.callers.any(request);
    authorise(request, 'read_ledger');
    return true;
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
