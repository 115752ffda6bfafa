import { Rejection } from '#ledger';

/**
 * Rejection codes of the receiver-side contexts (partners, locations, tariff versions,
 * sessions): a closed set on the one rejection kernel (Rejection), so the single exception
 * filter in apps/ maps every refusal; the codes are stable and closed like the ledger's.
 *
 * | code                        | HTTP | OCPI | meaning                                           |
 * | --------------------------- | ---- | ---- | ------------------------------------------------- |
 * | partner_conflict            | 409  | 2000 | the party is registered with other details        |
 * | partner_token_in_use        | 409  | 2000 | another party already holds this token            |
 * | partner_unknown             | 404  | 2003 | an amendment of a partner never registered        |
 * | partner_amendment_retroactive | 409 | 2000 | master data amended with effect in the past     |
 * | location_unknown            | 404  | 2003 | PATCH of a location never PUT                     |
 * | tariff_unknown              | 404  | 2003 | DELETE of a tariff never published or withdrawn   |
 * | session_unknown             | 404  | 2003 | PATCH of a session never PUT                      |
 * | session_end_before_start    | 400  | 2001 | end_date_time before start_date_time              |
 * | session_energy_decreased    | 409  | 2000 | kwh lower than already reported                   |
 * | session_already_completed   | 409  | 2000 | an update after the session was COMPLETED         |
 * | object_identity_changed     | 400  | 2001 | a PATCH tries to change country_code/party_id/id  |
 * | registration_token_unknown  | 401  | 2000 | a credentials POST without a registration token   |
 * | registration_token_spent    | 401  | 2000 | a registration token used a second time           |
 * | partner_not_registered      | 405  | 2000 | credentials PUT / DELETE of a party not registered |
 */
export const RECEIVER_REJECTION_CODES = [
  'partner_conflict',
  'partner_token_in_use',
  'partner_unknown',
  'partner_amendment_retroactive',
  'location_unknown',
  'tariff_unknown',
  'session_unknown',
  'session_end_before_start',
  'session_energy_decreased',
  'session_already_completed',
  'object_identity_changed',
  'registration_token_unknown',
  'registration_token_spent',
  'partner_not_registered',
] as const;

export type ReceiverRejectionCode = (typeof RECEIVER_REJECTION_CODES)[number];

export class ReceiverRejection extends Rejection<ReceiverRejectionCode> {
  /** The code, by the name the receiver's callers and specs read. */
  readonly receiver_code: ReceiverRejectionCode = this.code;
}
