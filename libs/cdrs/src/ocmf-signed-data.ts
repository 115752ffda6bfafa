import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import {
  decomposeValue,
  parseDate,
  parseSections,
  type SignedData,
  Verifier,
} from '@road-labs/ocmf';
import type { CryptoAdapter, Curve, EcPublicKey } from '@road-labs/ocmf-crypto';
import { decimalString, LedgerDecimal } from '#ledger';
import type { SignedMeterData, SignedReading } from './signed-readings.js';

/**
 * Verifies a CDR's OCPI `signed_data` (MID / Eichrecht) in the Open Charge Metering Format.
 * Parsing and the signature procedure are @road-labs/ocmf's (decomposeValue, parseSections,
 * Verifier: OCMF|payload|signature, the signed bytes are the payload section as sent); the
 * ECDSA itself is node:crypto behind the library's CryptoAdapter, which covers every OCMF
 * method (secp192k1, secp192r1, secp256k1, secp256r1, secp384r1, brainpool256r1 / 384r1).
 * Never throws: whatever is wrong becomes an INVALID result naming it (the CDR is then held).
 */

/** Upper bound on signed values (and on readings per value) looked at in one CDR. */
const SIGNED_VALUES_MAX = 64;

/** node:crypto's names of the OCMF curves. */
const NODE_CURVES: Readonly<Record<string, Curve>> = {
  secp192k1: 'secp192k1',
  prime192v1: 'secp192r1',
  secp256k1: 'secp256k1',
  prime256v1: 'secp256r1',
  secp384r1: 'secp384r1',
  brainpoolP256r1: 'brainpool256r1',
  brainpoolP384r1: 'brainpool384r1',
};

class NodeEcPublicKey implements EcPublicKey {
  constructor(
    readonly key: KeyObject,
    private readonly curve: Curve,
  ) {}

  getCurve(): Curve {
    return this.curve;
  }

  encode(): Uint8Array {
    return this.key.export({ type: 'spki', format: 'der' });
  }
}

/** The library's crypto port on node:crypto (verification only: the ledger signs nothing). */
const nodeCrypto: CryptoAdapter = {
  decodeEcPrivateKey() {
    throw new Error('the ledger does not sign meter data');
  },
  decodeEcPublicKey(value) {
    return publicKeyOf(value);
  },
  sign() {
    throw new Error('the ledger does not sign meter data');
  },
  verify(signature, data, key, hash) {
    if (hash !== 'SHA-256') throw new Error(`unsupported hash ${hash}`);
    const node_key = (key as NodeEcPublicKey).key;
    return verify('sha256', data, { key: node_key, dsaEncoding: 'der' }, signature);
  },
};

function publicKeyOf(der: Uint8Array): NodeEcPublicKey {
  const key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
  const named = key.asymmetricKeyDetails?.namedCurve;
  const curve = named === undefined ? undefined : NODE_CURVES[named];
  if (key.asymmetricKeyType !== 'ec' || curve === undefined) {
    throw new Error(`not an EC key on an OCMF curve (${named ?? key.asymmetricKeyType})`);
  }
  return new NodeEcPublicKey(key, curve);
}

class SignedDataProblem extends Error {}

/** Hex or base64 text -> bytes; null when it is neither. */
function bytesOf(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (/^([0-9a-fA-F]{2})+$/.test(compact)) return Buffer.from(compact, 'hex');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return Buffer.from(compact, 'base64');
  return null;
}

function keyOf(public_key: unknown): NodeEcPublicKey {
  if (typeof public_key !== 'string' || public_key.trim() === '') {
    throw new SignedDataProblem('public_key is missing: the signature cannot be verified');
  }
  const der = bytesOf(public_key);
  if (der === null) throw new SignedDataProblem('public_key is neither hex nor base64');
  try {
    return publicKeyOf(der);
  } catch (error) {
    throw new SignedDataProblem(`public_key is not an SPKI DER EC public key: ${messageOf(error)}`);
  }
}

/** The OCMF text of a signed value: as sent, or base64 of it. */
function ocmfText(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new SignedDataProblem(`${at} must be a string`);
  if (value.startsWith('OCMF|')) return value;
  const decoded = bytesOf(value)?.toString('utf8');
  if (decoded?.startsWith('OCMF|')) return decoded;
  throw new SignedDataProblem(`${at} is not OCMF (OCMF|payload|signature), plain or base64`);
}

function readingsOf(data: SignedData, nature: string, at: string): SignedReading[] {
  const readings = Array.isArray(data.payloadData.RD) ? data.payloadData.RD : [];
  return readings.slice(0, SIGNED_VALUES_MAX).flatMap((reading, index) => {
    const unit = reading.RU;
    if (unit !== 'kWh' && unit !== 'Wh') return [];
    let time: string;
    try {
      time = parseDate(String(reading.TM))[0].toISOString();
    } catch {
      throw new SignedDataProblem(`${at}: RD[${index}].TM is not an OCMF time`);
    }
    if (typeof reading.RV !== 'number' && typeof reading.RV !== 'string') {
      throw new SignedDataProblem(`${at}: RD[${index}].RV is not a number`);
    }
    const value = new LedgerDecimal(reading.RV);
    const kwh = unit === 'Wh' ? value.dividedBy(1000) : value;
    return [
      {
        nature,
        meter_serial: String(data.payloadData.MS),
        time,
        kwh: decimalString(kwh),
        status: String(reading.ST),
      },
    ];
  });
}

async function verifiedValue(
  value: unknown,
  index: number,
  key: NodeEcPublicKey,
): Promise<{ readings: SignedReading[]; method: string }> {
  const at = `signed_values[${index}].signed_data`;
  const item = (value ?? {}) as { nature?: unknown; signed_data?: unknown };
  const text = ocmfText(item.signed_data, at);
  let parsed: SignedData;
  try {
    parsed = parseSections(decomposeValue(text));
  } catch (error) {
    throw new SignedDataProblem(`${at}: broken OCMF section (${messageOf(error)})`);
  }
  let verified: boolean;
  try {
    verified = (await new Verifier(nodeCrypto).parseAndVerify(text, key)).verified;
  } catch (error) {
    throw new SignedDataProblem(`${at}: ${messageOf(error)}`);
  }
  if (!verified)
    throw new SignedDataProblem(`${at}: the signature does not verify with public_key`);
  const method = parsed.signature.SA ?? 'ECDSA-secp256r1-SHA256';
  return { readings: readingsOf(parsed, String(item.nature ?? ''), at), method };
}

/** The verdict on a CDR's `signed_data` (absent, invalid with why, or verified readings). */
export async function verifySignedData(signed_data: unknown): Promise<SignedMeterData> {
  if (signed_data === undefined || signed_data === null) return { status: 'ABSENT' };
  try {
    if (typeof signed_data !== 'object' || Array.isArray(signed_data)) {
      throw new SignedDataProblem('must be an OCPI SignedData object');
    }
    const data = signed_data as Record<string, unknown>;
    if (typeof data.encoding_method !== 'string' || data.encoding_method.toUpperCase() !== 'OCMF') {
      throw new SignedDataProblem(
        `encoding_method ${JSON.stringify(data.encoding_method)} is not OCMF, the one the ledger verifies`,
      );
    }
    const values = data.signed_values;
    if (!Array.isArray(values) || values.length === 0) {
      throw new SignedDataProblem('signed_values must list at least one signed value');
    }
    if (values.length > SIGNED_VALUES_MAX) {
      throw new SignedDataProblem(`signed_values has more than ${SIGNED_VALUES_MAX} values`);
    }
    const key = keyOf(data.public_key);
    const results = [];
    for (const [index, value] of values.entries()) {
      results.push(await verifiedValue(value, index, key));
    }
    const readings = results
      .flatMap((result) => result.readings)
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    const first = readings[0];
    const last = readings.at(-1);
    const energy_kwh =
      readings.length >= 2 && first && last
        ? decimalString(new LedgerDecimal(last.kwh).minus(first.kwh))
        : null;
    return { status: 'VERIFIED', signature_method: results[0]!.method, energy_kwh, readings };
  } catch (error) {
    if (error instanceof SignedDataProblem) return { status: 'INVALID', problem: error.message };
    return { status: 'INVALID', problem: `cannot be read (${messageOf(error)})` };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
