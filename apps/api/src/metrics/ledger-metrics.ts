import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { HOLD_REASONS } from '#cdrs';

/** Seconds buckets of request and append latency: 1 ms to 10 s. */
const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/**
 * The service's Prometheus metrics, one registry per application (tests run several in one
 * process, so nothing goes to prom-client's global registry). Counters count what this process
 * saw since it started, as Prometheus expects; gauges are read when scraped (metrics.controller).
 */
export class LedgerMetrics {
  readonly registry = new Registry();

  readonly cdrs_received = new Counter({
    name: 'ledger_cdrs_received_total',
    help: 'CDR deliveries by outcome (posted, held, duplicate, refused); reason: the hold reason',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  readonly cdr_holds = new Counter({
    name: 'ledger_cdr_holds_total',
    help: 'CDRs held unposted by reason (new CDRs and reassessments)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly http_request_duration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request latency by route (the matched route pattern) and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });

  readonly append_duration = new Histogram({
    name: 'ledger_event_store_append_duration_seconds',
    help: 'Event store append latency (until durable), successful or not',
    labelNames: ['result'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });

  readonly projection_lag = new Gauge({
    name: 'ledger_projection_lag_events',
    help: 'Log head position minus the projection checkpoint (events behind, embedded store)',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });

  readonly open_exceptions = new Gauge({
    name: 'ledger_open_exceptions',
    help: 'Open exceptions of the reconciliation queue by type (absent without the queue)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Every hold reason is a series from the start (at 0), so a dashboard or alert on a reason
    // (TAXES_INCONSISTENT, PRICE_MISMATCH ...) sees it before its first hold.
    for (const reason of HOLD_REASONS) this.cdr_holds.inc({ reason }, 0);
  }

  /** Counts what a successful append says about CDRs: posted, or held with its reason. */
  observeAppended(events: readonly { type: string; data: unknown }[]): void {
    const received = events.some((event) => event.type === 'CdrReceived');
    for (const event of events) {
      if (event.type === 'CdrHeld') {
        const reason = holdReasonOf(event.data);
        this.cdr_holds.inc({ reason });
        if (received) this.cdrs_received.inc({ outcome: 'held', reason });
      } else if (event.type === 'CdrPosted' && received) {
        this.cdrs_received.inc({ outcome: 'posted', reason: '' });
      }
    }
  }

  /** A CDR delivery's answer: 200 is a duplicate, 4xx / 5xx refused (201 is counted on append). */
  observeCdrDelivery(status: number): void {
    if (status === 200) this.cdrs_received.inc({ outcome: 'duplicate', reason: '' });
    else if (status >= 400) this.cdrs_received.inc({ outcome: 'refused', reason: '' });
  }
}

function holdReasonOf(data: unknown): string {
  const reason = (data as { reason?: unknown } | null)?.reason;
  return typeof reason === 'string' ? reason : 'UNKNOWN';
}
