import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { validCdr } from '../../../../libs/ocpi/src/test-support/ocpi-fixtures.js';
import {
  AUDITOR_TOKEN,
  disputeBody,
  HANDLER_TOKEN,
  openDispute,
  registerPrincipals,
} from '../disputes/test-support/dispute-setup.js';
import {
  closePeriod,
  CPO_NAME,
  postCdr,
  setUpSettlement,
} from '../statements/test-support/settlement-setup.js';
import { ApiHarness, CPO_TOKEN, EMSP_TOKEN } from '../test-support/api-harness.js';
import { CONSOLE_CONTENT_SECURITY_POLICY } from './console.controller.js';

/** Debian's chromium (`apt-get install chromium`); Playwright never downloads a browser here. */
const CHROMIUM = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Set to a file name (docs/console.png) to refresh the README's screenshot. */
const SCREENSHOT = process.env.LEDGER_CONSOLE_SCREENSHOT;

const browser_available = existsSync(CHROMIUM);
if (!browser_available) {
  process.stderr.write(
    `console e2e skipped: no browser at ${CHROMIUM} (apt-get install chromium)\n`,
  );
}
const describeWithBrowser = browser_available ? describe : describe.skip;

describeWithBrowser('the web console in a real browser (chromium, playwright-core)', () => {
  let api: ApiHarness;
  let browser: Browser;
  let base: string;
  const console_errors: string[] = [];

  /** A CDR of DE/ABC whose tariff is unknown: held as NO_TARIFF, a CDR_HELD exception. */
  const postHeldCdr = async (id: string) => {
    const response = await api
      .http()
      .post('/ocpi/2.2.1/cdrs')
      .set('Authorization', api.ocpiToken(CPO_TOKEN))
      .send(
        validCdr({
          id,
          tariffs: [],
          charging_periods: [
            {
              start_date_time: '2026-03-02T10:00:00Z',
              dimensions: [{ type: 'ENERGY', volume: 10 }],
              tariff_id: 'NOPE',
            },
          ],
        }),
      );
    if (response.status !== 201) throw new Error(`held CDR ${id}: ${response.text}`);
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    await setUpSettlement(api);
    await registerPrincipals(api);
    await postCdr(api, 'CDR1');
    const close = await closePeriod(api, 'DEABC-NLXYZ');
    if (close.status !== 201) throw new Error(`close: ${close.text}`);
    const dispute = await openDispute(api, disputeBody('DSP-1', 'CDR1'), api.ocpiToken(EMSP_TOKEN));
    if (dispute.status !== 201) throw new Error(`dispute: ${dispute.text}`);
    await postHeldCdr('HELD1');
    await postHeldCdr('HELD2');
    await api.app.listen(0, '127.0.0.1');
    const address = api.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${address.port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await api?.stop();
  });

  async function signIn(token: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console_errors.push(message.text());
    });
    const response = await page.goto(`${base}/console`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  const exceptionRow = (page: Page, cdr_id: string) =>
    page.locator('#exception-table tbody tr', { hasText: `DE/ABC/${cdr_id}` });

  it('serves the page, its stylesheet and script from this origin only', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/console`);
    const sources = await page
      .locator('script[src], link[href]')
      .evaluateAll((nodes) =>
        nodes.map((node) => node.getAttribute(node.tagName === 'SCRIPT' ? 'src' : 'href')),
      );
    expect(sources).toEqual(['/console/console.css', '/console/console.js']);
    expect((await api.http().get('/console/console.js')).headers['content-type']).toMatch(
      /^text\/javascript/,
    );
    expect((await api.http().get('/console/other.js')).status).toBe(404);
    await page.close();
  });

  it('shows a wrong token as 401 and stays signed out', async () => {
    const page = await signIn('not-a-token');
    // The error is shown once the request is answered: wait for it, then read it.
    await page.locator('#error', { hasText: '401 Unauthorized' }).waitFor();
    await expect(page.locator('#error').textContent()).resolves.toContain('401 Unauthorized');
    expect(await page.locator('#workspace').isHidden()).toBe(true);
    await page.context().close();
  });

  it('lets a dispute handler resolve a held CDR from the queue, by keyboard', async () => {
    const page = await signIn(HANDLER_TOKEN);
    const row = exceptionRow(page, 'HELD1');
    await row.waitFor();
    expect(await row.textContent()).toContain('CDR_HELD');
    await row.getByRole('button', { name: 'Resolve CDR_HELD of CDR HELD1' }).click();
    // Focus moves to the decision; the rest is typed and tabbed, as a keyboard user would.
    const decision = page.locator('#cdr-decision');
    await expect(
      decision.evaluate((node) => node === node.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('posted at the claim after a call with the CPO');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('CDR HELD1 resolved (POST_CLAIMED): now POSTED.').waitFor();
    await row.waitFor({ state: 'detached' });
    const cdr = await api.http().get('/v1/cdrs/DE/ABC/HELD1').set('Authorization', api.admin());
    expect(cdr.body.status).toBe('POSTED');
    await page.context().close();
  });

  it("shows a dispute handler a CDR's lineage as a timeline", async () => {
    const page = await signIn(HANDLER_TOKEN);
    await page.getByRole('button', { name: 'CDR lineage' }).click();
    await page.getByLabel('CDR (country/party/id)').fill('DE/ABC/HELD1');
    await page.getByRole('button', { name: 'Show lineage' }).click();
    const items = page.locator('#lineage-timeline > li');
    await items.first().waitFor();
    const types = await items.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-event-type')),
    );
    expect(types[0]).toBe('AgreementRegistered');
    const cdr_events = ['CdrReceived', 'CdrHeld', 'CdrResolved'];
    expect(types.filter((type) => cdr_events.includes(String(type)))).toEqual(cdr_events);
    const resolved = page.locator('#lineage-timeline > li[data-event-type="CdrResolved"]');
    expect(await resolved.textContent()).toContain('principal:handler-1');
    await page.context().close();
  });

  it('lets a dispute handler read a dispute and resolve it (ADJUSTED)', async () => {
    const page = await signIn(HANDLER_TOKEN);
    await page.getByRole('button', { name: 'Disputes' }).click();
    await page.locator('#disputes').getByLabel('Party (country/party)').fill('DE/ABC');
    await page.getByRole('button', { name: 'List disputes' }).click();
    await page.getByRole('button', { name: 'DSP-1' }).click();
    await page.getByText('Dispute DSP-1: OPEN').waitFor();
    const history = page.locator('#dispute-history li');
    expect(await history.first().textContent()).toContain('DisputeOpened');
    expect(await page.locator('#dispute-summary').textContent()).toContain(
      'the energy price shown at the charger was lower',
    );
    await page.getByLabel('Outcome').selectOption('ADJUSTED');
    await page.getByLabel('Excl. VAT').fill('2.00');
    await page.getByLabel('Incl. VAT').fill('2.20');
    await page.locator('#disputes').getByLabel('Note').fill('the price shown was lower');
    await page.getByRole('button', { name: 'Resolve dispute' }).click();
    await page.getByText('Dispute DSP-1: RESOLVED').waitFor();
    expect(await history.allTextContents()).toEqual([
      expect.stringContaining('DisputeOpened'),
      expect.stringContaining('DisputeResolved'),
    ]);
    expect(await page.locator('#dispute-summary').textContent()).toContain(
      'ADJUSTED to 2 excl. / 2.2 incl. VAT: the price shown was lower (principal:handler-1)',
    );
    const dispute = await api.http().get('/v1/disputes/DSP-1').set('Authorization', api.admin());
    expect(dispute.body.dispute.status).toBe('RESOLVED');
    await page.context().close();
  });

  it('shows a dispute handler 403 for balances (not its role)', async () => {
    const page = await signIn(HANDLER_TOKEN);
    await page.getByRole('button', { name: 'Balances' }).click();
    await page.locator('#balances').getByLabel('Party (country/party)').fill('DE/ABC');
    await page.getByRole('button', { name: 'Draw' }).click();
    // The error is shown once the request is answered: wait for it, then read it.
    await page.locator('#error', { hasText: '403 Forbidden' }).waitFor();
    await expect(page.locator('#error').textContent()).resolves.toContain('403 Forbidden');
    await page.context().close();
  });

  it('lets an auditor see the queue, but a resolution is refused with 403 shown', async () => {
    const page = await signIn(AUDITOR_TOKEN);
    const row = exceptionRow(page, 'HELD2');
    await row.waitFor();
    await row.getByRole('button', { name: 'Resolve CDR_HELD of CDR HELD2' }).click();
    await page.locator('#exception-resolution').getByLabel('Note').fill('auditors may not');
    await page.locator('#exception-resolution').getByRole('button', { name: 'Resolve' }).click();
    // The error is shown once the request is answered: wait for it, then read it.
    await page.locator('#error', { hasText: '403 Forbidden' }).waitFor();
    await expect(page.locator('#error').textContent()).resolves.toContain('403 Forbidden');
    const cdr = await api.http().get('/v1/cdrs/DE/ABC/HELD2').set('Authorization', api.admin());
    expect(cdr.body.status).toBe('NO_TARIFF');
    // The filters: open ones by default (HELD1 was resolved), then by type and status.
    expect(await exceptionRow(page, 'HELD1').count()).toBe(0);
    await page.locator('#exception-type').selectOption('MISSING_CDR');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('Exceptions (0 on this page)').waitFor();
    await page.locator('#exception-type').selectOption('CDR_HELD');
    await page.locator('#exception-status').selectOption('RESOLVED');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('Exceptions (1 on this page)').waitFor();
    expect(await exceptionRow(page, 'HELD1').textContent()).toContain('RESOLVED');
    await page.context().close();
  });

  it("draws a partner's balance over time for an auditor, and shows an invoice's HTML", async () => {
    const page = await signIn(AUDITOR_TOKEN);
    await page.getByRole('button', { name: 'Balances' }).click();
    await page.locator('#balances').getByLabel('Party (country/party)').fill('DE/ABC');
    await page.getByLabel('Points').fill('6');
    await page.getByRole('button', { name: 'Draw' }).click();
    await page.locator('#balance-chart svg path.chart-line').waitFor();
    const amounts = await page.locator('#balance-table tbody tr td.amount').allTextContents();
    expect(amounts).toHaveLength(6);
    // Today's point carries CDR1 (and HELD1, posted by the handler), minus the hub's fees.
    const today = await api
      .http()
      .get('/v1/partners/DE/ABC/balances')
      .set('Authorization', api.admin());
    expect(amounts.at(-1)).toBe(today.body.balances[0].amount);
    // Thirty days ago nothing was posted yet.
    expect(amounts[0]).toBe('0');

    await page.getByRole('button', { name: 'Statements and invoices' }).click();
    await page.locator('#documents').getByLabel('Party (country/party)').fill('DE/ABC');
    await page.getByRole('button', { name: 'Show documents' }).click();
    const show = page.locator('#invoice-table').getByRole('button', { name: /^Show invoice/ });
    await show.first().click();
    const frame = page.frameLocator('#invoice-frame');
    await frame.getByText(CPO_NAME).first().waitFor();
    expect(await page.locator('#statement-table tbody tr').count()).toBeGreaterThan(0);
    if (SCREENSHOT) {
      await page.getByRole('button', { name: 'Exceptions' }).click();
      await page.locator('#exception-status').selectOption('');
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await exceptionRow(page, 'HELD1').waitFor();
      await page.getByRole('button', { name: 'Resolve CDR_HELD of CDR HELD2' }).click();
      await page.setViewportSize({ width: 1200, height: 720 });
      await page.screenshot({ path: SCREENSHOT, type: 'png' });
    }
    await page.context().close();
  });

  it('ran without script errors in the page (other than the refusals it showed)', () => {
    const unexpected = console_errors.filter((text) => !/\b(401|403)\b/.test(text));
    expect(unexpected).toEqual([]);
  });
});
