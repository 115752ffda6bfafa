import type { LoggerService } from '@nestjs/common';

/**
 * Structured logs: one JSON object per line on stdout (errors on stderr), so log shippers need
 * no parsing rules. Also serves as NestJS's logger so framework messages share the format.
 */
export class JsonLogger implements LoggerService {
  constructor(readonly enabled = true) {}

  /** NestJS's own info messages (module and route wiring) are start-up noise: dropped. */
  log(message: unknown, context?: string): void {
    if (context !== undefined) return;
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.write('error', message, context, trace);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(): void {}
  verbose(): void {}

  /** A structured event: `fields` are merged into the log line. */
  event(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown>): void {
    // `enabled` silences request logs; an error (an unhandled exception behind a 500) is always
    // written, so no 500 ever goes unexplained.
    if (!this.enabled && level !== 'error') return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
    (level === 'error' ? process.stderr : process.stdout).write(line + '\n');
  }

  private write(
    level: 'info' | 'warn' | 'error',
    message: unknown,
    context?: string,
    trace?: string,
  ) {
    const msg = typeof message === 'string' ? message : JSON.stringify(message);
    this.event(level, msg, { ...(context ? { context } : {}), ...(trace ? { trace } : {}) });
  }
}
