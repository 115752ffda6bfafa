import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { RequestContext } from '../infrastructure/command-runner.js';
import type { AuthenticatedParty } from '../auth/partner-directory.service.js';
import type { AccessScope, CallerRole } from '../auth/access-policy.js';

/** What the edge learns about a request and hands to handlers. */
export interface LedgerRequest extends Request {
  /** OCPI `X-Request-ID`: the caller's, or generated at the edge. */
  request_id?: string;
  correlation_id?: string;
  received_at?: string;
  principal?: string;
  partner?: AuthenticatedParty;
  /** The authenticated caller's role (auth.guards.ts). */
  caller_role?: CallerRole;
  /** What the role policy granted for this route: every party's objects, or its own. */
  scope?: AccessScope;
}

export function requestContextOf(request: LedgerRequest): RequestContext {
  return {
    correlation_id: request.correlation_id ?? 'none',
    principal: request.principal ?? 'anonymous',
    received_at: request.received_at ?? new Date().toISOString(),
    ...(request.request_id === undefined ? {} : { causation_id: request.request_id }),
  };
}

/** `@Ctx() context: RequestContext` in a controller method. */
export const Ctx = createParamDecorator((_data: unknown, execution: ExecutionContext) =>
  requestContextOf(execution.switchToHttp().getRequest<LedgerRequest>()),
);

/** `@Party() party: AuthenticatedParty` after the partner guard. */
export const Party = createParamDecorator((_data: unknown, execution: ExecutionContext) => {
  const partner = execution.switchToHttp().getRequest<LedgerRequest>().partner;
  if (!partner) throw new Error('Party() used on a route without the partner guard');
  return partner;
});
