import { ciKey } from '#ocpi';
import { invalidField, samePartyId, type PartyId } from '#ledger';
import { isKnownCurrency, minorUnitDigits } from '#money';
import type { PaymentInstruction } from './payment.js';

/**
 * Validates a `POST /v1/payments` body into a PaymentInstruction, or throws a
 * `validation_failed` rejection naming the field:
 * `{ id, payer: {country_code, party_id}, payee: {...}, currency, amount: "12.34", value_date:
 * "YYYY-MM-DD", reference? }`. The amount is a positive decimal string with at most the
 * currency's minor-unit digits (never a JSON number: no float ever touches money).
 */
const PAYMENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const COUNTRY_CODE = /^[A-Za-z]{2}$/;
const PARTY_ID = /^[A-Za-z0-9]{3}$/;
const AMOUNT = /^(-?)(\d{1,15})(?:\.(\d+))?$/;
const VALUE_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const REFERENCE_LENGTH_MAX = 140;

type Body = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function partyOf(value: unknown, field: string): PartyId {
  if (!isObject(value)) throw invalidField(field, 'must be an object {country_code, party_id}');
  const { country_code, party_id } = value;
  if (typeof country_code !== 'string' || !COUNTRY_CODE.test(country_code)) {
    throw invalidField(`${field}.country_code`, 'must be 2 letters (ISO 3166 alpha-2)');
  }
  if (typeof party_id !== 'string' || !PARTY_ID.test(party_id)) {
    throw invalidField(`${field}.party_id`, 'must be 3 letters or digits');
  }
  return { country_code: ciKey(country_code), party_id: ciKey(party_id) };
}

/** A decimal string in major units to integer minor units, refusing excess decimals. */
export function amountMinorOf(amount: unknown, currency: string): bigint {
  if (typeof amount !== 'string') {
    throw invalidField('amount', 'must be a decimal string such as "12.34"');
  }
  const match = AMOUNT.exec(amount);
  if (match === null) throw invalidField('amount', `"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match as unknown as [string, string, string, string?];
  const digits = minorUnitDigits(currency);
  if (fraction.length > digits) {
    throw invalidField(
      'amount',
      `${currency} has ${digits} decimal(s) in its minor unit; "${amount}" has ${fraction.length}`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(digits, '0'));
  if (sign === '-' || minor === 0n) throw invalidField('amount', 'must be positive');
  return minor;
}

function valueDateOf(value: unknown): string {
  const match = typeof value === 'string' ? VALUE_DATE.exec(value) : null;
  if (match === null) throw invalidField('value_date', 'must be a date YYYY-MM-DD');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw invalidField('value_date', `${String(value)} is not a calendar date`);
  }
  return String(value);
}

export function parsePaymentInstruction(body: unknown): PaymentInstruction {
  if (!isObject(body)) throw invalidField('$', 'the body must be a JSON object');
  const { id, currency, reference } = body;
  if (typeof id !== 'string' || !PAYMENT_ID.test(id)) {
    throw invalidField('id', 'must be 1 to 64 characters: letters, digits, . _ : -');
  }
  const payer = partyOf(body.payer, 'payer');
  const payee = partyOf(body.payee, 'payee');
  if (samePartyId(payer, payee)) {
    throw invalidField('payee', 'the payee must differ from the payer');
  }
  if (typeof currency !== 'string' || !isKnownCurrency(currency)) {
    throw invalidField('currency', 'must be a known ISO 4217 currency code (e.g. EUR)');
  }
  const amount_minor = amountMinorOf(body.amount, currency);
  const value_date = valueDateOf(body.value_date);
  if (reference !== undefined && reference !== null && typeof reference !== 'string') {
    throw invalidField('reference', 'must be a string');
  }
  const text = typeof reference === 'string' ? reference : '';
  if (text.length > REFERENCE_LENGTH_MAX) {
    throw invalidField('reference', `must be at most ${REFERENCE_LENGTH_MAX} characters`);
  }
  return { id, payer, payee, currency, amount_minor, value_date, reference: text };
}
