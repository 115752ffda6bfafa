import type { JsonLogger } from '../infrastructure/json-logger.js';

/**
 * A job the API runs on a timer (scheduled closes, seals, reconciliation runs): one run at a
 * time and no queue - when the timer fires while a run is still going, that firing is skipped
 * (the next one picks up whatever is left). A failed run is logged, never thrown; stopping
 * waits for the run in flight. The timer does not keep the process alive.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    /** Names the task in the log line of a failed run: `<name> failed`. */
    private readonly name: string,
    private readonly run: () => Promise<unknown>,
    private readonly logger: JsonLogger,
  ) {}

  /** Runs every `interval_ms`, and at once too when `immediately`. */
  start(interval_ms: number, { immediately }: { immediately: boolean }): void {
    if (immediately) this.fire();
    this.timer = setInterval(() => this.fire(), interval_ms);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private fire(): void {
    if (this.running !== null) return;
    this.running = this.run()
      .then(
        () => undefined,
        (error: unknown) =>
          this.logger.event('error', `${this.name} failed`, {
            error: error instanceof Error ? error.message : String(error),
          }),
      )
      .finally(() => {
        this.running = null;
      });
  }
}
