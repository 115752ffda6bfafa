import { randomUUID } from 'node:crypto';
import { ANY, type EventStore } from '#event-store';
import type { RebuildResult } from './projection-runner.js';

/**
 * Administrative actions on the read models are facts of the log too: who rebuilt which
 * projections, up to which position (README "Event types": ProjectionsRebuilt). Appended after
 * the rebuild, on the `ledger-admin` stream (any revision: rebuilds of several processes).
 */
export const ADMIN_STREAM = 'ledger-admin';
export const PROJECTIONS_REBUILT = 'ProjectionsRebuilt';

export interface ProjectionsRebuiltData {
  readonly projections: readonly string[];
  /** The log position the rebuilt read models reached. */
  readonly checkpoint: string;
  readonly events: number;
  readonly rebuilt_at: string;
  /** `cli` (`ledger rebuild`) or `http` (`POST /admin/projections/.../rebuild`). */
  readonly via: 'cli' | 'http';
}

export async function recordRebuild(
  store: EventStore,
  result: RebuildResult,
  action: {
    readonly principal: string;
    readonly correlation_id: string;
    readonly at: string;
    readonly via: 'cli' | 'http';
  },
): Promise<void> {
  const data: ProjectionsRebuiltData = {
    projections: result.projections,
    checkpoint: result.checkpoint.toString(),
    events: result.events,
    rebuilt_at: action.at,
    via: action.via,
  };
  await store.append(
    ADMIN_STREAM,
    [
      {
        id: randomUUID(),
        type: PROJECTIONS_REBUILT,
        data,
        metadata: {
          schema_version: 1,
          occurred_at: action.at,
          correlation_id: action.correlation_id,
          // The rebuild command is its own cause (README "Event metadata").
          causation_id: action.correlation_id,
          principal: action.principal,
        },
      },
    ],
    ANY,
  );
}
