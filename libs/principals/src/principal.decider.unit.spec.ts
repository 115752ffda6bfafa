import { deciderSpec } from '#ledger/test-support/decider-spec.js';
import * as Principal from './principal.decider.js';

const spec = deciderSpec(Principal);
const details = {
  id: 'handler-1',
  role: 'DISPUTE_HANDLER' as const,
  name: 'Dana Handler',
  token_sha256: 'a'.repeat(64),
  registered_at: '2026-11-01T00:00:00Z',
};
const registered: Principal.PrincipalEvent = { type: 'PrincipalRegistered', data: details };
const assign = { token_sha256: 'a'.repeat(64), principal_id: 'handler-1' };

describe('principal decider', () => {
  it('registers a principal once; the same details again change nothing', () => {
    spec.given([]).when({ type: 'RegisterPrincipal', data: details }).then([registered]);
    spec.given([registered]).when({ type: 'RegisterPrincipal', data: details }).thenNothing();
  });

  it('refuses other details for the same id', () => {
    spec
      .given([registered])
      .when({ type: 'RegisterPrincipal', data: { ...details, role: 'AUDITOR' } })
      .thenRejects('principal_conflict');
  });

  it('indexes a token for one principal only', () => {
    const assigned: Principal.PrincipalEvent = { type: 'PrincipalTokenAssigned', data: assign };
    spec.given([]).when({ type: 'AssignPrincipalToken', data: assign }).then([assigned]);
    spec.given([assigned]).when({ type: 'AssignPrincipalToken', data: assign }).thenNothing();
    spec
      .given([assigned])
      .when({ type: 'AssignPrincipalToken', data: { ...assign, principal_id: 'audit-1' } })
      .thenRejects('principal_token_in_use', 'token');
  });

  it('names its streams from the id and the token hash', () => {
    expect(Principal.principalStream('audit-1')).toBe('principal-audit-1');
    expect(Principal.principalTokenStream('ab')).toBe('principal-token-ab');
  });
});
