import { verifySignedData } from './ocmf-signed-data.js';
import {
  meterKey,
  OCMF_METHODS,
  type OcmfMethod,
  ocmfPayload,
  signedData,
} from './test-support/ocmf-signing.js';

const payload = ocmfPayload(
  { time: '2026-01-09T11:00:00,000+0100 S', kwh: 1000.5 },
  { time: '2026-01-09T12:00:00,000+0100 S', kwh: 1010.5 },
);

describe('OCMF signed_data verification', () => {
  it.each(Object.keys(OCMF_METHODS) as OcmfMethod[])(
    'verifies a value signed with %s and reads its readings',
    async (method) => {
      const key = meterKey(method);
      const result = await verifySignedData(signedData(key, key.sign(payload)));
      expect(result).toMatchObject({
        status: 'VERIFIED',
        signature_method: method,
        energy_kwh: '10',
        readings: [
          {
            time: '2026-01-09T10:00:00.000Z',
            kwh: '1000.5',
            status: 'G',
            meter_serial: 'BQ27400330016',
          },
          { time: '2026-01-09T11:00:00.000Z', kwh: '1010.5', status: 'G' },
        ],
      });
    },
  );

  it.each(Object.keys(OCMF_METHODS) as OcmfMethod[])(
    'refuses a tampered value signed with %s',
    async (method) => {
      const key = meterKey(method);
      const tampered = key.sign(payload).replace('1010.5', '1011.5');
      expect(await verifySignedData(signedData(key, tampered))).toEqual({
        status: 'INVALID',
        problem: 'signed_values[0].signed_data: the signature does not verify with public_key',
      });
    },
  );

  it('accepts base64 signed_data and a base64 public key', async () => {
    const key = meterKey();
    const base64 = Buffer.from(key.sign(payload)).toString('base64');
    const result = await verifySignedData(signedData(key, base64, key.public_key_base64));
    expect(result.status).toBe('VERIFIED');
  });

  it('is ABSENT without signed_data', async () => {
    expect(await verifySignedData(undefined)).toEqual({ status: 'ABSENT' });
  });

  const key = meterKey();
  const other = meterKey('ECDSA-secp384r1-SHA256');
  it.each([
    ['not an object', 'OCMF|{}|{}', 'must be an OCPI SignedData object'],
    [
      'not OCMF',
      { ...signedData(key, key.sign(payload)), encoding_method: 'Alfen' },
      'is not OCMF',
    ],
    ['no values', { ...signedData(key, ''), signed_values: [] }, 'at least one signed value'],
    ['not OCMF text', signedData(key, 'EDL|x|y'), 'is not OCMF (OCMF|payload|signature)'],
    ['broken JSON', signedData(key, 'OCMF|{"MS":|{"SD":"00"}'), 'broken OCMF section'],
    [
      'no key',
      { ...signedData(key, key.sign(payload)), public_key: undefined },
      'public_key is missing',
    ],
    [
      'key not hex or base64',
      signedData(key, key.sign(payload), 'zz-zz'),
      'neither hex nor base64',
    ],
    ['key not SPKI', signedData(key, key.sign(payload), 'abcd'), 'not an SPKI DER EC public key'],
    [
      'key of another curve',
      signedData(key, key.sign(payload), other.public_key_hex),
      'Expected secp384r1',
    ],
  ])('is INVALID, naming what is wrong: %s', async (_name, input, problem) => {
    const result = await verifySignedData(input);
    expect(result.status).toBe('INVALID');
    expect(result.status === 'INVALID' && result.problem).toContain(problem);
  });
});
