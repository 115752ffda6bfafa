import { ciKey } from '#ocpi';
/**
 * Which agreements a CPO and an eMSP have: one stream per pair
 * (`pair-agreements-<cpo cc>-<cpo party>-<emsp cc>-<emsp party>`), so a CDR finds its agreement
 * from its own parties without scanning the log. Indexing an agreement twice changes nothing.
 */
export interface IndexAgreement {
  readonly type: 'IndexAgreement';
  readonly data: { readonly agreement_id: string };
}
export type AgreementPairCommand = IndexAgreement;

export interface AgreementIndexed {
  readonly type: 'AgreementIndexed';
  readonly data: { readonly agreement_id: string };
}
export type AgreementPairEvent = AgreementIndexed;

export type AgreementPairState = { readonly agreement_ids: readonly string[] };

export function initialState(): AgreementPairState {
  return { agreement_ids: [] };
}

export function decide(
  command: AgreementPairCommand,
  state: AgreementPairState,
): AgreementPairEvent[] {
  switch (command.type) {
    case 'IndexAgreement':
      if (state.agreement_ids.includes(command.data.agreement_id)) return [];
      return [{ type: 'AgreementIndexed', data: command.data }];
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export function evolve(state: AgreementPairState, event: AgreementPairEvent): AgreementPairState {
  switch (event.type) {
    case 'AgreementIndexed':
      return { agreement_ids: [...state.agreement_ids, event.data.agreement_id] };
    default: {
      const _exhaustive: never = event.type;
      return state;
    }
  }
}

export function agreementPairStream(
  cpo: { country_code: string; party_id: string },
  emsp: { country_code: string; party_id: string },
): string {
  const key = (party: { country_code: string; party_id: string }) =>
    `${ciKey(party.country_code)}-${ciKey(party.party_id)}`;
  return `pair-agreements-${key(cpo)}-${key(emsp)}`;
}
