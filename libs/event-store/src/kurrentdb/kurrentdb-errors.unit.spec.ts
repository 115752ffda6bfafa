import { describe, expect, it } from '@jest/globals';
import { NotLeaderError, UnavailableError } from '@kurrent/kurrentdb-client';

import { EventIdConflict, EventStoreUnavailable } from '../event-store.port.js';
import { CallTimedOut, hostsOf, toPortError, withDeadline } from './kurrentdb-errors.js';

describe('KurrentDB errors', () => {
  it('names the hosts of a connection string, never its credentials or options', () => {
    expect(hostsOf('kurrentdb://admin:changeit@node1:2113,node2:2113?tls=true')).toBe(
      'node1:2113,node2:2113',
    );
    expect(hostsOf('esdb+discover://cluster.local:2113')).toBe('cluster.local:2113');
    expect(hostsOf('kurrentdb://127.0.0.1:2113/?tls=false')).toBe('127.0.0.1:2113');
  });

  it('turns transport failures and timeouts into EventStoreUnavailable naming the host', () => {
    const host = 'node1:2113';
    const timedOut = toPortError(new CallTimedOut(500), host, 'append to s');
    expect(timedOut).toBeInstanceOf(EventStoreUnavailable);
    expect(timedOut).toMatchObject({ host, operation: 'append to s' });
    expect((timedOut as Error).message).toBe(
      'event store at node1:2113: append to s failed: no answer within 500 ms',
    );
    const down = toPortError(new UnavailableError(undefined, 'connection refused'), host, 'read');
    expect(down).toBeInstanceOf(EventStoreUnavailable);
    const metadata = { 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' };
    const notLeader = new NotLeaderError({ metadata } as never);
    expect(toPortError(notLeader, host, 'append')).toBeInstanceOf(EventStoreUnavailable);
  });

  it("passes the port's own errors and programming errors through unchanged", () => {
    const conflict = new EventIdConflict('s', 'id');
    expect(toPortError(conflict, 'h', 'append')).toBe(conflict);
    const bug = new TypeError('bug');
    expect(toPortError(bug, 'h', 'append')).toBe(bug);
  });

  it('bounds a call that never settles', async () => {
    await expect(withDeadline(new Promise(() => undefined), 20)).rejects.toBeInstanceOf(
      CallTimedOut,
    );
    await expect(withDeadline(Promise.resolve(7), 20)).resolves.toBe(7);
  });
});
