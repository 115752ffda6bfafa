/**
 * The published versions of one CPO tariff (`tariff-<cc>-<party_id>-<id>`). Every PUT that
 * changes the tariff publishes a new version; DELETE withdraws it. A CDR is priced with the
 * version in force at its start: `tariffVersionAt(state, at)`.
 *
 * Policies (recorded with each version so an auditor can follow them):
 * - `valid_from` is the tariff's own `start_date_time` when given, else its `last_updated`.
 * - `first_version_applies_retroactively`: the first version without a `start_date_time`
 *   applies to every moment before its publication too, because CPOs commonly push a tariff
 *   after sessions that already used it; later versions never reach back before their
 *   `valid_from`.
 * - `end_date_time`, when given, ends that version's validity.
 */
import { sameJson, type JsonObject, ReceiverRejection, ciKey } from '#ocpi';

export interface PublishTariff {
  readonly type: 'PublishTariff';
  readonly data: { readonly tariff: JsonObject };
}
export interface WithdrawTariff {
  readonly type: 'WithdrawTariff';
  readonly data: { readonly withdrawn_at: string };
}
export type TariffCommand = PublishTariff | WithdrawTariff;

export interface TariffVersionPublished {
  readonly type: 'TariffVersionPublished';
  readonly data: {
    readonly version: number;
    readonly tariff: JsonObject;
    /** null: in force since ever (first_version_applies_retroactively). */
    readonly valid_from: string | null;
    readonly valid_until: string | null;
  };
}
export interface TariffWithdrawn {
  readonly type: 'TariffWithdrawn';
  readonly data: { readonly withdrawn_at: string };
}
export type TariffEvent = TariffVersionPublished | TariffWithdrawn;

export interface TariffVersion {
  readonly version: number;
  readonly tariff: JsonObject;
  readonly valid_from: string | null;
  readonly valid_until: string | null;
}

/** The tariff's timeline: versions and withdrawals, in publication order. */
export type TimelineEntry =
  | ({ readonly kind: 'version' } & TariffVersion)
  | { readonly kind: 'withdrawn'; readonly valid_from: string };

export interface TariffState {
  readonly timeline: readonly TimelineEntry[];
  readonly versions_count: number;
  readonly withdrawn: boolean;
}

export function initialState(): TariffState {
  return { timeline: [], versions_count: 0, withdrawn: false };
}

export function decide(command: TariffCommand, state: TariffState): TariffEvent[] {
  switch (command.type) {
    case 'PublishTariff': {
      const { tariff } = command.data;
      const latest = latestVersion(state);
      if (!state.withdrawn && latest && sameJson(latest.tariff, tariff)) return [];
      const start = typeof tariff.start_date_time === 'string' ? tariff.start_date_time : null;
      const end = typeof tariff.end_date_time === 'string' ? tariff.end_date_time : null;
      const valid_from = start ?? (state.versions_count === 0 ? null : String(tariff.last_updated));
      return [
        {
          type: 'TariffVersionPublished',
          data: { version: state.versions_count + 1, tariff, valid_from, valid_until: end },
        },
      ];
    }
    case 'WithdrawTariff': {
      if (state.versions_count === 0) {
        throw new ReceiverRejection('tariff_unknown', 'unknown tariff: it was never published');
      }
      if (state.withdrawn) return [];
      return [{ type: 'TariffWithdrawn', data: command.data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: TariffState, event: TariffEvent): TariffState {
  switch (event.type) {
    case 'TariffVersionPublished':
      return {
        timeline: [...state.timeline, { kind: 'version', ...event.data }],
        versions_count: event.data.version,
        withdrawn: false,
      };
    case 'TariffWithdrawn':
      return {
        ...state,
        timeline: [...state.timeline, { kind: 'withdrawn', valid_from: event.data.withdrawn_at }],
        withdrawn: true,
      };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

function latestVersion(state: TariffState): TariffVersion | undefined {
  for (let index = state.timeline.length - 1; index >= 0; index -= 1) {
    const entry = state.timeline[index]!;
    if (entry.kind === 'version') return entry;
  }
  return undefined;
}

/**
 * The version in force at `at` (ISO-8601): of the timeline entries that had begun by then, the
 * one beginning last (ties: the one published last) decides; a withdrawal means no tariff.
 */
export function tariffVersionAt(state: TariffState, at: string): TariffVersion | null {
  const at_ms = Date.parse(at);
  let found: TimelineEntry | null = null;
  let found_from_ms = Number.NEGATIVE_INFINITY;
  for (const entry of state.timeline) {
    const from_ms =
      entry.valid_from === null ? Number.NEGATIVE_INFINITY : Date.parse(entry.valid_from);
    if (from_ms <= at_ms && from_ms >= found_from_ms) {
      found = entry;
      found_from_ms = from_ms;
    }
  }
  if (found === null || found.kind === 'withdrawn') return null;
  if (found.valid_until !== null && Date.parse(found.valid_until) <= at_ms) return null;
  return found;
}

export function tariffStream(country_code: string, party_id: string, id: string): string {
  return `tariff-${ciKey(country_code)}-${ciKey(party_id)}-${ciKey(id)}`;
}
