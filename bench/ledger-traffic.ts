import { type NewEvent, eventIdFor } from '#event-store';
import {
  type LedgerTransactionJson,
  type PartyId,
  type PostingJson,
  fromTransactionJson,
  toTransactionJson,
  differencePostings,
  netPostings,
} from '#ledger';

/** A seeded xorshift32 source in [0, 1): the same seed, the same traffic (benches and tests). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

/**
 * Synthetic, realistic roaming traffic for property tests and benchmarks: agreements between
 * CPOs and eMSPs (with a hub fee), CDRs received and posted, credit CDRs and payments, as the
 * events the real handlers append (same types and data shapes), and with `dispute_share` > 0
 * disputes resolved ADJUSTED or VOIDED (their compensating transactions; a later credit CDR
 * reverses what is settled then). Deterministic for a given
 * random source, so a failing seed can be replayed.
 */
export interface AppendBatch {
  readonly stream: string;
  readonly events: readonly NewEvent[];
}

export interface TrafficOptions {
  readonly cpo_count: number;
  readonly emsp_count: number;
  /** Ledger time of the first posting (ms since the epoch). */
  readonly start_ms: number;
  /** Largest step of the ledger clock between two operations. */
  readonly step_ms_max: number;
  /** Share of operations that resolve a dispute (0, the default, for plain CDR traffic). */
  readonly dispute_share?: number;
}

interface AgreementInfo {
  readonly id: string;
  readonly cpo: PartyId;
  readonly emsp: PartyId;
  readonly hub: PartyId;
  readonly currency: string;
}

interface PostedCdr {
  readonly stream: string;
  readonly agreement: AgreementInfo;
  readonly cpo: PartyId;
  readonly cdr_id: string;
  readonly transaction: LedgerTransactionJson;
  readonly document: Readonly<Record<string, unknown>>;
  readonly claimed: { readonly excl_vat: string; readonly incl_vat: string };
  readonly context: unknown;
  credited: boolean;
  /** What the CDR settles now (the posting net of its adjustments) and its amount. */
  settled: LedgerTransactionJson;
  settled_minor: bigint;
  settled_excl_minor: bigint;
  disputes: number;
}

/** Upper bound on CDRs remembered as candidates for a later credit. */
const CREDIT_CANDIDATES_MAX = 1000;
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'GBP', 'CHF'] as const;

function party(prefix: string, index: number, country_code: string): PartyId {
  return {
    country_code,
    party_id: `${prefix}${index.toString(36).toUpperCase().padStart(2, '0')}`,
  };
}

export class LedgerTraffic {
  readonly agreements: readonly AgreementInfo[];
  private readonly candidates: PostedCdr[] = [];
  private now_ms: number;
  private sequence = 0;

  constructor(
    private readonly random: () => number,
    private readonly options: TrafficOptions,
  ) {
    this.now_ms = options.start_ms;
    const hubs = [party('H', 0, 'NL'), party('H', 1, 'BE')];
    const agreements: AgreementInfo[] = [];
    for (let c = 0; c < options.cpo_count; c += 1) {
      for (let e = 0; e < options.emsp_count; e += 1) {
        const cpo = party('C', c, 'DE');
        const emsp = party('E', e, 'FR');
        agreements.push({
          id: `${cpo.party_id}-${emsp.party_id}`,
          cpo,
          emsp,
          hub: hubs[(c + e) % hubs.length]!,
          currency: CURRENCIES[(c * 7 + e) % CURRENCIES.length]!,
        });
      }
    }
    this.agreements = agreements;
  }

  /** The AgreementRegistered events, one stream each; append them first. */
  agreementBatches(): AppendBatch[] {
    return this.agreements.map((agreement) => ({
      stream: `agreement-${agreement.id}`,
      events: [
        this.event('AgreementRegistered', ['agreement', agreement.id, '1'], {
          id: agreement.id,
          cpo: agreement.cpo,
          emsp: agreement.emsp,
          currency: agreement.currency,
          price_tolerance: '0.01',
          fees: [{ beneficiary: agreement.hub, per_cdr: '0.20', percent_of_cost: '1' }],
          rounding: 'HALF_UP',
          vat_treatment: 'standard',
          payment_terms_days: 30,
          dispute_window_days: 30,
          effective_from: null,
          registered_at: new Date(this.options.start_ms).toISOString(),
        }),
      ],
    }));
  }

  /** One random operation: mostly CDRs, some credits and payments. */
  next(): AppendBatch[] {
    const roll = this.random();
    if (roll > 1 - (this.options.dispute_share ?? 0)) {
      const dispute = this.dispute();
      if (dispute !== null) return dispute;
    }
    if (roll < 0.04) {
      const credit = this.credit();
      if (credit !== null) return credit;
    }
    if (roll < 0.1) return [this.payment()];
    return [this.cdr()];
  }

  cdr(): AppendBatch {
    const agreement = this.pick(this.agreements);
    const cdr_id = `CDR${(this.sequence += 1)}`;
    const stream = `cdr-${agreement.cpo.country_code}-${agreement.cpo.party_id}-${cdr_id}`;
    const energy_wh = 2000 + Math.floor(this.random() * 60_000);
    const excl_vat_minor = BigInt(Math.round(energy_wh * 0.039) + 150);
    const amount_minor = (excl_vat_minor * 119n) / 100n;
    const fee_minor = 20n + excl_vat_minor / 100n;
    const transaction = cdrTransaction(agreement, cdr_id, amount_minor, fee_minor);
    const posted_at = this.tick();
    const document = cdrDocument(
      agreement,
      cdr_id,
      energy_wh,
      excl_vat_minor,
      amount_minor,
      posted_at,
    );
    const claimed = { excl_vat: minor(excl_vat_minor), incl_vat: minor(amount_minor) };
    const context = receivedContext(agreement, excl_vat_minor, amount_minor);
    const posted: PostedCdr = {
      stream,
      agreement,
      cpo: agreement.cpo,
      cdr_id,
      transaction,
      document,
      claimed,
      context,
      credited: false,
      settled: transaction,
      settled_minor: amount_minor,
      settled_excl_minor: excl_vat_minor,
      disputes: 0,
    };
    if (this.candidates.length >= CREDIT_CANDIDATES_MAX) this.candidates.shift();
    this.candidates.push(posted);
    return {
      stream,
      events: [
        this.event('CdrReceived', ['cdr', stream, 'received'], {
          ...key(agreement.cpo, cdr_id),
          content_hash: eventIdFor('content', stream),
          received_at: posted_at,
          cdr: document,
          credit: false,
          credit_reference_id: null,
          claimed_total_cost: claimed,
          context,
        }),
        this.event('CdrPosted', ['cdr', stream, 'posted'], {
          ...key(agreement.cpo, cdr_id),
          transaction,
          amount_minor: amount_minor.toString(),
          settled_on: 'incl_vat',
          price_difference: '0',
          credit_of: null,
          posted_at,
        }),
      ],
    };
  }

  /** A credit CDR reversing an earlier posted CDR (its stream gets CdrCredited). */
  credit(): AppendBatch[] | null {
    const open = this.candidates.filter((candidate) => !candidate.credited);
    if (open.length === 0) return null;
    const original = this.pick(open);
    original.credited = true;
    const cdr_id = `${original.cdr_id}-CR`;
    const stream = `cdr-${original.cpo.country_code}-${original.cpo.party_id}-${cdr_id}`;
    const transaction_id = eventIdFor('ledger-tx', stream);
    const posted_at = this.tick();
    const reversal: LedgerTransactionJson = {
      ...original.transaction,
      transaction_id,
      cdr: key(original.cpo, cdr_id),
      reverses_transaction_id: original.transaction.transaction_id,
      postings: original.settled.postings.map((posting) => ({
        ...posting,
        direction: posting.direction === 'debit' ? 'credit' : 'debit',
      })),
    };
    return [
      {
        stream: original.stream,
        events: [
          this.event('CdrCredited', ['cdr', original.stream, 'credited'], {
            ...key(original.cpo, original.cdr_id),
            credit_cdr_id: cdr_id,
            credit_transaction_id: transaction_id,
            credited_at: posted_at,
          }),
        ],
      },
      {
        stream,
        events: [
          this.event('CdrReceived', ['cdr', stream, 'received'], {
            ...key(original.cpo, cdr_id),
            content_hash: eventIdFor('content', stream),
            received_at: posted_at,
            cdr: {
              ...original.document,
              id: cdr_id,
              credit: true,
              credit_reference_id: original.cdr_id,
              total_cost: negated(original.document['total_cost']),
              last_updated: posted_at,
            },
            credit: true,
            credit_reference_id: original.cdr_id,
            claimed_total_cost: {
              excl_vat: `-${original.claimed.excl_vat}`,
              incl_vat: `-${original.claimed.incl_vat}`,
            },
            context: original.context,
          }),
          this.event('CdrPosted', ['cdr', stream, 'posted'], {
            ...key(original.cpo, cdr_id),
            transaction: reversal,
            amount_minor: (-original.settled_minor).toString(),
            settled_on: 'incl_vat',
            price_difference: null,
            credit_of: original.cdr_id,
            posted_at,
          }),
        ],
      },
    ];
  }

  /**
   * A dispute of a posted, uncredited CDR resolved ADJUSTED (to a random new amount, fees
   * recomputed) or VOIDED: its CDR stream gets CdrDisputeOpened and CdrDisputeResolved with
   * the compensating transaction, its dispute stream DisputeOpened and DisputeResolved.
   */
  dispute(): AppendBatch[] | null {
    const open = this.candidates.filter((candidate) => !candidate.credited);
    if (open.length === 0) return null;
    const original = this.pick(open);
    const dispute_id = `DSP-${original.cdr_id}-${(original.disputes += 1)}`;
    const voided = this.random() < 0.3;
    const excl_minor = voided ? 0n : BigInt(Math.floor(this.random() * 3000));
    const posted_at = this.tick();
    const adjustment = this.adjust(original, dispute_id, voided ? null : excl_minor, posted_at);
    const total_cost = voided
      ? null
      : { excl_vat: minor(excl_minor), incl_vat: adjustment.settled_amount };
    return this.disputeBatches(original, dispute_id, total_cost, adjustment.json, posted_at);
  }

  /** Moves what the CDR settles to the new net (null: void), as a compensating transaction. */
  private adjust(
    original: PostedCdr,
    dispute_id: string,
    excl_minor: bigint | null,
    posted_at: string,
  ) {
    const amount_minor = excl_minor === null ? 0n : (excl_minor * 119n) / 100n;
    const target =
      excl_minor === null
        ? []
        : fromTransactionJson(
            cdrTransaction(
              original.agreement,
              original.cdr_id,
              amount_minor,
              20n + excl_minor / 100n,
            ),
          ).postings;
    const settled = fromTransactionJson(original.settled);
    const compensating = toTransactionJson({
      ...settled,
      transaction_id: eventIdFor('dispute-transaction', dispute_id),
      reverses_transaction_id: original.transaction.transaction_id,
      postings: differencePostings(target, settled.postings),
    });
    const json = {
      transaction: compensating,
      amount_minor: (amount_minor - original.settled_minor).toString(),
      settled_amount_minor: amount_minor.toString(),
      excl_vat_before: minor(original.settled_excl_minor),
      excl_vat_after: minor(excl_minor ?? 0n),
      settled_on: 'incl_vat',
      posted_at,
    };
    original.settled = toTransactionJson({
      ...settled,
      postings: netPostings([...settled.postings, ...fromTransactionJson(compensating).postings]),
    });
    original.settled_minor = amount_minor;
    original.settled_excl_minor = excl_minor ?? 0n;
    return { json, settled_amount: minor(amount_minor) };
  }

  /** The CDR stream's and the dispute stream's events of an opened and resolved dispute. */
  private disputeBatches(
    original: PostedCdr,
    dispute_id: string,
    total_cost: { excl_vat: string; incl_vat: string } | null,
    adjustment: unknown,
    posted_at: string,
  ): AppendBatch[] {
    const cdr = key(original.cpo, original.cdr_id);
    const outcome = total_cost === null ? 'VOIDED' : 'ADJUSTED';
    const { emsp } = original.agreement;
    const stream = `dispute-${dispute_id}`;
    const resolved = { dispute_id, cdr, outcome, total_cost };
    return [
      {
        stream: original.stream,
        events: [
          this.event('CdrDisputeOpened', ['cdr', stream, 'opened'], {
            ...cdr,
            dispute_id,
            opened_at: posted_at,
          }),
          this.event('CdrDisputeResolved', ['cdr', stream, 'resolved'], {
            ...cdr,
            ...resolved,
            adjustment,
            resolved_at: posted_at,
          }),
        ],
      },
      {
        stream,
        events: [
          this.event('DisputeOpened', [stream, 'opened'], {
            dispute_id,
            cdr,
            reason: 'PRICE',
            claimed_total_cost: total_cost,
            description: null,
            cpo: original.cpo,
            emsp,
            currency: original.agreement.currency,
            agreement_id: original.agreement.id,
            opened_by: `partner:${emsp.country_code}/${emsp.party_id}`,
            opened_at: posted_at,
          }),
          this.event('DisputeResolved', [stream, 'resolved'], {
            ...resolved,
            emsp,
            note: null,
            driver_refund: null,
            transaction_id: eventIdFor('dispute-transaction', dispute_id),
            resolved_by: 'principal:handler-1',
            resolved_at: posted_at,
          }),
        ],
      },
    ];
  }

  payment(): AppendBatch {
    const agreement = this.pick(this.agreements);
    const to_hub = this.random() < 0.3;
    const [payer, payee] = to_hub
      ? [agreement.cpo, agreement.hub]
      : [agreement.emsp, agreement.cpo];
    const payment_id = `PAY${(this.sequence += 1)}`;
    const amount_minor = BigInt(1000 + Math.floor(this.random() * 500_000));
    const payer_kind = to_hub ? 'fee_payable' : 'emsp_payable';
    const payee_kind = to_hub ? 'fee_receivable' : 'cpo_receivable';
    const posted_at = this.tick();
    const postings: PostingJson[] = [
      {
        account: { party: payer, kind: payer_kind, counterparty: payee },
        direction: 'credit',
        amount_minor: amount_minor.toString(),
      },
      {
        account: { party: payee, kind: payee_kind, counterparty: payer },
        direction: 'debit',
        amount_minor: amount_minor.toString(),
      },
    ];
    const stream = `payment-${payment_id}`;
    return {
      stream,
      events: [
        this.event('PaymentRecorded', ['payment', payment_id], {
          payment_id,
          payer,
          payee,
          currency: agreement.currency,
          amount: minor(amount_minor),
          amount_minor: amount_minor.toString(),
          value_date: posted_at.slice(0, 10),
          reference: `statement ${payment_id}`,
          payer_account_kind: payer_kind,
          payee_account_kind: payee_kind,
          transaction: {
            transaction_id: eventIdFor('payment-tx', payment_id),
            currency: agreement.currency,
            payment_id,
            postings,
          },
          posted_at,
        }),
      ],
    };
  }

  private tick(): string {
    this.now_ms += Math.floor(this.random() * this.options.step_ms_max);
    return new Date(this.now_ms).toISOString();
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  private event(type: string, id_key: readonly string[], data: unknown): NewEvent {
    return {
      id: eventIdFor(...id_key, type),
      type,
      data,
      metadata: {
        schema_version: 1,
        occurred_at: new Date(this.now_ms).toISOString(),
        correlation_id: eventIdFor('correlation', ...id_key),
        causation_id: null,
        principal: 'admin',
      },
    };
  }
}

function key(cpo: PartyId, cdr_id: string) {
  return { country_code: cpo.country_code, party_id: cpo.party_id, cdr_id };
}

/** The assessed context of a received CDR, by reference (as the CDR decider records it). */
function receivedContext(agreement: AgreementInfo, excl_vat_minor: bigint, incl_vat_minor: bigint) {
  return {
    agreement_id: agreement.id,
    agreement_version: 1,
    tariff: { tariff_id: 'T1', version: '1' },
    embedded_tariff: { status: 'SAME', differing_fields: [] },
    time_zone: 'Europe/Berlin',
    ledger_price: {
      currency: agreement.currency,
      total_cost: { excl_vat: minor(excl_vat_minor), incl_vat: minor(incl_vat_minor) },
    },
  };
}

function negated(total_cost: unknown): unknown {
  const { excl_vat, incl_vat } = total_cost as { excl_vat: number; incl_vat: number };
  return { excl_vat: -excl_vat, incl_vat: -incl_vat };
}

function minor(amount_minor: bigint): string {
  const digits = amount_minor.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

function cdrTransaction(
  agreement: AgreementInfo,
  cdr_id: string,
  amount_minor: bigint,
  fee_minor: bigint,
): LedgerTransactionJson {
  const { cpo, emsp, hub } = agreement;
  const amount = amount_minor.toString();
  const fee = fee_minor.toString();
  return {
    transaction_id: eventIdFor('ledger-tx', cpo.country_code, cpo.party_id, cdr_id),
    currency: agreement.currency,
    agreement_id: agreement.id,
    agreement_version: 1,
    cdr: key(cpo, cdr_id),
    reverses_transaction_id: null,
    postings: [
      {
        account: { party: emsp, kind: 'emsp_payable', counterparty: cpo },
        direction: 'debit',
        amount_minor: amount,
      },
      {
        account: { party: cpo, kind: 'cpo_receivable', counterparty: emsp },
        direction: 'credit',
        amount_minor: amount,
      },
      {
        account: { party: cpo, kind: 'fee_payable', counterparty: hub },
        direction: 'debit',
        amount_minor: fee,
      },
      {
        account: { party: hub, kind: 'fee_receivable', counterparty: cpo },
        direction: 'credit',
        amount_minor: fee,
      },
    ],
  };
}

/** An OCPI 2.2.1 CDR of realistic size (two charging periods, location, token, tariff). */
function cdrDocument(
  agreement: AgreementInfo,
  cdr_id: string,
  energy_wh: number,
  excl_vat_minor: bigint,
  incl_vat_minor: bigint,
  ended_at: string,
): Record<string, unknown> {
  const end_ms = Date.parse(ended_at);
  const start = new Date(end_ms - 3_600_000).toISOString();
  const half = new Date(end_ms - 1_800_000).toISOString();
  const kwh = energy_wh / 1000;
  return {
    country_code: agreement.cpo.country_code,
    party_id: agreement.cpo.party_id,
    id: cdr_id,
    start_date_time: start,
    end_date_time: ended_at,
    session_id: `S-${cdr_id}`,
    cdr_token: {
      country_code: agreement.emsp.country_code,
      party_id: agreement.emsp.party_id,
      uid: `RFID-${cdr_id}`,
      type: 'RFID',
      contract_id: `${agreement.emsp.country_code}-${agreement.emsp.party_id}-C12345678-X`,
    },
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC1',
      address: 'Hauptstrasse 1',
      city: 'Berlin',
      postal_code: '10115',
      country: 'DEU',
      coordinates: { latitude: '52.520008', longitude: '13.404954' },
      evse_uid: 'EVSE-1',
      evse_id: 'DE*ABC*E1*1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    },
    currency: agreement.currency,
    tariffs: [
      {
        id: 'T1',
        currency: agreement.currency,
        elements: [{ price_components: [{ type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 }] }],
        last_updated: '2025-12-01T00:00:00Z',
      },
    ],
    charging_periods: [
      {
        start_date_time: start,
        dimensions: [{ type: 'ENERGY', volume: kwh / 2 }],
        tariff_id: 'T1',
      },
      { start_date_time: half, dimensions: [{ type: 'ENERGY', volume: kwh / 2 }], tariff_id: 'T1' },
    ],
    total_cost: { excl_vat: Number(excl_vat_minor) / 100, incl_vat: Number(incl_vat_minor) / 100 },
    total_energy: kwh,
    total_time: 1,
    last_updated: ended_at,
  };
}
