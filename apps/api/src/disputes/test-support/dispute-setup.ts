import type { ApiHarness } from '../../test-support/api-harness.js';

export const AUDITOR_TOKEN = 'auditor-token-for-dispute-tests';
export const HANDLER_TOKEN = 'handler-token-for-dispute-tests';
export const HANDLER = `Bearer ${HANDLER_TOKEN}`;
export const AUDITOR = `Bearer ${AUDITOR_TOKEN}`;

/** Registers a dispute handler (`handler-1`) and an auditor (`audit-1`). */
export async function registerPrincipals(api: ApiHarness): Promise<void> {
  for (const body of [
    { id: 'handler-1', role: 'DISPUTE_HANDLER', name: 'Dispute desk', token: HANDLER_TOKEN },
    { id: 'audit-1', role: 'AUDITOR', name: 'Auditor', token: AUDITOR_TOKEN },
  ]) {
    const response = await api
      .http()
      .post('/admin/principals')
      .set('Authorization', api.admin())
      .send(body);
    if (response.status !== 201) throw new Error(`principal ${body.id}: ${response.text}`);
  }
}

export function openDispute(api: ApiHarness, body: object, auth: string) {
  return api.http().post('/v1/disputes').set('Authorization', auth).send(body);
}

export function resolveDispute(api: ApiHarness, id: string, body: object, auth = HANDLER) {
  return api.http().post(`/v1/disputes/${id}/resolution`).set('Authorization', auth).send(body);
}

/** A dispute of CDR `cdr_id` of DE/ABC about its price. */
export function disputeBody(id: string, cdr_id: string, extra: object = {}) {
  return {
    id,
    cdr: { country_code: 'DE', party_id: 'ABC', cdr_id },
    reason: 'PRICE',
    claimed_total_cost: { excl_vat: '2.00', incl_vat: '2.20' },
    description: 'the energy price shown at the charger was lower',
    ...extra,
  };
}
