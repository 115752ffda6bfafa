/**
 * Every event type of the ledger: its current schema version, the stream it is written to and
 * what it means, for auditors (README "Event types"; a test keeps the README's table and this one
 * the same). A type whose data shape changes gets a new version here and an upcaster from the
 * previous one (upcasters.ts); events already stored keep the version they were written in.
 */
export interface EventTypeEntry {
  readonly version: number;
  readonly stream: string;
  readonly meaning: string;
}

export const EVENT_CATALOG = {
  PartnerRegistered: {
    version: 1,
    stream: 'partner-{cc}-{pid}',
    meaning: 'an admin registered a roaming partner (CPO, eMSP or hub) and its details',
  },
  PartnerTokenAssigned: {
    version: 1,
    stream: 'partner-token-{sha256}',
    meaning: "a partner's OCPI token (stored as its SHA-256) now identifies that partner",
  },
  PartnerTokenRotated: {
    version: 1,
    stream: 'partner-{cc}-{pid}',
    meaning: 'a partner rotated its credentials (OCPI PUT): a new token replaces its current one',
  },
  PartnerUnregistered: {
    version: 1,
    stream: 'partner-{cc}-{pid}',
    meaning: 'a partner unregistered (OCPI credentials DELETE): its token no longer works',
  },
  PartnerRegistrationTokenIssued: {
    version: 1,
    stream: 'partner-token-{sha256}',
    meaning: "an admin issued a registration token (as its SHA-256) for a party's handshake",
  },
  PartnerRegistrationTokenSpent: {
    version: 1,
    stream: 'partner-token-{sha256}',
    meaning: 'the party registered with its registration token, which no longer works',
  },
  PartnerTokenRevoked: {
    version: 1,
    stream: 'partner-token-{sha256}',
    meaning: 'a partner token stopped identifying its party (ROTATED or UNREGISTERED)',
  },
  PartnerConnectionRecorded: {
    version: 1,
    stream: 'partner-connection-{cc}-{pid}',
    meaning:
      "a credentials exchange: the partner's version, versions URL, endpoints, role, business details",
  },
  PartnerMasterDataAmended: {
    version: 1,
    stream: 'partner-{cc}-{pid}',
    meaning: "an admin amended a partner's master data (name, address, VAT id ...) from a time on",
  },
  PrincipalRegistered: {
    version: 1,
    stream: 'principal-{id}',
    meaning: 'an admin registered a principal (AUDITOR or DISPUTE_HANDLER)',
  },
  PrincipalTokenAssigned: {
    version: 1,
    stream: 'principal-token-{sha256}',
    meaning: "a principal's bearer token (as its SHA-256) now identifies that principal",
  },
  AgreementRegistered: {
    version: 1,
    stream: 'agreement-{id}',
    meaning: 'a settlement agreement between a CPO and an eMSP: currency, fees, tolerance, terms',
  },
  AgreementAmended: {
    version: 1,
    stream: 'agreement-{id}',
    meaning: 'new terms of an agreement from an effective time on (never retroactive)',
  },
  AgreementIndexed: {
    version: 1,
    stream: 'pair-agreements-{cpo}-{emsp}',
    meaning: 'an agreement is listed under its CPO / eMSP pair (how a CDR finds its agreement)',
  },
  LocationPut: {
    version: 1,
    stream: 'location-{cc}-{pid}-{id}',
    meaning: 'a CPO pushed a whole OCPI Location (its time_zone prices local-time restrictions)',
  },
  LocationPatched: {
    version: 1,
    stream: 'location-{cc}-{pid}-{id}',
    meaning: 'a CPO patched fields of an OCPI Location',
  },
  TariffVersionPublished: {
    version: 1,
    stream: 'tariff-{cc}-{pid}-{id}',
    meaning: 'a CPO published a version of a tariff; CDRs starting after it are priced with it',
  },
  TariffWithdrawn: {
    version: 1,
    stream: 'tariff-{cc}-{pid}-{id}',
    meaning: 'a CPO deleted a tariff: no later session is priced with it',
  },
  SessionPut: {
    version: 1,
    stream: 'session-{cc}-{pid}-{id}',
    meaning: 'a CPO pushed a whole OCPI Session',
  },
  SessionPatched: {
    version: 1,
    stream: 'session-{cc}-{pid}-{id}',
    meaning: 'a CPO patched fields of an OCPI Session',
  },
  SessionCdrLinked: {
    version: 1,
    stream: 'cdrs-of-session-{cc}-{pid}-{id}',
    meaning:
      'a CDR names this session: the CDRs of one session, so a second one is checked against the first',
  },
  CdrReceived: {
    version: 2,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning:
      'a CDR as the CPO sent it, with the context it was assessed in: agreement version, ' +
      'tariff version and where its id came from, time zone and which rule gave it, the ' +
      "ledger's own price with its breakdown and policies (v2: time_zone_source)",
  },
  CdrPosted: {
    version: 1,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning:
      'the CDR was posted: its balanced transaction (eMSP owes CPO, fees owed to beneficiaries)',
  },
  CdrHeld: {
    version: 1,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning: 'the CDR was held unposted, with the reason (e.g. PRICE_MISMATCH, NO_TARIFF)',
  },
  CdrReassessed: {
    version: 2,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning:
      'a held CDR assessed again in a newer context; CdrPosted or CdrHeld follows (v2 as CdrReceived)',
  },
  CdrCredited: {
    version: 1,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning: 'a credit CDR reversed this CDR; the credit is a CDR of its own stream',
  },
  CdrDisputeOpened: {
    version: 1,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning: 'a dispute about this CDR was opened (at most one open at a time)',
  },
  CdrDisputeResolved: {
    version: 1,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning: 'a dispute was resolved; ADJUSTED / VOIDED carry the compensating transaction',
  },
  CdrFlagged: {
    version: 1,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning: "the arrival checks' findings on the CDR (holding or only flagging)",
  },
  CdrResolved: {
    version: 1,
    stream: 'cdr-{cc}-{pid}-{id}',
    meaning:
      'a person resolved the hold of a held CDR for good; CdrPosted follows for a POST_ decision',
  },
  DisputeOpened: {
    version: 1,
    stream: 'dispute-{id}',
    meaning: 'a dispute was opened about a CDR, by whom and why',
  },
  DisputeEvidenceAdded: {
    version: 1,
    stream: 'dispute-{id}',
    meaning: 'evidence added to a dispute',
  },
  DisputeResolved: {
    version: 1,
    stream: 'dispute-{id}',
    meaning: 'a dispute handler resolved the dispute: REJECTED, ADJUSTED or VOIDED',
  },
  ExceptionDetected: {
    version: 1,
    stream: 'exception-{id}',
    meaning:
      'an operational exception was detected (e.g. a session without its CDR in time), with its subject',
  },
  ExceptionResolved: {
    version: 1,
    stream: 'exception-{id}',
    meaning: 'a person resolved an exception, with a note',
  },
  PaymentRecorded: {
    version: 1,
    stream: 'payment-{id}',
    meaning: 'a payment between two partners, posted as one balanced transaction',
  },
  SettlementStatementLinesRecorded: {
    version: 1,
    stream: 'statement-lines-{statement}',
    meaning:
      "one page of a statement's CDR, credit and adjustment lines (at most 256 KiB), written " +
      'before the statement that names the pages and their digest',
  },
  SettlementStatementIssued: {
    version: 1,
    stream: 'statements-{agreement}',
    meaning:
      'a closed settlement period: its payments, balances, the pages of its lines with their ' +
      "SHA-256 digest (before issue 14: the lines themselves) and the read models' log " +
      'position it was decided from (read_models_position)',
  },
  InvoiceIssued: {
    version: 1,
    stream: 'invoice-numbers-{issuer}',
    meaning: 'an invoice or credit note issued with the next gap-free number of its issuer',
  },
  PricePlanSet: {
    version: 1,
    stream: 'price-plan-{cc}-{pid}',
    meaning: "a version of an eMSP's end-customer price plan",
  },
  DriverBillingPeriodClosed: {
    version: 1,
    stream: 'driver-billing-{cc}-{pid}',
    meaning: "an eMSP's driver billing period closed: one invoice per contract id",
  },
  StreamAliasesRecorded: {
    version: 1,
    stream: 'ledger-stream-aliases',
    meaning: 'legacy stream names that answer for canonical (case-folded) ones',
  },
  StreamAliasesMigrated: {
    version: 1,
    stream: 'ledger-stream-aliases',
    meaning: 'the one-time stream alias migration completed',
  },
  LogSealed: {
    version: 1,
    stream: 'ledger-seals',
    meaning: 'a seal: a log position and the SHA-256 root over every stream head at it',
  },
  SealManifestPage: {
    version: 1,
    stream: 'ledger-seal-manifest-{position}',
    meaning: "a page of a seal's stream heads, so a verification can name a changed stream",
  },
  ProjectionsRebuilt: {
    version: 1,
    stream: 'ledger-admin',
    meaning: 'read models were dropped and rebuilt from the log, by whom and up to where',
  },
} as const satisfies Readonly<Record<string, EventTypeEntry>>;

/** A catalogued event type. */
export type CataloguedEventType = keyof typeof EVENT_CATALOG;

/** The schema version new events of a type are written in. */
export function schemaVersionOf(type: string): number {
  const catalog: Readonly<Record<string, EventTypeEntry | undefined>> = EVENT_CATALOG;
  return catalog[type]?.version ?? 1;
}

export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(EVENT_CATALOG).map(([type, entry]) => [type, entry.version]),
);
