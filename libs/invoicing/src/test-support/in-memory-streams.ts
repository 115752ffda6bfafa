/**
 * A minimal stream store for tests of the close-and-issue flow: the EventStore port's
 * expected-revision check (-1 = no stream), nothing else. Deciding on a stale revision and
 * appending fails like the real adapters (WrongExpectedVersion), so races can be replayed step
 * by step without any I/O.
 */
export class WrongExpectedRevision extends Error {
  constructor(
    readonly stream: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${stream}: expected revision ${expected}, actual ${actual}`);
  }
}

export class InMemoryStreams<Event> {
  private readonly streams = new Map<string, Event[]>();

  read(stream: string): { events: Event[]; revision: number } {
    const events = [...(this.streams.get(stream) ?? [])];
    return { events, revision: events.length - 1 };
  }

  append(stream: string, events: readonly Event[], expected_revision: number): void {
    const current = this.streams.get(stream) ?? [];
    if (current.length - 1 !== expected_revision) {
      throw new WrongExpectedRevision(stream, expected_revision, current.length - 1);
    }
    this.streams.set(stream, [...current, ...events]);
  }
}
