import type { RecordedEvent } from '#event-store';
import { isEventOf, unhandledEvent, type EventOf } from '#event-schemas';
import type { AccountKind, PartyId } from '#ledger';

/**
 * Who settles with whom, in which currency, holding which account: a pure fold over agreement
 * events. An agreement between a CPO and an eMSP relates them both ways (`cpo_receivable` /
 * `emsp_payable`), and the CPO with each fee beneficiary (`fee_payable` / `fee_receivable`).
 * Payments use it to know that a payer and a payee have a currency in common, and which
 * accounts a payment between them moves.
 */
export interface AgreementRelation {
  readonly agreement_id: string;
  readonly party: string;
  readonly counterparty: string;
  readonly currency: string;
  /** The kind of the account `party` holds towards `counterparty`. */
  readonly kind: AccountKind;
}

interface AgreementTermsShape {
  readonly currency: string;
  readonly fees: readonly { readonly beneficiary: PartyId }[];
}

/** The parties of an agreement, needed to fold its amendments (which do not repeat them). */
export interface AgreementParties {
  readonly cpo: PartyId;
  readonly emsp: PartyId;
}

export type AgreementRelationsChange =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'relations';
      readonly agreement_id: string;
      /** Set on registration: the parties to remember for later amendments. */
      readonly parties: AgreementParties | null;
      readonly relations: readonly AgreementRelation[];
    };

function key(party: PartyId): string {
  return `${party.country_code}/${party.party_id}`;
}

export function relationsOf(
  agreement_id: string,
  parties: AgreementParties,
  terms: AgreementTermsShape,
): AgreementRelation[] {
  const cpo = key(parties.cpo);
  const emsp = key(parties.emsp);
  const { currency } = terms;
  const relations: AgreementRelation[] = [
    { agreement_id, party: cpo, counterparty: emsp, currency, kind: 'cpo_receivable' },
    { agreement_id, party: emsp, counterparty: cpo, currency, kind: 'emsp_payable' },
  ];
  for (const fee of terms.fees) {
    const beneficiary = key(fee.beneficiary);
    relations.push(
      { agreement_id, party: cpo, counterparty: beneficiary, currency, kind: 'fee_payable' },
      { agreement_id, party: beneficiary, counterparty: cpo, currency, kind: 'fee_receivable' },
    );
  }
  return relations;
}

/** Event types the agreement_relations projection reads; everything else folds to nothing. */
export const AGREEMENT_RELATION_EVENT_TYPES = ['AgreementRegistered', 'AgreementAmended'] as const;

/** An event the agreement_relations fold reads. */
export type AgreementRelationsEvent = EventOf<(typeof AGREEMENT_RELATION_EVENT_TYPES)[number]>;

/** What an event changes; `partiesOf` looks up a registered agreement's parties. */
export function agreementRelationsChangeOf(
  event: Pick<RecordedEvent, 'type' | 'data'>,
  partiesOf: (agreement_id: string) => AgreementParties | null,
): AgreementRelationsChange {
  if (!isEventOf(AGREEMENT_RELATION_EVENT_TYPES, event)) return { kind: 'none' };
  return changeOfAgreementEvent(event, partiesOf);
}

function changeOfAgreementEvent(
  event: AgreementRelationsEvent,
  partiesOf: (agreement_id: string) => AgreementParties | null,
): AgreementRelationsChange {
  switch (event.type) {
    case 'AgreementRegistered': {
      const { data } = event;
      const parties = { cpo: data.cpo, emsp: data.emsp };
      return {
        kind: 'relations',
        agreement_id: data.id,
        parties,
        relations: relationsOf(data.id, parties, data),
      };
    }
    case 'AgreementAmended': {
      const { data } = event;
      const parties = partiesOf(data.agreement_id);
      if (parties === null) return { kind: 'none' };
      return {
        kind: 'relations',
        agreement_id: data.agreement_id,
        parties: null,
        relations: relationsOf(data.agreement_id, parties, data),
      };
    }
    default:
      return unhandledEvent(event);
  }
}
