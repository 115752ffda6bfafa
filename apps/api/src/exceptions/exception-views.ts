import { BadRequestException } from '@nestjs/common';
import {
  EXCEPTION_STATUSES,
  EXCEPTION_TYPES,
  type ExceptionStatus,
  type ExceptionType,
} from '#exceptions';
import type { ExceptionRow } from '#projections';

/** One exception as `GET /v1/exceptions` lists it (INTERFACES.md, extended where silent). */
export function exceptionView(row: ExceptionRow) {
  return {
    id: row.exception_id,
    type: row.type,
    status: row.status,
    party: row.party,
    subject: row.subject,
    detected_at: row.detected_at,
    details: row.details,
    emsp: row.emsp,
    agreement_id: row.agreement_id,
    amount_at_risk: row.amount_at_risk,
    holds_cdr: row.holds_cdr,
    detected_by: row.detected_by,
    resolution: row.resolution,
  };
}

export function parseStatus(status: unknown): ExceptionStatus | undefined {
  if (status === undefined || status === '') return undefined;
  if (typeof status !== 'string' || !(EXCEPTION_STATUSES as readonly string[]).includes(status)) {
    throw new BadRequestException(`status must be one of ${EXCEPTION_STATUSES.join(', ')}`);
  }
  return status as ExceptionStatus;
}

export function parseType(type: unknown): ExceptionType | undefined {
  if (type === undefined || type === '') return undefined;
  if (typeof type !== 'string' || !(EXCEPTION_TYPES as readonly string[]).includes(type)) {
    throw new BadRequestException(`type must be one of ${EXCEPTION_TYPES.join(', ')}`);
  }
  return type as ExceptionType;
}
