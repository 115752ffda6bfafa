import { EventEmitter } from 'node:events';
import type { Response } from 'express';
import { JsonLogger } from '../infrastructure/json-logger.js';
import type { LedgerRequest } from './request-context.js';
import { requestLog } from './request-log.middleware.js';

/** Records log lines instead of writing them. */
class RecordingLogger extends JsonLogger {
  readonly lines: Array<Record<string, unknown>> = [];
  override event(_level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>) {
    this.lines.push({ msg, ...fields });
  }
}

function run(headers: Record<string, string>) {
  const logger = new RecordingLogger();
  const request = {
    method: 'POST',
    originalUrl: '/ocpi/2.2.1/cdrs',
    header: (name: string) => headers[name.toLowerCase()],
  } as unknown as LedgerRequest;
  const sent: Record<string, string> = {};
  const response = Object.assign(new EventEmitter(), {
    statusCode: 201,
    setHeader: (name: string, value: string) => {
      sent[name.toLowerCase()] = value;
    },
  }) as unknown as Response;
  requestLog(logger)(request, response, () => undefined);
  response.emit('finish');
  return { request, sent, line: logger.lines[0]! };
}

describe('request ids (OCPI X-Request-ID / X-Correlation-ID)', () => {
  it('generates an X-Request-ID when the caller sends none, echoes and logs it', () => {
    const { request, sent, line } = run({});
    expect(sent['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent['x-correlation-id']).toBe(sent['x-request-id']);
    expect(request.request_id).toBe(sent['x-request-id']);
    expect(request.correlation_id).toBe(sent['x-request-id']);
    expect(line).toMatchObject({
      msg: 'request',
      request_id: sent['x-request-id'],
      correlation_id: sent['x-request-id'],
      status: 201,
    });
  });

  it("keeps the caller's well-formed ids and replaces malformed ones", () => {
    const kept = run({ 'x-request-id': 'req-1', 'x-correlation-id': 'corr-1' });
    expect(kept.sent).toEqual({ 'x-request-id': 'req-1', 'x-correlation-id': 'corr-1' });
    expect(kept.line).toMatchObject({ request_id: 'req-1', correlation_id: 'corr-1' });
    const replaced = run({ 'x-request-id': 'bad id\u0000', 'x-correlation-id': 'x'.repeat(200) });
    expect(replaced.sent['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(replaced.sent['x-correlation-id']).toBe(replaced.sent['x-request-id']);
  });
});
