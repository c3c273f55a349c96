import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { accessTokenRefusals } from '@dronecast/protocol';
import { startLoopbackStack, type LoopbackStack } from '@dronecast/launcher';
import { checkAccessibility, describeOffenders } from './support/accessibility.ts';
import { launchChromium } from './support/browser.ts';
import { waitForConsoleServer } from './support/consoleServer.ts';
import { openPhonePage, waitForMoreFrames } from './support/phonePage.ts';
import { saveScreenshot } from './support/screenshots.ts';
import { connectClient, tokenOf } from './support/signalingClient.ts';

// Issue 17: one link per person. The operator issues Alice a viewer link on the ground console
// (held in a phone-sized window, as at the field), her phone opens it, and the operator revokes
// it: her phone is put out at once and her token no longer opens anything.
let stack: LoopbackStack;
let browser: Browser;
let consoleContext: BrowserContext;
let consolePage: Page;
let phone: Page | undefined;
let aliceUrl: string;

beforeAll(async () => {
  stack = await startLoopbackStack({ camera: 'pattern:320x240@15' });
  await waitForConsoleServer(stack);
  browser = await launchChromium();
  consoleContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await consoleContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(stack.consoleUrl).origin });
  consolePage = await consoleContext.newPage();
  await consolePage.goto(stack.consoleUrl);
}, 120_000);

afterAll(async () => {
  await phone?.close();
  await browser?.close();
  await stack?.stop();
});

const panel = (): Locator => consolePage.getByTestId('console-access-links');
const linkRow = (name: string): Locator => panel().locator(`[data-testid="console-access-link"][data-name="${name}"]`);

/** Every control in the panel a finger has to hit, that is smaller than 44 px either way. */
async function smallTargets(): Promise<string[]> {
  return panel().evaluate((root) =>
    Array.from(root.querySelectorAll('button, input[type="text"], textarea, label:has(input[type="radio"])'))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
      .map(({ element, box }) => `${element.textContent?.trim() || element.getAttribute('data-testid')}: ${Math.round(box.width)}x${Math.round(box.height)}`),
  );
}

describe('access links for people', () => {
  it('the console issues Alice a viewer link for one hour: its address, a Copy button and a QR code', async () => {
    await expect.poll(() => consolePage.getByTestId('connection-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('connected');
    await panel().scrollIntoViewIfNeeded();
    await expect.poll(() => panel().textContent(), { timeout: 10_000 }).toMatch(/No links issued yet/);

    // A link needs a name: said plainly, nothing sent.
    await panel().getByTestId('console-link-issue').tap();
    await expect(panel().getByTestId('console-link-issue-error').textContent()).resolves.toBe('Not issued: give the link a name (who it is for)');

    await panel().getByLabel('Who is it for?').fill('Alice');
    await expect(panel().getByTestId('console-link-role-viewer').isChecked()).resolves.toBe(true);
    await panel().getByText('1 hour', { exact: true }).tap();
    await panel().getByTestId('console-link-issue').tap();

    const issued = panel().getByTestId('console-issued-link');
    await issued.waitFor({ timeout: 10_000 });
    aliceUrl = await issued.getByTestId('console-issued-url').inputValue();
    expect(aliceUrl).toMatch(new RegExp(`^${stack.origin.replace(/[.]/g, '\\.')}/\\?token=[\\w-]+\\.[\\w-]+$`));
    await expect(issued.textContent()).resolves.toMatch(/Link for Alice.*Viewer, expires in 60 min/s);
    await expect(issued.getByRole('img', { name: "QR code of Alice's link" }).isVisible()).resolves.toBe(true);
    await expect(issued.getByTestId('console-issued-qr').locator('path').getAttribute('d')).resolves.toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
    await issued.getByRole('button', { name: 'Copy link' }).tap();
    await expect.poll(() => issued.getByTestId('console-issued-copy-status').textContent(), { timeout: 5_000 }).toBe('Copied.');
    await expect(consolePage.evaluate(() => navigator.clipboard.readText())).resolves.toBe(aliceUrl);

    await expect.poll(() => linkRow('Alice').getAttribute('data-standing'), { timeout: 10_000 }).toBe('active');
    await expect(linkRow('Alice').textContent()).resolves.toMatch(/Alice\s*Viewer · expires in 60 min/);

    await issued.scrollIntoViewIfNeeded();
    await saveScreenshot(consolePage, 'access-links-issued');
    const offenders = await checkAccessibility(consolePage);
    expect(offenders, describeOffenders(offenders)).toEqual([]);
    await expect(smallTargets()).resolves.toEqual([]);
  }, 90_000);

  it("Alice's link opens her phone's page: the video plays, and the token leaves the address bar", async () => {
    phone = await openPhonePage(browser, aliceUrl);
    await waitForMoreFrames(phone, 15, 60_000);
    await expect(phone.getByTestId('role').textContent()).resolves.toBe('viewer');
    expect(phone.url()).toBe(`${stack.origin}/`);
    // A reload (the address has no token now) opens with the one the page remembered.
    await phone.reload();
    await waitForMoreFrames(phone, 15, 60_000);
    expect(phone.url()).not.toContain('token=');
  }, 120_000);

  it('revoking it on the console asks first, then puts her phone out at once, and her token is refused', async () => {
    if (!phone) throw new Error("Alice's phone did not open");
    await panel().getByTestId('console-issued-done').tap();
    const row = linkRow('Alice');
    await row.getByRole('button', { name: "Revoke Alice's link" }).tap();
    const question = row.getByTestId('console-access-link-question');
    await expect(question.textContent()).resolves.toMatch(/Revoke Alice's link\?/);
    // Cancel changes nothing.
    await question.getByRole('button', { name: 'Cancel' }).tap();
    await expect(question.count()).resolves.toBe(0);
    await expect(row.getAttribute('data-standing')).resolves.toBe('active');
    await waitForMoreFrames(phone, 5, 10_000);

    await row.getByRole('button', { name: "Revoke Alice's link" }).tap();
    await saveScreenshot(consolePage, 'access-links-revoke-question');
    await row.getByTestId('console-access-link-confirm').tap();

    const screen = phone.getByTestId('access-problem');
    await screen.waitFor({ timeout: 10_000 });
    await expect(screen.getAttribute('data-kind')).resolves.toBe('revoked');
    await expect(screen.innerText()).resolves.toMatch(/This link was revoked[\s\S]*Ask the pilot or the ground station for a new link/);
    await saveScreenshot(phone, 'access-link-revoked');

    const token = tokenOf(aliceUrl);
    await expect(connectClient(stack.origin, token, `${stack.dir}/certs`)).rejects.toThrow(accessTokenRefusals.revoked);

    await expect.poll(() => row.getAttribute('data-standing'), { timeout: 10_000 }).toBe('revoked');
    await expect(row.getByTestId('console-access-link-standing').textContent()).resolves.toBe('revoked');
    await expect(row.getByRole('button', { name: "Revoke Alice's link" }).count()).resolves.toBe(0);
    await expect(row.getByTestId('console-access-link-error').count()).resolves.toBe(0);
  }, 60_000);

  it('a console opened afresh lists the revoked link', async () => {
    await consolePage.reload();
    await expect.poll(() => linkRow('Alice').getAttribute('data-standing'), { timeout: 30_000 }).toBe('revoked');
    await expect(panel().textContent()).resolves.toMatch(/0 active/);
  }, 60_000);
});
