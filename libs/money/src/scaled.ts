/**
 * Exact decimals as integer units at a decimal scale (value = units / 10^scale), for hot loops
 * that multiply and add many short decimals: a bigint product or sum costs a few nanoseconds where
 * a decimal.js operation costs over a hundred. Nothing here rounds. A result is handed back to
 * decimal.js only while it has at most `Dec.precision` digits, where decimal.js is exact too, so
 * both paths give the same Decimal (libs/money/src/scaled.unit.spec.ts checks it).
 */
import { Dec, type Decimal } from './decimal.js';

export interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

/** decimal.js stores digits in base 10^7 words ("d"), with a base-10 exponent ("e"). */
const WORD_DIGITS = 7;
const WORD = 10_000_000;
const WORD_BIG = 10_000_000n;
const PROTO = Dec.prototype;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const POWERS_CACHED = 128;
const POWERS: bigint[] = Array.from({ length: POWERS_CACHED }, (_, k) => 10n ** BigInt(k));
/** |units| below this: at most Dec.precision digits, so decimal.js computed the value exactly. */
const UNITS_LIMIT = 10n ** BigInt(Dec.precision);

export function pow10(exponent: number): bigint {
  return POWERS[exponent] ?? 10n ** BigInt(exponent);
}

/** The exact value of a finite Decimal; undefined for NaN, Infinity and -0. */
export function scaledOf(value: Decimal): Scaled | undefined {
  const words = value.d;
  if (!words || (value.s < 0 && value.isZero())) {
    return undefined;
  }
  let units: bigint;
  if (words.length === 1) {
    units = BigInt(words[0] as number);
  } else if (words.length === 2) {
    // Two words are below 10^14, an exact integer as a number.
    units = BigInt((words[0] as number) * WORD + (words[1] as number));
  } else {
    units = 0n;
    for (const word of words) {
      units = units * WORD_BIG + BigInt(word);
    }
  }
  const scale = WORD_DIGITS * (words.length - 1 - Math.floor(value.e / WORD_DIGITS));
  const signed = value.s < 0 ? -units : units;
  return scale >= 0 ? { units: signed, scale } : { units: signed * pow10(-scale), scale: 0 };
}

/** A running sum: decimal.js's value, and the exact one while decimal.js's additions are exact. */
export interface RunningSum {
  readonly decimal: Decimal;
  readonly exact: Scaled | undefined;
}

/** sum.decimal.plus(term), from scaled integers as long as the sum is exact in decimal.js. */
export function addToRunningSum(sum: RunningSum, term: Decimal): RunningSum {
  const exact = sum.exact === undefined ? undefined : plusExactly(sum.exact, term);
  return exact !== undefined
    ? { decimal: decimalOf(exact), exact }
    : { decimal: sum.decimal.plus(term), exact: undefined };
}

/**
 * sum + term exactly, while decimal.js would add them exactly too; undefined when the term is not
 * finite (or -0) or the sum has more than Dec.precision digits.
 */
export function plusExactly(sum: Scaled, term: Decimal): Scaled | undefined {
  const exactTerm = scaledOf(term);
  if (exactTerm === undefined) {
    return undefined;
  }
  const exact = plusScaled(sum, exactTerm);
  return fitsPrecision(exact) ? exact : undefined;
}

/** The same value without trailing zero digits (for constants prepared once). */
export function normalisedScaled(value: Scaled): Scaled {
  let { units, scale } = value;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** True when a result this exact value stands for was computed exactly by decimal.js too. */
export function fitsPrecision(value: Scaled): boolean {
  return value.units < UNITS_LIMIT && value.units > -UNITS_LIMIT;
}

/** The exact product. A zero has no sign here (decimal.js has -0): multiply values >= 0. */
export function timesScaled(a: Scaled, b: Scaled): Scaled {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function plusScaled(a: Scaled, b: Scaled): Scaled {
  if (a.scale === b.scale) {
    return { units: a.units + b.units, scale: a.scale };
  }
  return a.scale > b.scale
    ? { units: a.units + b.units * pow10(a.scale - b.scale), scale: a.scale }
    : { units: a.units * pow10(b.scale - a.scale) + b.units, scale: b.scale };
}

/**
 * The Decimal of an exact value, built the way decimal.js's own parser lays out its digits
 * (words aligned on the decimal point, no trailing zero words), without a string round trip.
 */
export function decimalOf(value: Scaled): Decimal {
  if (value.units === 0n) {
    return new Dec(0);
  }
  const result = Object.create(PROTO) as Decimal;
  (result as unknown as { constructor: unknown }).constructor = Dec;
  const negative = value.units < 0n;
  const magnitude = negative ? -value.units : value.units;
  const padding = (WORD_DIGITS - (value.scale % WORD_DIGITS)) % WORD_DIGITS;
  const alignedScale = value.scale + padding;
  const aligned = padding === 0 ? magnitude : magnitude * pow10(padding);
  // Base 10^7 words, least significant first; `count` includes trailing zero words.
  const small = aligned <= SAFE_MAX;
  const low = small ? SCRATCH_WORDS : bigintWords(aligned);
  const count = small ? numberWords(Number(aligned)) : low.length;
  let lowest = 0;
  while (low[lowest] === 0) {
    lowest += 1;
  }
  const words: number[] = [];
  for (let k = count - 1; k >= lowest; k -= 1) {
    words.push(low[k] as number);
  }
  const top = words[0] as number;
  let topDigits = 1;
  for (let power = 10; power <= top && topDigits < WORD_DIGITS; power *= 10) {
    topDigits += 1;
  }
  const fields = result as unknown as { s: number; e: number; d: number[] };
  fields.s = negative ? -1 : 1;
  fields.e = WORD_DIGITS * (count - 1) + topDigits - 1 - alignedScale;
  fields.d = words;
  return result;
}

/** Words of the number path, least significant first: reused, decimalOf copies them out. */
const SCRATCH_WORDS: number[] = [0, 0, 0];

/**
 * Splits an exact integer below 2^53 into (at most three) base 10^7 words in SCRATCH_WORDS with
 * integer arithmetic only; returns their count. `| 0` keeps each word a small integer, the
 * elements kind decimal.js's arrays have.
 */
function numberWords(value: number): number {
  let count = 0;
  for (let rest = value; rest > 0; count += 1) {
    // Math.floor, not `%` (a slow fmod call). The rounded quotient can only be one too high.
    let high = Math.floor(rest / WORD);
    let word = rest - high * WORD;
    if (word < 0) {
      high -= 1;
      word += WORD;
    }
    SCRATCH_WORDS[count] = word | 0;
    rest = high;
  }
  return count;
}

function bigintWords(value: bigint): number[] {
  const low: number[] = [];
  for (let rest = value; rest > 0n; rest /= WORD_BIG) {
    low.push(Number(rest % WORD_BIG));
  }
  return low;
}
