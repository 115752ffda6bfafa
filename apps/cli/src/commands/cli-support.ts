import cliProgress from 'cli-progress';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { createEventStore, type EventStore, withUpcasting } from '#event-store';
import { LEDGER_UPCASTERS } from '#event-schemas';

export const USAGE_EXIT_CODE = 2;

function dataDir(): string {
  return process.env.LEDGER_DATA_DIR ?? './data';
}

/** The log of LEDGER_DATA_DIR / LEDGER_EVENT_STORE, read with the ledger's upcasters. */
export async function openLog(): Promise<EventStore> {
  const store = await createEventStore({
    connection: process.env.LEDGER_EVENT_STORE,
    data_dir: dataDir(),
  });
  return withUpcasting(store, LEDGER_UPCASTERS);
}

/**
 * Who acts when an operator runs an administrative command (a seal, a rebuild): LEDGER_PRINCIPAL
 * when set, else `cli:<the operating-system user>`; recorded in the events it appends.
 */
function cliPrincipal(): string {
  const given = process.env.LEDGER_PRINCIPAL?.trim();
  if (given !== undefined && given !== '') return given;
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user name for this uid (a container): the principal still says it was the CLI.
  }
  return `cli:${user}`;
}

export function cliAction(): { principal: string; correlation_id: string; at: string } {
  return { principal: cliPrincipal(), correlation_id: randomUUID(), at: new Date().toISOString() };
}

/** A progress bar on stderr that follows the log position up to `head`. */
export class LogProgress {
  private readonly bar: cliProgress.SingleBar;
  private readonly started_ms = performance.now();
  private done = 0;

  constructor(
    label: string,
    private readonly head: bigint,
  ) {
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} {bar} {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
        noTTYOutput: true,
        notTTYSchedule: 1000,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(Number(head), 0, { rate: 0 });
  }

  /** One more event read, at `position` (positions need not be contiguous: KurrentDB). */
  tick(position: bigint): void {
    this.done += 1;
    if (this.done % 1000 !== 0) return;
    const elapsed_s = (performance.now() - this.started_ms) / 1000;
    this.bar.update(Math.min(Number(position), Number(this.head)), {
      rate: Math.round(this.done / Math.max(elapsed_s, 0.001)),
    });
  }

  stop(): void {
    this.bar.update(Number(this.head));
    this.bar.stop();
  }

  elapsedSeconds(): number {
    return Number(((performance.now() - this.started_ms) / 1000).toFixed(3));
  }
}
