import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { EventStoreOverloaded, EventStoreUnavailable } from '#event-store';
import { isRejection } from '#ledger';
import { OcpiStatus, ocpiError } from '#ocpi';
import { ProjectionWaitersExhausted } from '#projections';
import { ConcurrencyExhausted } from '../infrastructure/command-runner.js';
import type { JsonLogger } from '../infrastructure/json-logger.js';
import { BodyInvalid } from './body-invalid.error.js';
import { OcpiRefusal } from './ocpi-refusal.error.js';
import { rejectionStatusOf } from './rejection-status.js';
import type { LedgerRequest } from './request-context.js';

interface Refusal {
  readonly http: number;
  readonly ocpi: number;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  /** Seconds after which the request may succeed: sent as Retry-After. */
  readonly retry_after_s?: number;
}

/** How long a client should wait before retrying while the event store cannot be reached. */
const EVENT_STORE_RETRY_AFTER_S = 5;
/** How long a client should wait before retrying when the ledger has too much work queued. */
const OVERLOADED_RETRY_AFTER_S = 1;

/**
 * Maps every error to a response: the OCPI envelope on `/ocpi/` routes, `{ error, message,
 * field }` elsewhere. Never a stack trace; a 500 only for the ledger's own faults (logged).
 */
@Catch()
export class LedgerExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<LedgerRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const refusal = this.classify(exception, request);
    if (response.headersSent) return;
    if (refusal.retry_after_s !== undefined) {
      response.setHeader('Retry-After', String(refusal.retry_after_s));
    }
    const path = request.originalUrl ?? request.url ?? '';
    if (path.startsWith('/ocpi/')) {
      response
        .status(refusal.http)
        .json(ocpiError(refusal.ocpi, refusal.message, new Date().toISOString()));
      return;
    }
    response.status(refusal.http).json({
      error: refusal.code,
      message: refusal.message,
      ...(refusal.field ? { field: refusal.field } : {}),
    });
  }

  private classify(thrown: unknown, request: LedgerRequest): Refusal {
    const exception = unwrapBodyParserError(thrown);
    if (exception instanceof BodyInvalid) {
      return refusal(
        400,
        OcpiStatus.INVALID_OR_MISSING_PARAMETERS,
        'invalid_body',
        exception.message,
        exception.field,
      );
    }
    if (isRejection(exception)) {
      const { code } = exception;
      const [http, ocpi] = rejectionStatusOf(code);
      return refusal(http, ocpi, code, exception.message, exception.field);
    }
    if (exception instanceof OcpiRefusal) {
      return refusal(exception.http, exception.ocpi, exception.code, exception.message);
    }
    const busy = busyRefusal(exception);
    if (busy !== null) return busy;
    if (exception instanceof EventStoreUnavailable) {
      // The host stays in the log, not in the answer; a write that timed out may have landed,
      // and retrying it with the same ids is an idempotent no-op.
      this.logger.event('warn', 'event store unavailable', {
        request_id: request.request_id ?? null,
        correlation_id: request.correlation_id ?? null,
        error: exception.message,
      });
      return {
        ...refusal(
          503,
          OcpiStatus.SERVER_ERROR,
          'event_store_unavailable',
          'the event store is unavailable; retry later with the same request',
        ),
        retry_after_s: EVENT_STORE_RETRY_AFTER_S,
      };
    }
    const parse = bodyParserError(exception);
    if (parse) return parse;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const ocpi =
        status === 400 ? OcpiStatus.INVALID_OR_MISSING_PARAMETERS : OcpiStatus.CLIENT_ERROR;
      return refusal(
        status,
        status >= 500 ? OcpiStatus.SERVER_ERROR : ocpi,
        codeOf(status),
        messageOf(exception),
      );
    }
    this.logger.event('error', 'unhandled error', {
      request_id: request.request_id ?? null,
      correlation_id: request.correlation_id ?? null,
      error: exception instanceof Error ? exception.message : String(exception),
      stack: exception instanceof Error ? exception.stack : undefined,
    });
    return refusal(500, OcpiStatus.SERVER_ERROR, 'internal_error', 'internal error');
  }
}

function refusal(
  http: number,
  ocpi: number,
  code: string,
  message: string,
  field?: string,
): Refusal {
  return field === undefined ? { http, ocpi, code, message } : { http, ocpi, code, message, field };
}

/**
 * NestJS's Express adapter wraps errors of body parsing (http-errors, SyntaxError) in an
 * HttpException whose `cause` is the original: a refusal of our `verify` hook (JsonTooDeep) or
 * body-parser's own error with its `type`. Those are classified by the original.
 */
function unwrapBodyParserError(exception: unknown): unknown {
  if (!(exception instanceof HttpException)) return exception;
  const cause: unknown = exception.cause;
  if (cause instanceof BodyInvalid) return cause;
  const type = (cause as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && type.startsWith('entity.') ? cause : exception;
}

/** body-parser failures (malformed JSON, too large) arrive as errors carrying `type`/`status`. */
function bodyParserError(exception: unknown): Refusal | undefined {
  const candidate = exception as { type?: unknown; status?: unknown } | null;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.type !== 'string')
    return undefined;
  if (candidate.type === 'entity.parse.failed') {
    return refusal(
      400,
      OcpiStatus.INVALID_OR_MISSING_PARAMETERS,
      'invalid_body',
      'the body is not valid JSON',
      '$',
    );
  }
  if (candidate.type === 'entity.too.large') {
    return refusal(413, OcpiStatus.CLIENT_ERROR, 'body_too_large', 'the body is too large');
  }
  if (typeof candidate.status === 'number' && candidate.status >= 400 && candidate.status < 500) {
    return refusal(
      candidate.status,
      OcpiStatus.CLIENT_ERROR,
      'bad_request',
      'the body cannot be read',
    );
  }
  return undefined;
}

function codeOf(status: number): string {
  const codes: Record<number, string> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    409: 'conflict',
  };
  return codes[status] ?? (status >= 500 ? 'internal_error' : 'client_error');
}

function messageOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * A write that lost its concurrency race too often, or a bound of a queue (group commit,
 * read-after-write waiters): nothing was written, and a retry a moment later may well succeed.
 */
function busyRefusal(exception: unknown): Refusal | null {
  if (exception instanceof ConcurrencyExhausted) {
    return {
      ...refusal(503, OcpiStatus.SERVER_ERROR, 'busy', 'too many concurrent writes; retry'),
      retry_after_s: OVERLOADED_RETRY_AFTER_S,
    };
  }
  if (
    exception instanceof EventStoreOverloaded ||
    exception instanceof ProjectionWaitersExhausted
  ) {
    return {
      ...refusal(503, OcpiStatus.SERVER_ERROR, 'overloaded', 'the ledger is busy; retry shortly'),
      retry_after_s: OVERLOADED_RETRY_AFTER_S,
    };
  }
  return null;
}
