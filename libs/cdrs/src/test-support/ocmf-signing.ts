import { generateKeyPairSync, sign } from 'node:crypto';

/**
 * Signs OCMF meter values for tests, the way a calibrated meter does: the signature is ECDSA
 * (DER, hex) over the payload section's exact text. Every OCMF method's curve, by its OCMF id.
 */
export const OCMF_METHODS = {
  'ECDSA-secp192k1-SHA256': 'secp192k1',
  'ECDSA-secp192r1-SHA256': 'prime192v1',
  'ECDSA-secp256k1-SHA256': 'secp256k1',
  'ECDSA-secp256r1-SHA256': 'prime256v1',
  'ECDSA-secp384r1-SHA256': 'secp384r1',
  'ECDSA-brainpool256r1-SHA256': 'brainpoolP256r1',
  'ECDSA-brainpool384r1-SHA256': 'brainpoolP384r1',
} as const;
export type OcmfMethod = keyof typeof OCMF_METHODS;

export interface MeterKey {
  readonly method: OcmfMethod;
  /** SPKI DER of the public key, hex (base64 with `publicKeyBase64`). */
  readonly public_key_hex: string;
  readonly public_key_base64: string;
  sign(payload: string): string;
}

export function meterKey(method: OcmfMethod = 'ECDSA-secp256r1-SHA256'): MeterKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: OCMF_METHODS[method] });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    method,
    public_key_hex: der.toString('hex'),
    public_key_base64: der.toString('base64'),
    sign: (payload) => {
      const signature = sign('sha256', Buffer.from(payload, 'utf8'), privateKey).toString('hex');
      return `OCMF|${payload}|${JSON.stringify({ SA: method, SD: signature })}`;
    },
  };
}

/** An OCMF payload with a begin and an end reading (kWh), times in OCMF format. */
export function ocmfPayload(
  begin: { time: string; kwh: number },
  end: { time: string; kwh: number },
  overrides: { meter_serial?: string; end_status?: string } = {},
): string {
  return JSON.stringify({
    FV: '1.0',
    GI: 'ABL SBC-301',
    GS: '808829900001',
    GV: '1.4p3',
    PG: 'T12345',
    MV: 'Phoenix Contact',
    MM: 'EEM-350-D-MCB',
    MS: overrides.meter_serial ?? 'BQ27400330016',
    IS: true,
    IT: 'ISO14443',
    ID: '1F2D3A4F5506C7',
    RD: [
      { TM: begin.time, TX: 'B', RV: begin.kwh, RI: '1-b:1.8.0', RU: 'kWh', ST: 'G' },
      {
        TM: end.time,
        TX: 'E',
        RV: end.kwh,
        RI: '1-b:1.8.0',
        RU: 'kWh',
        ST: overrides.end_status ?? 'G',
      },
    ],
  });
}

/** The OCPI SignedData object of one signed OCMF value. */
export function signedData(key: MeterKey, ocmf: string, public_key = key.public_key_hex) {
  return {
    encoding_method: 'OCMF',
    encoding_method_version: 1,
    public_key,
    signed_values: [{ nature: 'End', plain_data: 'meter readings', signed_data: ocmf }],
  };
}
