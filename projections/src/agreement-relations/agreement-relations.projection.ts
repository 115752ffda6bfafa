import type { DatabaseSync } from 'node:sqlite';
import type { RecordedEvent } from '#event-store';
import type { AccountKind, PartyId } from '#ledger';
import type { Projection, ProjectionWriter } from '../projection.js';
import { prepareStatements } from '../read-model-statements.js';
import {
  AGREEMENT_RELATION_EVENT_TYPES,
  agreementRelationsChangeOf,
  type AgreementParties,
} from './agreement-relations.fold.js';

export const AGREEMENT_RELATIONS_PROJECTION = 'agreement_relations';

const SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS relation_agreements (
    agreement_id TEXT PRIMARY KEY,
    cpo TEXT NOT NULL,
    emsp TEXT NOT NULL
  ) STRICT;
  CREATE TABLE IF NOT EXISTS agreement_relations (
    party TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    currency TEXT NOT NULL,
    kind TEXT NOT NULL,
    agreement_id TEXT NOT NULL,
    PRIMARY KEY (party, counterparty, currency, kind, agreement_id)
  ) STRICT, WITHOUT ROWID;
`;

export const agreementRelationsProjection: Projection = {
  name: AGREEMENT_RELATIONS_PROJECTION,
  version: 1,
  event_types: AGREEMENT_RELATION_EVENT_TYPES,
  createSchema(db) {
    db.exec(SCHEMA_SQL);
  },
  dropSchema(db) {
    db.exec('DROP TABLE IF EXISTS relation_agreements; DROP TABLE IF EXISTS agreement_relations;');
  },
  writer(db) {
    return new AgreementRelationsWriter(db);
  },
};

function partyOf(key: string): PartyId {
  const [country_code, party_id] = key.split('/') as [string, string];
  return { country_code, party_id };
}

const WRITER_SQL = {
  select_parties: 'SELECT cpo, emsp FROM relation_agreements WHERE agreement_id = ?',
  insert_parties:
    'INSERT OR IGNORE INTO relation_agreements (agreement_id, cpo, emsp) VALUES (?, ?, ?)',
  insert_relation:
    'INSERT OR IGNORE INTO agreement_relations (party, counterparty, currency, kind, ' +
    'agreement_id) VALUES (?, ?, ?, ?, ?)',
} as const;

class AgreementRelationsWriter implements ProjectionWriter {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, WRITER_SQL);
  }

  apply(events: readonly RecordedEvent[]): void {
    const partiesOf = (agreement_id: string): AgreementParties | null => {
      const row = this.sql.select_parties.get(agreement_id) as
        { cpo: string; emsp: string } | undefined;
      return row === undefined ? null : { cpo: partyOf(row.cpo), emsp: partyOf(row.emsp) };
    };
    for (const event of events) {
      const change = agreementRelationsChangeOf(event, partiesOf);
      if (change.kind === 'none') continue;
      if (change.parties !== null) {
        const { cpo, emsp } = change.parties;
        this.sql.insert_parties.run(
          change.agreement_id,
          `${cpo.country_code}/${cpo.party_id}`,
          `${emsp.country_code}/${emsp.party_id}`,
        );
      }
      for (const relation of change.relations) {
        this.sql.insert_relation.run(
          relation.party,
          relation.counterparty,
          relation.currency,
          relation.kind,
          relation.agreement_id,
        );
      }
    }
  }

  assertInvariants(): void {}
}

const QUERIES_SQL = {
  kinds:
    'SELECT DISTINCT kind FROM agreement_relations WHERE party = ? AND counterparty = ? ' +
    'AND currency = ? ORDER BY kind',
  currencies:
    'SELECT DISTINCT currency FROM agreement_relations WHERE party = ? AND counterparty = ? ' +
    'ORDER BY currency',
} as const;

/** The account kinds `party` holds towards `counterparty` in `currency`, in a stable order. */
export class AgreementRelationQueries {
  private readonly sql;

  constructor(db: DatabaseSync) {
    this.sql = prepareStatements(db, QUERIES_SQL);
  }

  kindsBetween(party: string, counterparty: string, currency: string): AccountKind[] {
    const rows = this.sql.kinds.all(party, counterparty, currency) as { kind: AccountKind }[];
    return rows.map((row) => row.kind);
  }

  currenciesBetween(party: string, counterparty: string): string[] {
    const rows = this.sql.currencies.all(party, counterparty) as { currency: string }[];
    return rows.map((row) => row.currency);
  }
}
