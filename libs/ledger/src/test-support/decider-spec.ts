import { DomainRejection, type RejectionCode } from '../domain-rejection.js';

/**
 * Given / when / then for deciders, without any store (Emmett's DeciderSpecification, reduced):
 * `spec.given(events).when(command).then(expected_events)`, `.thenNothing()` or
 * `.thenRejects(code)`.
 */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  readonly initialState: () => State;
}

export interface Then<Event> {
  then(expected: readonly Event[]): void;
  thenNothing(): void;
  thenRejects(code: RejectionCode, field?: string): DomainRejection;
  /** The events decided, for assertions beyond equality. */
  events(): Event[];
}

export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(given_events: readonly Event[]) {
      return {
        when(command: Command): Then<Event> {
          const state = given_events.reduce(decider.evolve, decider.initialState());
          const run = (): Event[] => decider.decide(command, state);
          return {
            then: (expected) => expect(run()).toEqual(expected),
            thenNothing: () => expect(run()).toEqual([]),
            thenRejects: (code, field) => {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(DomainRejection.is(caught)).toBe(true);
              const rejection = caught as DomainRejection;
              expect(rejection.code).toBe(code);
              if (field !== undefined) expect(rejection.field).toBe(field);
              return rejection;
            },
            events: run,
          };
        },
      };
    },
  };
}
