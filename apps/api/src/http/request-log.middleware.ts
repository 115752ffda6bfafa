import { randomUUID } from 'node:crypto';
import type { NextFunction, Response } from 'express';
import type { JsonLogger } from '../infrastructure/json-logger.js';
import type { LedgerRequest } from './request-context.js';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Gives every request a correlation id (the caller's `X-Correlation-Id` when well-formed, else
 * a new UUID), echoes it in the response, and writes one JSON log line when the response ends.
 */
export function requestLog(logger: JsonLogger) {
  return (request: LedgerRequest, response: Response, next: NextFunction): void => {
    const started_ns = process.hrtime.bigint();
    const header = request.header('x-correlation-id');
    const correlation_id = header && CORRELATION_ID.test(header) ? header : randomUUID();
    request.correlation_id = correlation_id;
    request.received_at = new Date().toISOString();
    response.setHeader('X-Correlation-Id', correlation_id);
    // Silenced (LEDGER_REQUEST_LOG=off): no listener and no clock reading per request.
    if (!logger.enabled) return next();
    response.on('finish', () => {
      const duration_ms = Number(process.hrtime.bigint() - started_ns) / 1e6;
      logger.event('info', 'request', {
        method: request.method,
        path: request.originalUrl.split('?')[0],
        status: response.statusCode,
        duration_ms: Math.round(duration_ms * 1000) / 1000,
        correlation_id,
        principal: request.principal ?? null,
      });
    });
    next();
  };
}
