/**
 * Who may do what: the one table of the API's access rules (README, "Who may do what").
 *
 * A caller is the administrator (`Authorization: Bearer <LEDGER_ADMIN_TOKEN>`), a principal
 * registered with `POST /admin/principals` (`Bearer <its token>`, role AUDITOR or
 * DISPUTE_HANDLER), or a roaming partner (`Token <its OCPI token>`). Each action grants a
 * scope per role: `all` (every party's objects) or `own` (objects the partner is party to,
 * checked per object by the route). A role absent from an action is refused with 403.
 *
 * A new route takes one line here and `@Allow('<action>')` on its handler: e.g. for resolving
 * held CDRs and exceptions, `resolve_exceptions: { ADMIN: 'all', DISPUTE_HANDLER: 'all' }`; for
 * the auditor's `/v1/audit/journal`, `read_journal: { ADMIN: 'all', AUDITOR: 'all' }`.
 */
export type CallerRole = 'ADMIN' | 'AUDITOR' | 'DISPUTE_HANDLER' | 'PARTNER';
export type AccessScope = 'all' | 'own';
type Grants = Partial<Readonly<Record<CallerRole, AccessScope>>>;

const ACCESS_POLICY = {
  /** `/admin/...`: partners, agreements, principals, price plans, projections. */
  administer: { ADMIN: 'all' },
  /** Ledger writes outside disputes: payments, statement closes, driver invoices, reassess. */
  write_ledger: { ADMIN: 'all' },
  /** `GET` of balances, transactions, statements, invoices, payments. */
  read_ledger: { ADMIN: 'all', AUDITOR: 'all', PARTNER: 'own' },
  /** `GET /v1/cdrs/...`. */
  read_cdrs: { ADMIN: 'all', AUDITOR: 'all', DISPUTE_HANDLER: 'all', PARTNER: 'own' },
  /** `GET /v1/disputes/...`, `GET /v1/partners/{cc}/{pid}/disputes`. */
  read_disputes: { ADMIN: 'all', AUDITOR: 'all', DISPUTE_HANDLER: 'all', PARTNER: 'own' },
  /** `POST /v1/disputes`, `POST /v1/disputes/{id}/evidence`. */
  open_disputes: { ADMIN: 'all', DISPUTE_HANDLER: 'all', PARTNER: 'own' },
  /** `POST /v1/disputes/{id}/resolution`. */
  resolve_disputes: { ADMIN: 'all', DISPUTE_HANDLER: 'all' },
  /** `GET /v1/audit/cdrs/...`: a CDR's lineage (a partner: only CDRs it is party to). */
  read_audit: { ADMIN: 'all', AUDITOR: 'all', DISPUTE_HANDLER: 'all', PARTNER: 'own' },
  /** `GET /v1/audit/journal`: every party's postings, so no partner. */
  read_journal: { ADMIN: 'all', AUDITOR: 'all' },
  /** `POST /v1/cdrs/{...}/resolution`, `POST /v1/exceptions/{id}/resolution`. */
  resolve_exceptions: { ADMIN: 'all', DISPUTE_HANDLER: 'all' },
  /** `GET /v1/exceptions`: partners see those about their own CDRs and sessions. */
  read_exceptions: { ADMIN: 'all', AUDITOR: 'all', DISPUTE_HANDLER: 'all', PARTNER: 'own' },
} as const satisfies Readonly<Record<string, Grants>>;

export type AccessAction = keyof typeof ACCESS_POLICY;

/** The scope the role has for the action, or null when the role may not do it at all. */
export function scopeOf(action: AccessAction, role: CallerRole): AccessScope | null {
  const grants: Grants = ACCESS_POLICY[action];
  return grants[role] ?? null;
}
