/**
 * Local wall-clock time in an IANA zone, exact through DST changes. luxon answers the zone's UTC
 * offset; this module caches it per UTC hour (an hour never holds two offset changes), so the hot
 * pricing loop does integer arithmetic instead of calling into Intl for every instant.
 */
import { IANAZone } from 'luxon';
import { daysFromCivil } from './civil-time.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Bounds the per-zone offset cache (about 11 years of hours). */
const CACHED_HOURS_MAX = 100_000;
/** Bounds the search for offset changes inside one period. */
const SEGMENT_HOURS_MAX = 366 * 24 + 2;
/** Two offset changes of one zone are always further apart than this. */
const STABLE_SPAN_MS = 7 * DAY_MS;
const MIXED = Number.NaN;

/** A stretch of time with one UTC offset. */
export interface OffsetSegment {
  readonly start_ms: number;
  readonly end_ms: number;
  readonly offset_ms: number;
}

export class LocalClock {
  private static readonly clocks = new Map<string, LocalClock>();
  private readonly hourOffsets = new Map<number, number>();

  private constructor(
    readonly zoneName: string,
    private readonly zone: IANAZone | undefined,
  ) {}

  /** The clock of an IANA zone; undefined when the zone is unknown. */
  static of(zoneName: string): LocalClock | undefined {
    const known = LocalClock.clocks.get(zoneName);
    if (known) {
      return known;
    }
    if (!IANAZone.isValidZone(zoneName)) {
      return undefined;
    }
    const zone = zoneName === 'UTC' || zoneName === 'Etc/UTC' ? undefined : new IANAZone(zoneName);
    const clock = new LocalClock(zoneName, zone);
    if (LocalClock.clocks.size < 1000) {
      LocalClock.clocks.set(zoneName, clock);
    }
    return clock;
  }

  /** UTC offset in milliseconds at an instant (local = utc + offset). */
  offsetMs(ms: number): number {
    if (this.zone === undefined) {
      return 0;
    }
    const hour = Math.floor(ms / HOUR_MS);
    let cached = this.hourOffsets.get(hour);
    if (cached === undefined) {
      const first = this.exactOffsetMs(hour * HOUR_MS);
      const last = this.exactOffsetMs(hour * HOUR_MS + HOUR_MS - 1);
      cached = first === last ? first : MIXED;
      if (this.hourOffsets.size >= CACHED_HOURS_MAX) {
        this.hourOffsets.clear();
      }
      this.hourOffsets.set(hour, cached);
    }
    return Number.isNaN(cached) ? this.exactOffsetMs(ms) : cached;
  }

  private exactOffsetMs(ms: number): number {
    return Math.round((this.zone as IANAZone).offset(Math.floor(ms)) * MINUTE_MS);
  }

  /** Splits [start, end) into stretches of constant UTC offset. */
  segments(start_ms: number, end_ms: number): OffsetSegment[] {
    const startOffset = this.offsetMs(start_ms);
    if (this.zone === undefined || end_ms <= start_ms) {
      return [{ start_ms, end_ms, offset_ms: startOffset }];
    }
    if (end_ms - start_ms <= STABLE_SPAN_MS && this.offsetMs(end_ms - 1) === startOffset) {
      return [{ start_ms, end_ms, offset_ms: startOffset }];
    }
    const result: OffsetSegment[] = [];
    let segmentStart = start_ms;
    let offset = startOffset;
    const lastHour = Math.floor((end_ms - 1) / HOUR_MS);
    let hour = Math.floor(start_ms / HOUR_MS);
    for (let steps = 0; hour <= lastHour && steps < SEGMENT_HOURS_MAX; steps += 1, hour += 1) {
      const hourEnd = Math.min(end_ms, hour * HOUR_MS + HOUR_MS);
      if (this.offsetMs(hourEnd - 1) === offset) {
        continue;
      }
      const change = this.firstChange(Math.max(segmentStart, hour * HOUR_MS), hourEnd, offset);
      result.push({ start_ms: segmentStart, end_ms: change, offset_ms: offset });
      segmentStart = change;
      offset = this.offsetMs(change);
    }
    result.push({ start_ms: segmentStart, end_ms, offset_ms: offset });
    return result;
  }

  /** First instant in (low, high) whose offset differs from `offset` (binary search). */
  private firstChange(low: number, high: number, offset: number): number {
    let lo = low;
    let hi = high - 1;
    for (let steps = 0; lo < hi && steps < 64; steps += 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.exactOffsetMs(mid) === offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}

/** Local wall-clock fields of an instant: days since 1970-01-01, ms into the day, weekday. */
export interface LocalFields {
  readonly day: number;
  readonly ms_of_day: number;
  /** 0 = Monday ... 6 = Sunday. */
  readonly weekday: number;
}

export function localFields(utc_ms: number, offset_ms: number): LocalFields {
  const local = Math.floor(utc_ms) + offset_ms;
  const day = Math.floor(local / DAY_MS);
  const weekday = (((day + 3) % 7) + 7) % 7;
  return { day, ms_of_day: local - day * DAY_MS, weekday };
}

/** "YYYY-MM-DD" to days since 1970-01-01. */
export function dayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return daysFromCivil(year, month, day);
}

/** "HH:MM" to milliseconds after local midnight. */
export function timeOfDayMs(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * HOUR_MS + minutes * MINUTE_MS;
}
