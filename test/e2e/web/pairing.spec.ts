/**
 * Linking a device through the UI: two real web app instances, each with its own private
 * gnome-keyring, pairing over 127.0.0.1 only (YAKKER_PAIRING_HOSTS). A makes a key and shows
 * a code; B pastes its text and shows six digits; the test types them on A; B then lists the
 * same certificate fingerprint from its own keychain. Screenshots of both screens.
 */
import {
  checkAxe,
  expectLinkedKey,
  makeKey,
  openDevice,
  section,
  shownCode,
  twoKeychains,
  type Device,
} from '../support/two-devices';
import { expect, screenshotPath, test } from '../support/web-app';

// Two apps and two keychains: more than the default 30 s on a busy machine (at load average 17
// opening each app took 7-11 s and the first test, every check passing, needed about 95 s).
test.describe.configure({ timeout: 180_000 });

const keychains = twoKeychains();

/** Joins with A's text on B and returns the code B shows. */
async function offerAndJoin(a: Device, b: Device): Promise<string> {
  await section(a.page, 'Devices');
  await a.page.getByRole('button', { name: 'Link a device' }).click();
  await expect(a.page.getByRole('img', { name: 'Pairing code as a QR code' })).toBeVisible();
  const text = (await a.page.getByText(/^YAKKER-PAIR:1:/).textContent()) ?? '';
  expect(text).toMatch(/^YAKKER-PAIR:1:[A-Z2-7]+$/);
  await a.page.screenshot({ path: screenshotPath('pairing-holder-code'), fullPage: true });

  await section(b.page, 'Devices');
  await b.page.getByRole('textbox', { name: /Pairing text from your other device/ }).fill(text);
  await b.page.getByRole('textbox', { name: /Name of this device/ }).fill('Kitchen laptop');
  await b.page.getByRole('button', { name: 'Join' }).click();
  const digits = await shownCode(b.page);
  await b.page.screenshot({ path: screenshotPath('pairing-joiner-code'), fullPage: true });
  await expect(a.page.getByText('Kitchen laptop', { exact: true })).toBeVisible();
  const field = a.page.getByRole('textbox', { name: 'Type the code shown on your other device' });
  await expect(field).toHaveValue(''); // never prefilled
  return digits;
}

test('B joins with A’s text, A types B’s code, B holds the same certificate', async ({
  browser,
}) => {
  const [sa, sb] = keychains();
  const a = await openDevice(browser, sa, { bypassCSP: true }); // axe is injected on A
  const b = await openDevice(browser, sb);
  try {
    const fingerprint = await makeKey(a.page);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const digits = await offerAndJoin(a, b);
    await a.page
      .getByRole('textbox', { name: 'Type the code shown on your other device' })
      .fill(digits);
    await a.page.screenshot({ path: screenshotPath('pairing-holder-confirm'), fullPage: true });
    await a.page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(a.page.getByText(/^Linked\./)).toBeVisible();
    await expect(b.page.getByText(/This device is linked as/)).toBeVisible();
    await a.page.screenshot({ path: screenshotPath('pairing-holder-done'), fullPage: true });
    await b.page.screenshot({ path: screenshotPath('pairing-joiner-done'), fullPage: true });

    await expectLinkedKey(b.page, fingerprint);

    // Both devices list each other; removing B on A asks first and says what it does. Without a
    // directory (no network profile here) B can't be signed out: A says so and offers to forget it.
    await section(a.page, 'Devices');
    const aList = a.page.getByRole('list', { name: 'Linked devices' });
    await expect(aList.getByText('Kitchen laptop', { exact: true })).toBeVisible();
    await expect(aList.getByText(/^You linked it on /)).toBeVisible();
    await section(b.page, 'Devices');
    const bList = b.page.getByRole('list', { name: 'Linked devices' });
    await expect(bList.getByText(/^Your keys came from it on /)).toBeVisible();
    await aList.getByRole('button', { name: 'Remove Kitchen laptop' }).click();
    await expect(a.page.getByText(/keeps the messages it already has/)).toBeVisible();
    await a.page.screenshot({ path: screenshotPath('pairing-linked-remove'), fullPage: true });
    await a.page.getByRole('button', { name: 'Remove and sign out' }).click();
    await expect(a.page.getByRole('alert')).toContainText('can’t be signed out');
    await expect(a.page.getByRole('alert')).toContainText('it keeps your key');
    await a.page.getByRole('button', { name: 'Only remove from list' }).click();
    await expect(a.page.getByText('No linked devices yet.')).toBeVisible();
    await a.page.reload();
    await section(a.page, 'Devices');
    await expect(a.page.getByText('No linked devices yet.')).toBeVisible();
    await checkAxe(a.page, 'Settings → Devices after removing a linked device');
    expect([...a.problems, ...b.problems]).toEqual([]);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a wrong code stops both screens with plain reasons and leaves B without a key', async ({
  browser,
}) => {
  const [sa, sb] = keychains();
  const a = await openDevice(browser, sa, { bypassCSP: true });
  const b = await openDevice(browser, sb, { bypassCSP: true });
  try {
    await makeKey(a.page);
    const digits = await offerAndJoin(a, b);
    await checkAxe(a.page, 'holder asking for the code');
    await checkAxe(b.page, 'joiner showing the code');
    const wrong = digits === '000000' ? '111111' : '000000';
    await a.page
      .getByRole('textbox', { name: 'Type the code shown on your other device' })
      .fill(wrong);
    await a.page.getByRole('button', { name: 'Link', exact: true }).click();
    await expect(a.page.getByRole('alert')).toContainText('did not match');
    await expect(b.page.getByRole('alert')).toContainText('did not match');
    await a.page.screenshot({ path: screenshotPath('pairing-holder-mismatch'), fullPage: true });
    await b.page.screenshot({ path: screenshotPath('pairing-joiner-mismatch'), fullPage: true });
    await checkAxe(a.page, 'holder after a wrong code');
    await section(b.page, 'Advanced');
    await expect(b.page.getByText('No keys yet.')).toBeVisible();
  } finally {
    await a.stop();
    await b.stop();
  }
});
