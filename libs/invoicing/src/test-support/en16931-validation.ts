import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * The official EN 16931 UBL rules (../shared/en16931, CEN/TC 434's compiled Schematron) run on
 * generated documents with SaxonJS (xslt3, a devDependency). The XSLT is compiled once to SEF
 * and cached under the git-ignored `.cache/en16931/` (about a minute on 2 cores; later runs
 * reuse it, rebuilt when the XSLT is newer). Without ../shared/en16931 the callers skip.
 */
const SHARED = resolve(process.cwd(), '../shared/en16931');
const XSLT = join(SHARED, 'xslt/EN16931-UBL-validation.xslt');
const CACHE = resolve(process.cwd(), '.cache/en16931');
const SEF = join(CACHE, 'en16931-ubl.sef.json');

export const EN16931_RULES_PRESENT = existsSync(XSLT);
/** The one line a skipped test shows. */
export const EN16931_SKIP_REASON = `EN 16931 rules skipped: ${SHARED} is absent`;

interface SaxonJs {
  transform(options: object, mode?: string): { principalResult: string };
}
const require = createRequire(join(process.cwd(), 'package.json'));

function compiledRules(): string {
  if (existsSync(SEF) && statSync(SEF).mtimeMs >= statSync(XSLT).mtimeMs) return SEF;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${SEF}.${process.pid}.tmp`;
  const xslt3 = join(process.cwd(), 'node_modules/xslt3/xslt3.js');
  execFileSync(process.execPath, [xslt3, `-xsl:${XSLT}`, `-export:${partial}`, '-nogo'], {
    stdio: 'pipe',
  });
  renameSync(partial, SEF); // atomic: parallel workers never read half a file
  return SEF;
}

export interface FailedAssert {
  readonly id: string;
  readonly flag: string;
  readonly text: string;
}

/** The failed assertions (fatal and warnings) of the EN 16931 rules on a UBL document. */
export function en16931FailedAsserts(xml: string): FailedAssert[] {
  const saxon = require('saxon-js') as SaxonJs;
  const { principalResult } = saxon.transform(
    { stylesheetFileName: compiledRules(), sourceText: xml, destination: 'serialized' },
    'sync',
  );
  const failed = principalResult.matchAll(
    /<svrl:failed-assert\b([^>]*)>[\s\S]*?<svrl:text>([\s\S]*?)<\/svrl:text>/g,
  );
  return [...failed].map(([, attributes, text]) => ({
    id: /\bid="([^"]*)"/.exec(attributes!)?.[1] ?? '?',
    flag: /\bflag="([^"]*)"/.exec(attributes!)?.[1] ?? 'fatal',
    text: text!.trim(),
  }));
}

/** The fatal ones, as `ID: text` lines (an empty array when the document passes). */
export function en16931FatalAsserts(xml: string): string[] {
  return en16931FailedAsserts(xml)
    .filter((failed) => failed.flag === 'fatal')
    .map((failed) => `${failed.id}: ${failed.text}`);
}
