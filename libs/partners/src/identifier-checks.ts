/**
 * Checks of business identifiers by their schemes' own rules (pure): ISO 3166-1 country codes,
 * IBAN (ISO 13616, mod 97-10), BIC (ISO 9362), VAT identifiers per country format, and
 * electronic addresses per EAS scheme (the CEF EAS code list that EN 16931 BR-CL-25 names, with
 * the check digit of those schemes that have one). Each check answers null when the value is
 * good, else the reason, for a 400 naming the field.
 */

/** ISO 3166-1 alpha-2, as EN 16931 BR-CL-14 lists it (plus XI, Northern Ireland). */
const ISO_3166_ALPHA_2 = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ ' +
    'BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM ' +
    'DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS ' +
    'GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN ' +
    'KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
    'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM ' +
    'PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI ' +
    'VN VU WF WS XI YE YT ZA ZM ZW'
  ).split(' '),
);

export function isIso3166Alpha2(code: string): boolean {
  return ISO_3166_ALPHA_2.has(code.toUpperCase());
}

/** The remainder mod 97 of a long digit string, without floats (ISO 7064 MOD 97-10). */
function mod97(digits: string): number {
  let remainder = 0;
  for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  return remainder;
}

/** IBAN lengths of the SEPA countries (ISO 13616 registry). */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24,
  FI: 18, FR: 27, GB: 22, GI: 23, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21,
  LT: 20, LU: 20, LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, SE: 24,
  SI: 19, SK: 24, SM: 27, VA: 22,
}; // prettier-ignore

/** Electronic IBAN (no spaces), upper case. */
export function ibanProblem(iban: string): string | null {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) {
    return 'must be an IBAN: country code, 2 check digits, account (no spaces)';
  }
  const country = iban.slice(0, 2);
  if (!isIso3166Alpha2(country)) return `has no ISO 3166 country code (${country})`;
  const length = IBAN_LENGTH[country];
  if (length !== undefined && iban.length !== length) {
    return `must have ${length} characters for ${country}`;
  }
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  const digits = [...rearranged].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55)));
  return mod97(digits.join('')) === 1 ? null : 'fails the IBAN check digits (mod 97)';
}

export function bicProblem(bic: string): string | null {
  if (!/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic)) return 'must be a BIC (8 or 11)';
  return isIso3166Alpha2(bic.slice(4, 6)) ? null : 'has no ISO 3166 country code';
}

/** VAT identifier formats per prefix (EU VIES formats, GB, CH, NO); EL is Greece. */
const VAT_FORMATS: Readonly<Record<string, RegExp>> = {
  AT: /^ATU\d{8}$/, BE: /^BE[01]\d{9}$/, BG: /^BG\d{9,10}$/, CY: /^CY\d{8}[A-Z]$/,
  CZ: /^CZ\d{8,10}$/, DE: /^DE\d{9}$/, DK: /^DK\d{8}$/, EE: /^EE\d{9}$/, EL: /^EL\d{9}$/,
  ES: /^ES[A-Z0-9]\d{7}[A-Z0-9]$/, FI: /^FI\d{8}$/, FR: /^FR[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^HR\d{11}$/, HU: /^HU\d{8}$/, IE: /^IE\d[A-Z0-9+*]\d{5}[A-W][A-I]?$/, IT: /^IT\d{11}$/,
  LT: /^LT(\d{9}|\d{12})$/, LU: /^LU\d{8}$/, LV: /^LV\d{11}$/, MT: /^MT\d{8}$/,
  NL: /^NL\d{9}B\d{2}$/, PL: /^PL\d{10}$/, PT: /^PT\d{9}$/, RO: /^RO\d{2,10}$/,
  SE: /^SE\d{10}01$/, SI: /^SI\d{8}$/, SK: /^SK\d{10}$/, XI: /^XI(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  GB: /^GB(\d{9}|\d{12}|GD\d{3}|HA\d{3})$/, CH: /^CHE\d{9}(MWST|TVA|IVA)?$/, NO: /^NO\d{9}MVA$/,
}; // prettier-ignore

/** Upper-case VAT identifier with its country prefix. */
export function vatIdProblem(vat_id: string): string | null {
  const prefix = vat_id.slice(0, 2);
  const format = VAT_FORMATS[prefix];
  if (format !== undefined) {
    if (!format.test(vat_id)) return `does not have the format of a ${prefix} VAT identifier`;
    // NO-R-001: the organisation number inside a Norwegian VAT id has its mod 11 check digit.
    if (prefix === 'NO' && !mod11Valid(vat_id.slice(2, 11), NO_WEIGHTS)) {
      return 'does not hold a valid Norwegian organisation number (mod 11)';
    }
    return null;
  }
  if (!isIso3166Alpha2(prefix)) return `has no ISO 3166 country prefix (${prefix})`;
  return /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/.test(vat_id) ? null : 'must be a VAT identifier';
}

/** The CEF EAS code list (BR-CL-25 of the EN 16931 release in ../shared/en16931). */
export const EAS_SCHEMES: ReadonlySet<string> = new Set(
  (
    '0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 ' +
    '0177 0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 ' +
    '0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 ' +
    '0235 0240 0242 0244 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 ' +
    '9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 ' +
    '9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM'
  ).split(' '),
);

/** GS1 check digit (GLN, 0088): weights 3 and 1 from the right, excluding the check digit. */
function gs1CheckDigitValid(digits: string): boolean {
  const body = digits.slice(0, -1);
  let sum = 0;
  [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return (10 - (sum % 10)) % 10 === Number(digits.at(-1));
}

const NO_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** Weighted mod 11 (0192 Norwegian organisation number, 0184 Danish CVR). */
function mod11Valid(digits: string, weights: readonly number[]): boolean {
  const sum = weights.reduce((total, w, i) => total + w * Number(digits[i]), 0);
  if (digits.length === weights.length) return sum % 11 === 0;
  const check = (11 - (sum % 11)) % 11;
  return check !== 10 && check === Number(digits.at(-1));
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((d, i) => {
    const n = Number(d) * (i % 2 === 1 ? 2 : 1);
    sum += n > 9 ? n - 9 : n;
  });
  return sum % 10 === 0;
}

type SchemeCheck = (id: string) => string | null;

const digitsOf =
  (count: number, name: string): SchemeCheck =>
  (id) =>
    new RegExp(`^\\d{${count}}$`).test(id) ? null : `must be ${count} digits (${name})`;

const vatOf =
  (country: string): SchemeCheck =>
  (id) =>
    id.startsWith(country) ? vatIdProblem(id) : `must be a ${country} VAT identifier`;

/** Schemes with a rule of their own; other EAS schemes take any id of 1..50 visible chars. */
const SCHEME_CHECKS: Readonly<Record<string, SchemeCheck>> = {
  '0007': (id) =>
    /^\d{10}$/.test(id) && luhnValid(id) ? null : 'must be a Swedish organisation number',
  '0060': digitsOf(9, 'DUNS'),
  '0088': (id) =>
    /^\d{13}$/.test(id) && gs1CheckDigitValid(id) ? null : 'must be a GLN with its check digit',
  '0106': digitsOf(8, 'KvK number'),
  // PEPPOL-COMMON-R042: "DK" and the 8 digits of the CVR number.
  '0184': (id) => (/^DK\d{8}$/.test(id) ? null : 'must be DK and the 8 digits of a CVR number'),
  '0190': digitsOf(20, 'OIN'),
  '0192': (id) =>
    /^\d{9}$/.test(id) && mod11Valid(id, NO_WEIGHTS)
      ? null
      : 'must be a Norwegian organisation number (9 digits, mod 11)',
  '0208': (id) =>
    /^[01]\d{9}$/.test(id) && 97 - mod97(id.slice(0, 8)) === Number(id.slice(8))
      ? null
      : 'must be a Belgian enterprise number (10 digits, mod 97)',
  '9925': vatOf('BE'),
  '9930': vatOf('DE'),
  '9944': vatOf('NL'),
  '9957': vatOf('FR'),
};

export function electronicAddressProblem(address: {
  scheme: string;
  id: string;
}): { field: 'scheme' | 'id'; problem: string } | null {
  if (!EAS_SCHEMES.has(address.scheme)) {
    return { field: 'scheme', problem: 'is not a scheme of the CEF EAS code list' };
  }
  const problem = SCHEME_CHECKS[address.scheme]?.(address.id) ?? null;
  if (problem !== null) return { field: 'id', problem };
  if (!/^[\x21-\x7e]{1,50}$/.test(address.id)) {
    return { field: 'id', problem: 'must be 1 to 50 visible ASCII characters' };
  }
  return null;
}

/**
 * UNTDID 4461 payment means codes the ledger issues with, all paid to the payee's account:
 * 30 credit transfer, 31 debit transfer, 42 payment to bank account, 48 bank card, 57 standing
 * agreement, 58 SEPA credit transfer. Direct debits (49, 59) need a mandate per payer
 * (PEPPOL-EN16931-R061), which the ledger does not hold.
 */
export const PAYMENT_MEANS_CODES = ['30', '31', '42', '48', '57', '58'] as const;
