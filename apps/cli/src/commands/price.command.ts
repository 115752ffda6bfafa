/**
 * `ledger price --tariff FILE --cdr FILE [--time-zone ZONE] [--period-split PRO_RATA|PERIOD_START]`: prices an OCPI CDR against an OCPI
 * tariff without any store or server and prints ONE JSON object (INTERFACES.md). Invalid input
 * exits 2 with the offending field's JSON path and the reason on stderr.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  PricingInputError,
  isValidTimeZone,
  parsePricingCdr,
  parseTariff,
  priceCdr,
  toPriceJson,
  type InputIssue,
} from '#tariffs';

const INVALID_INPUT_EXIT_CODE = 2;

const PERIOD_SPLITS = ['PRO_RATA', 'PERIOD_START'] as const;

interface PriceOptions {
  readonly tariff: string;
  readonly cdr: string;
  readonly timeZone: string;
  /** The `period_split` pricing policy (libs/tariffs/POLICIES.md). */
  readonly periodSplit?: string;
}

export function registerPriceCommand(program: Command): void {
  program
    .command('price')
    .description('price an OCPI CDR against an OCPI tariff (no store, no server)')
    .requiredOption('--tariff <file>', 'OCPI tariff JSON file (2.2.1 or 2.3.0)')
    .requiredOption('--cdr <file>', 'OCPI CDR JSON file')
    .option('--time-zone <zone>', "the Location's IANA time zone", 'UTC')
    .option(
      '--period-split <policy>',
      'a period across a price boundary: PRO_RATA (split at the instant) or PERIOD_START',
      'PRO_RATA',
    )
    .action((options: PriceOptions) => {
      const outcome = runPrice(options);
      if ('issues' in outcome) {
        const lines = outcome.issues.map((issue) => `ledger price: ${issue.path}: ${issue.reason}`);
        process.stderr.write(`${lines.join('\n')}\n`);
        process.exitCode = INVALID_INPUT_EXIT_CODE;
        return;
      }
      process.stdout.write(`${outcome.json}\n`);
    });
}

type Outcome = { readonly json: string } | { readonly issues: readonly InputIssue[] };

/** Reads, validates and prices; every input problem becomes an issue, nothing is thrown. */
function runPrice(options: PriceOptions): Outcome {
  const issues: InputIssue[] = [];
  const tariffJson = readJson(options.tariff, '--tariff', issues);
  const cdrJson = readJson(options.cdr, '--cdr', issues);
  if (!isValidTimeZone(options.timeZone)) {
    issues.push({
      path: '--time-zone',
      reason: `unknown IANA time zone ${JSON.stringify(options.timeZone)}`,
    });
  }
  const period_split = options.periodSplit ?? 'PRO_RATA';
  if (!(PERIOD_SPLITS as readonly string[]).includes(period_split)) {
    issues.push({
      path: '--period-split',
      reason: `must be one of ${PERIOD_SPLITS.join(', ')}, not ${JSON.stringify(period_split)}`,
    });
  }
  const tariff = tariffJson.ok
    ? parseOrCollect(() => parseTariff(tariffJson.value), `--tariff ${options.tariff}`, issues)
    : undefined;
  const cdr = cdrJson.ok
    ? parseOrCollect(() => parsePricingCdr(cdrJson.value), `--cdr ${options.cdr}`, issues)
    : undefined;
  if (issues.length > 0 || tariff === undefined || cdr === undefined) {
    return { issues };
  }
  const policies = { period_split: period_split as (typeof PERIOD_SPLITS)[number] };
  const result = priceCdr({ tariff, cdr, time_zone: options.timeZone, policies });
  return { json: JSON.stringify(toPriceJson(result), null, 2) };
}

function readJson(
  file: string,
  option: string,
  issues: InputIssue[],
): { ok: true; value: unknown } | { ok: false } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({ path: option, reason: `cannot read file ${file}: ${reason}` });
    return { ok: false };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({ path: `${option} ${file}: $`, reason: `is not valid JSON: ${reason}` });
    return { ok: false };
  }
}

function parseOrCollect<T>(parse: () => T, source: string, issues: InputIssue[]): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PricingInputError) {
      issues.push(
        ...error.issues.map((issue) => ({
          path: `${source}: ${issue.path}`,
          reason: issue.reason,
        })),
      );
      return undefined;
    }
    throw error;
  }
}
