import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { OcpiStatus, parseCredentials, type Credentials, ReceiverRejection } from '#ocpi';
import type { EventStore } from '#event-store';
import { Partner, PartnerConnection, PartnerToken, type PartyRef } from '#partners';
import { PartnerDirectory } from '../auth/partner-directory.service.js';
import { sha256Hex } from '../auth/token-hash.js';
import { BodyInvalid } from '../http/body-invalid.error.js';
import { OcpiRefusal } from '../http/ocpi-refusal.error.js';
import { API_CONFIG, type ApiConfig } from '../infrastructure/api-config.js';
import { loadStream, runCommand, type RequestContext } from '../infrastructure/command-runner.js';
import { EVENT_STORE } from '../infrastructure/event-store.provider.js';
import type { ConnectionCaller } from './connection-callers.js';
import { ledgerRole, publicBaseUrl, type OcpiVersion } from './ocpi-versions.js';
import {
  DEFAULT_PARTNER_CALL_LIMITS,
  readPartnerPlatform,
  type PartnerPlatform,
} from './partner-platform.client.js';

/** The ledger's credentials as a partner receives them (token: CREDENTIALS_TOKEN_C). */
export interface LedgerCredentials {
  readonly token: string;
  readonly url: string;
  readonly roles: readonly ReturnType<typeof ledgerRole>[];
}

/** A new token: 32 random bytes, base64url (43 printable characters, within OCPI's 64). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The OCPI credentials exchange (credentials.asciidoc) as events: registration tokens, the
 * partner's registration, token rotation and unregistration. Every outside call (the partner's
 * versions and details) happens before anything is written, so a refused exchange stores
 * nothing; the registration token is spent by an append at its expected revision, so of two
 * concurrent POSTs with one token only one registers.
 */
@Injectable()
export class CredentialsExchange {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly partners: PartnerDirectory,
  ) {}

  /** `POST /admin/partners/{cc}/{pid}/registration-token`: a new CREDENTIALS_TOKEN_A. */
  async issueRegistrationToken(party: PartyRef, context: RequestContext): Promise<string> {
    const token = newToken();
    const token_sha256 = sha256Hex(token);
    await runCommand({
      store: this.store,
      stream: PartnerToken.partnerTokenStream(token_sha256),
      decider: PartnerToken,
      command: {
        type: 'IssueRegistrationToken',
        data: { token_sha256, party, issued_at: context.received_at },
      },
      context,
      occurred_at: context.received_at,
    });
    return token;
  }

  /** `POST /ocpi/{version}/credentials` with a registration token: register the partner. */
  async register(
    version: OcpiVersion,
    caller: ConnectionCaller,
    body: unknown,
    context: RequestContext,
  ): Promise<LedgerCredentials> {
    if (caller.kind === 'partner') {
      throw new OcpiRefusal(
        405,
        OcpiStatus.CLIENT_ERROR,
        'partner_already_registered',
        'the party is registered already: PUT rotates its credentials, DELETE unregisters',
      );
    }
    if (caller.spent) {
      throw new ReceiverRejection(
        'registration_token_spent',
        'this registration token was already used; ask the ledger for a new one',
      );
    }
    const credentials = credentialsOf(body, caller.party);
    const registered = await this.partners.partner(
      caller.party.country_code,
      caller.party.party_id,
    );
    if (registered !== null && registered.role !== credentials.roles[0]!.role) {
      throw new BodyInvalid(
        'roles[0].role',
        `Invalid field roles[0].role: the party is registered as ${registered.role}`,
      );
    }
    const platform = await this.readPlatform(credentials, version);
    await runCommand({
      store: this.store,
      stream: PartnerToken.partnerTokenStream(caller.token_sha256),
      decider: PartnerToken,
      command: {
        type: 'SpendRegistrationToken',
        data: { token_sha256: caller.token_sha256, spent_at: context.received_at },
      },
      context,
      occurred_at: context.received_at,
    });
    const token = newToken();
    const token_sha256 = sha256Hex(token);
    await this.assignToken(token_sha256, caller.party, context);
    await this.registerOrRotate(credentials, token_sha256, context);
    await this.recordConnection(credentials, platform, context);
    return this.ledgerCredentials(token);
  }

  /** `PUT`: new credentials from a registered partner; a new token C, the old one stops. */
  async update(
    version: OcpiVersion,
    caller: ConnectionCaller,
    body: unknown,
    context: RequestContext,
  ): Promise<LedgerCredentials> {
    const partner = registeredPartner(caller);
    const credentials = credentialsOf(body, partner);
    if (credentials.roles[0]!.role !== partner.role) {
      throw new BodyInvalid(
        'roles[0].role',
        `Invalid field roles[0].role: the party is registered as ${partner.role}`,
      );
    }
    const platform = await this.readPlatform(credentials, version);
    const token = newToken();
    const token_sha256 = sha256Hex(token);
    await this.assignToken(token_sha256, partner, context);
    await this.partnerCommand(
      partner,
      { type: 'RotatePartnerToken', data: { token_sha256, rotated_at: context.received_at } },
      context,
    );
    await this.revoke(partner.token_sha256, 'ROTATED', context);
    await this.recordConnection(credentials, platform, context);
    return this.ledgerCredentials(token);
  }

  /** `DELETE`: the partner unregisters; its token stops working at once. */
  async unregister(caller: ConnectionCaller, context: RequestContext): Promise<void> {
    const partner = registeredPartner(caller);
    await this.partnerCommand(
      partner,
      { type: 'UnregisterPartner', data: { unregistered_at: context.received_at } },
      context,
    );
    await this.revoke(partner.token_sha256, 'UNREGISTERED', context);
  }

  /** `GET`: the ledger's credentials for the calling partner (its current token). */
  current(caller: ConnectionCaller): LedgerCredentials {
    if (caller.kind !== 'partner') {
      throw new OcpiRefusal(
        405,
        OcpiStatus.CLIENT_ERROR,
        'partner_not_registered',
        'not registered',
      );
    }
    return this.ledgerCredentials(caller.token);
  }

  private ledgerCredentials(token: string): LedgerCredentials {
    const url = `${publicBaseUrl(this.config)}/ocpi/versions`;
    return { token, url, roles: [ledgerRole(this.config)] };
  }

  private readPlatform(credentials: Credentials, version: OcpiVersion): Promise<PartnerPlatform> {
    const limits = {
      ...DEFAULT_PARTNER_CALL_LIMITS,
      ...(this.config.partner_call_timeout_ms === undefined
        ? {}
        : { timeout_ms: this.config.partner_call_timeout_ms }),
    };
    return readPartnerPlatform(credentials.url, credentials.token, version, limits);
  }

  private async assignToken(token_sha256: string, party: PartyRef, context: RequestContext) {
    await runCommand({
      store: this.store,
      stream: PartnerToken.partnerTokenStream(token_sha256),
      decider: PartnerToken,
      command: { type: 'AssignToken', data: { token_sha256, party: partyOf(party) } },
      context,
      occurred_at: context.received_at,
    });
  }

  /**
   * A party new to the ledger is registered as `POST /admin/partners` would (role and name from
   * the credentials); a party an admin registered before takes the new token.
   */
  private async registerOrRotate(
    credentials: Credentials,
    token_sha256: string,
    context: RequestContext,
  ): Promise<void> {
    const role = credentials.roles[0]!;
    const stream = Partner.partnerStream(role.country_code, role.party_id);
    const { state } = await loadStream(this.store, stream, Partner);
    const command: Partner.PartnerCommand =
      state.status === 'registered'
        ? { type: 'RotatePartnerToken', data: { token_sha256, rotated_at: context.received_at } }
        : {
            type: 'RegisterPartner',
            data: {
              country_code: role.country_code,
              party_id: role.party_id,
              role: role.role,
              name: role.business_details.name,
              token_sha256,
              vat_id: null,
              electronic_address: null,
              registered_at: context.received_at,
            },
          };
    await this.partnerCommand(role, command, context);
  }

  private async partnerCommand(
    party: PartyRef,
    command: Partner.PartnerCommand,
    context: RequestContext,
  ): Promise<void> {
    await runCommand({
      store: this.store,
      stream: Partner.partnerStream(party.country_code, party.party_id),
      decider: Partner,
      command,
      context,
      occurred_at: context.received_at,
    });
  }

  private async revoke(
    token_sha256: string,
    reason: 'ROTATED' | 'UNREGISTERED',
    context: RequestContext,
  ): Promise<void> {
    this.partners.forget(token_sha256);
    await runCommand({
      store: this.store,
      stream: PartnerToken.partnerTokenStream(token_sha256),
      decider: PartnerToken,
      command: {
        type: 'RevokeToken',
        data: { token_sha256, revoked_at: context.received_at, reason },
      },
      context,
      occurred_at: context.received_at,
    });
  }

  private async recordConnection(
    credentials: Credentials,
    platform: PartnerPlatform,
    context: RequestContext,
  ): Promise<void> {
    const role = credentials.roles[0]!;
    const party = partyOf(role);
    await runCommand({
      store: this.store,
      stream: PartnerConnection.partnerConnectionStream(party),
      decider: PartnerConnection,
      command: {
        type: 'RecordConnection',
        data: {
          party,
          version: platform.version,
          versions_url: credentials.url,
          endpoints: platform.endpoints,
          role: role.role,
          business_details: role.business_details,
          their_token_sha256: sha256Hex(credentials.token),
          recorded_at: context.received_at,
        },
      },
      context,
      occurred_at: context.received_at,
    });
  }
}

function partyOf(party: PartyRef): PartyRef {
  return { country_code: party.country_code, party_id: party.party_id };
}

function registeredPartner(caller: ConnectionCaller): Partner.PartnerDetails {
  if (caller.kind === 'partner') return caller.partner;
  throw new OcpiRefusal(
    405,
    OcpiStatus.CLIENT_ERROR,
    'partner_not_registered',
    'the party is not registered yet: POST its credentials with the registration token first',
  );
}

/** The body as Credentials for `party`: the role must be the party the token was issued to. */
function credentialsOf(body: unknown, party: PartyRef): Credentials {
  const parsed = parseCredentials(body);
  if ('field' in parsed) {
    throw new BodyInvalid(parsed.field, `Invalid field ${parsed.field}: ${parsed.message}`);
  }
  const role = parsed.roles[0]!;
  if (role.country_code !== party.country_code || role.party_id !== party.party_id) {
    throw new BodyInvalid(
      'roles[0]',
      `Invalid field roles[0]: ${role.country_code}/${role.party_id} is not the party this ` +
        `token belongs to (${party.country_code}/${party.party_id})`,
    );
  }
  return parsed;
}
