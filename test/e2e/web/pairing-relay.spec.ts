/**
 * Linking a device through the relay mailbox of a real devnet's directory service, with the direct
 * path turned off on both apps (YAKKER_PAIRING_LAN=off): the code names the relay only, so
 * pairing can only succeed through it. Two real web app instances, each with its own private
 * gnome-keyring and the devnet's profile (YAKKER_NETWORK_PROFILE), everything on 127.0.0.1.
 * A shows the QR code, B (first start: the welcome wizard's "I already have Yakker on another
 * device") scans it with a fake camera playing A's screenshot, both screens say
 * they are connected through the relay, A types B's code, and B holds the same certificate in
 * its own keychain. Then the relay dies mid-pairing (the devnet's supervisor, which runs the
 * directory service, is SIGKILLed): both screens say so and B has no key and no linked device.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePairingText } from '../../../shared/pairing/pairing-code';
import { startTestDevnet, type TestDevnet } from '../../support/devnet-cli';
import { yakker } from '../../support/yakker-cli';
import { offer, openCameraDevice, y4mFromPng } from '../support/qr-camera';
import {
  checkAxe,
  expectOneKey,
  makeKey,
  openDevice,
  section,
  setUpLater,
  shownCode,
  twoKeychains,
  typeCode,
} from '../support/two-devices';
import { expect, screenshotPath, test } from '../support/web-app';

// The second test kills the devnet's directory: the tests run in this order, on one devnet.
test.describe.configure({ mode: 'serial', timeout: 120_000 });

const keychains = twoKeychains();
let devnet: TestDevnet;
let scratch = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  devnet = await startTestDevnet('yakker-pair-relay-e2e-', { seed: false });
  scratch = mkdtempSync(join(tmpdir(), 'yakker-relay-camera-'));
});

test.afterAll(async () => {
  await devnet?.down();
  rmSync(scratch, { recursive: true, force: true });
});

/** Both apps: the devnet's network (its relay), and no direct LAN path. */
function relayOnly(): { env: Record<string, string>; welcome: true } {
  return {
    env: { YAKKER_NETWORK_PROFILE: devnet.profileFile, YAKKER_PAIRING_LAN: 'off' },
    welcome: true, // a network with a directory: the first start opens the welcome wizard
  };
}

/** The code names the devnet's relay and nothing else. */
function expectRelayOnly(text: string): void {
  const { code } = parsePairingText(text);
  expect(code.rendezvous).toEqual([
    expect.objectContaining({ kind: 'relay', url: `${devnet.profile.directoryUrl}/v1/relay` }),
  ]);
}

const VIA_RELAY = 'Connected through your network’s relay. It passes on encrypted data only.';

test('relay only: B scans A’s QR code, the codes match, A confirms, B holds the same certificate', async ({
  browser,
}) => {
  const [sa, sb] = keychains();
  const a = await openDevice(browser, sa, { ...relayOnly(), bypassCSP: true });
  await setUpLater(a.page);
  const fingerprint = await makeKey(a.page);
  const { png, text } = await offer(a.page);
  expectRelayOnly(text);
  await expect(a.page.getByText(/this code also works through your network’s relay/)).toBeVisible();
  await a.page.screenshot({ path: screenshotPath('pairing-relay-holder-code'), fullPage: true });
  await checkAxe(a.page, 'holder showing a relay code');
  const video = join(scratch, 'qr.y4m');
  writeFileSync(video, y4mFromPng(png));

  const b = await openCameraDevice(video, sb, { ...relayOnly(), permissions: ['camera'] });
  try {
    // The new device's own first start: the wizard's join flow.
    await b.page.getByRole('button', { name: 'I already have Yakker on another device' }).click();
    await expect(b.page.getByRole('heading', { name: 'Link this device' })).toBeVisible();
    const back = b.page.getByRole('button', { name: 'Back', exact: true });
    await expect(back).toBeVisible(); // before linking starts, the wizard's way back is there
    await b.page.getByRole('textbox', { name: /Name of this device/ }).fill('Travel laptop');
    await b.page.getByRole('button', { name: 'Scan the code with your camera' }).click();
    const digits = await shownCode(b.page, 30_000);
    await expect(b.page.getByText(VIA_RELAY)).toBeVisible();
    await expect(back).toBeHidden(); // while it runs: Cancel, not Back
    await b.page.screenshot({ path: screenshotPath('pairing-relay-joiner-code'), fullPage: true });

    await expect(a.page.getByText('Travel laptop', { exact: true })).toBeVisible();
    await expect(a.page.getByText(VIA_RELAY)).toBeVisible();
    await a.page.screenshot({
      path: screenshotPath('pairing-relay-holder-confirm'),
      fullPage: true,
    });
    await typeCode(a.page, digits);
    await expect(a.page.getByText(/^Linked\./)).toBeVisible({ timeout: 30_000 });
    await expect(b.page.getByText(/This device is linked as/)).toBeVisible({ timeout: 30_000 });
    await expect(back).toBeHidden(); // linked: only Done, no way back to the number step
    await b.page.screenshot({ path: screenshotPath('pairing-relay-joiner-done'), fullPage: true });
    // Done leaves the wizard for the app (it used to go back to an empty join form).
    await b.page.getByRole('button', { name: 'Done' }).click();
    await expect(b.page).toHaveURL(/#\/chats$/);
    await expect(b.page.getByRole('heading', { name: 'Link this device' })).toBeHidden();
    await section(b.page, 'Advanced');
    await expectOneKey(b.page, fingerprint);
    expect([...a.problems, ...b.problems]).toEqual([]);
  } finally {
    await b.stop();
    await a.stop();
  }
});

test('the relay dies mid-pairing: both screens say so, B has no key and no linked device', async ({
  browser,
}) => {
  const [sa, sb] = keychains();
  const a = await openDevice(browser, sa, { ...relayOnly(), bypassCSP: true });
  const b = await openDevice(browser, sb, { ...relayOnly(), bypassCSP: true });
  try {
    await setUpLater(a.page);
    await setUpLater(b.page);
    await makeKey(a.page);
    const { text } = await offer(a.page);
    expectRelayOnly(text);
    await section(b.page, 'Devices');
    await b.page.getByRole('textbox', { name: /Pairing text from your other device/ }).fill(text);
    await b.page.getByRole('button', { name: 'Join' }).click();
    await shownCode(b.page, 30_000);
    await expect(a.page.getByText(VIA_RELAY)).toBeVisible();

    // The directory service, and its relay, run in the devnet's supervisor: kill it outright.
    const status = await yakker(['--json', 'devnet', 'status', '--state', devnet.stateDir]);
    const processes = (JSON.parse(status.stdout) as { processes: { name: string; pid: number }[] })
      .processes;
    const supervisor = processes.find((p) => p.name === 'supervisor');
    expect(supervisor, status.stdout).toBeDefined();
    process.kill(supervisor?.pid ?? 0, 'SIGKILL');

    const relay = devnet.profile.directoryUrl ?? '';
    for (const page of [a.page, b.page]) {
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('The other device could not be reached.', {
        timeout: 30_000,
      });
      await expect(alert).toContainText(`lost the relay at ${relay}`);
    }
    await expect(a.page.getByRole('button', { name: 'Start again' })).toBeVisible();
    await expect(b.page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await a.page.screenshot({ path: screenshotPath('pairing-relay-holder-lost'), fullPage: true });
    await b.page.screenshot({ path: screenshotPath('pairing-relay-joiner-lost'), fullPage: true });
    await checkAxe(b.page, 'joiner told the relay was lost');

    await expect(b.page.getByText('No linked devices yet.')).toBeVisible();
    await section(b.page, 'Advanced');
    await expect(b.page.getByText('No keys yet.')).toBeVisible();
    expect([...a.problems, ...b.problems]).toEqual([]);
  } finally {
    await a.stop();
    await b.stop();
  }
});
