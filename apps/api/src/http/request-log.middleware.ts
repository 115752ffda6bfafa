import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { JsonLogger } from '../infrastructure/json-logger.js';
import type { LedgerRequest } from './request-context.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id from `header` when well-formed (printable, bounded), else undefined. */
function callerId(request: LedgerRequest, header: string): string | undefined {
  const value = request.header(header);
  return value !== undefined && REQUEST_ID.test(value) ? value : undefined;
}

/**
 * Gives every request its OCPI ids (transport_and_format.asciidoc): `X-Request-ID`, the
 * caller's when well-formed, else a new UUID (real CPO back-ends send none); and
 * `X-Correlation-ID`, the caller's, else the request id, so that one id ties the log line to
 * the events the request appends (their metadata's `correlation_id`). Both are echoed in the
 * response, and one JSON log line is written when the response ends.
 */
export function requestLog(logger: JsonLogger) {
  return (request: LedgerRequest, response: Response, next: NextFunction): void => {
    const started_ns = process.hrtime.bigint();
    const request_id = callerId(request, 'x-request-id') ?? randomUUID();
    const correlation_id = callerId(request, 'x-correlation-id') ?? request_id;
    request.request_id = request_id;
    request.correlation_id = correlation_id;
    request.received_at = new Date().toISOString();
    response.setHeader('X-Request-ID', request_id);
    response.setHeader('X-Correlation-ID', correlation_id);
    // Silenced (LEDGER_REQUEST_LOG=off): no listener and no clock reading per request.
    if (!logger.enabled) return next();
    response.on('finish', () => {
      const duration_ms = Number(process.hrtime.bigint() - started_ns) / 1e6;
      logger.event('info', 'request', {
        method: request.method,
        path: request.originalUrl.split('?')[0],
        status: response.statusCode,
        duration_ms: Math.round(duration_ms * 1000) / 1000,
        request_id,
        correlation_id,
        principal: request.principal ?? null,
      });
    });
    next();
  };
}
