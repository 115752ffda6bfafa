import type { NextFunction, Request, Response } from 'express';
import type { LedgerMetrics } from './ledger-metrics.js';

/** A CDR delivery of any OCPI version: its answer is one of the CDR outcomes. */
const CDR_DELIVERY = /^\/ocpi\/[^/]+\/cdrs\/?$/;

/**
 * Times every request and labels it with the route pattern Express matched
 * (`/ocpi/2.2.1/cdrs/:country_code/:party_id/:cdr_id`), never the raw path, so the number of
 * series stays bounded; requests no route matched share the label `unmatched`.
 */
export function httpMetrics(metrics: LedgerMetrics) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const stop = metrics.http_request_duration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      const status = response.statusCode;
      stop({
        method: request.method,
        route: typeof route === 'string' ? `${request.baseUrl}${route}` : 'unmatched',
        status: String(status),
      });
      const path = request.originalUrl.split('?')[0] ?? '';
      if (request.method === 'POST' && CDR_DELIVERY.test(path)) {
        metrics.observeCdrDelivery(status);
      }
    });
    next();
  };
}
