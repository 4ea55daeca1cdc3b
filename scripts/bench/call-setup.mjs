// Call setup, dial to remote audio, on a real devnet (issue 6, "Benchmark"), side by side in one
// run:
//   plain    plain JsSIP in two Chromium pages, registered over WS straight to Kamailio (no DNS
//            lookup, no identity, no DNSSEC), JsSIP's defaults (waits for ICE gathering to end)
//   baresip  baresip calling baresip over TCP through the same Kamailios (dial to the caller's
//            first RTP packet: baresip's CALL_RTPESTAB)
//   yakker   the Yakker app to the Yakker app through the web bridge, each in its own Chromium with
//            its own keychain: Enter in the dialer (ENUM + certificate lookup), the identity
//            layer on both sides (sign, look up, verify), remote audio unmuted by the verdict;
//            once with the app's early end of ICE gathering and once waiting as JsSIP does
// alice (provider A, 440 Hz) calls bob (provider B), who answers at once (plain: in the page;
// yakker: the Accept button is clicked by an in-page observer as soon as it shows; baresip: the
// `accept` command on CALL_INCOMING). "Audio" is the caller's page hearing the callee's tone
// (RMS over 512 samples, polled every 2 ms), for Yakker only once the app unmutes it.
// Prints one JSON object: median / p90 / min per variant, the ratios, Yakker's phases.
//
// Needs the build (`node scripts/build.mjs`) and a loopback-only network namespace, like the e2e
// tests:  unshare -rn sh -c 'ip link set lo up && node scripts/bench/call-setup.mjs'
// Env: CALLS (default 20 per variant, after 2 warm-up calls), VARIANTS (default
// plain,baresip,yakker,yakker-wait-ice), ANSWER_AFTER_MS (default 0: the callee answers that
// long after it starts ringing, as a person would; then acceptToAudioMs, the callee's Accept to
// the caller hearing it, is the figure that counts, plain JsSIP and Yakker only).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadTs, root, runningDevnet, stats } from './bench-lib.mjs';
import { AUDIO_PROBE, PLAIN_PAGE } from './call-pages-lib.mjs';

const CALLS = Number(process.env.CALLS ?? 20);
const WARM_UP = 2;
const ANSWER_AFTER_MS = Number(process.env.ANSWER_AFTER_MS ?? 0);
const VARIANTS = (process.env.VARIANTS ?? 'plain,baresip,yakker,yakker-wait-ice').split(',');
const WAIT_ICE_KEY = 'yakker.calls.waitForIceComplete'; // renderer/sip/ice-gathering.ts

const isLoopbackOnly = Object.values(networkInterfaces())
  .flat()
  .every((a) => a?.internal !== false);
if (!isLoopbackOnly) {
  const how =
    "media must stay on loopback; run it in a loopback-only namespace: unshare -rn sh -c 'ip link set lo up && node scripts/bench/call-setup.mjs'";
  process.stderr.write(`call-setup: ${how}\n`);
  process.stdout.write(`${JSON.stringify({ skipped: how })}\n`);
  process.exit(0);
}

const lib = await loadTs('call-setup', [
  "export { startTestDevnet } from './test/support/devnet-cli';",
  "export { launchCallBrowser, openCallDevice } from './test/e2e/support/call-devices';",
  "export { startBaresipUa } from './test/support/baresip-ua';",
  "export { writeToneWav } from './test/e2e/support/tone';",
]);

const round = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
const load = () => Math.round((loadavg()[0] ?? 0) * 10) / 10;
const log = (text) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

/** Runs WARM_UP + CALLS calls with `once` (which returns one sample object), keeps the last CALLS. */
async function series(name, once) {
  const samples = [];
  const loads = [];
  for (let i = 0; i < WARM_UP + CALLS; i++) {
    const sample = await once(i);
    if (i >= WARM_UP) {
      samples.push(sample);
      loads.push(load());
    }
  }
  log(`${name}: ${samples.length} calls, load ${Math.min(...loads)}-${Math.max(...loads)}`);
  return { samples, load: [Math.min(...loads), Math.max(...loads)] };
}

function summary({ samples, load: loadRange }, keys) {
  const out = { calls: samples.length, loadAverage: loadRange };
  for (const key of keys) {
    const values = samples.map((s) => s[key]).filter((v) => typeof v === 'number');
    if (values.length > 0) out[key] = stats(values);
  }
  return out;
}

async function waitAudio(page) {
  try {
    await page.waitForFunction(
      () => window.__bench?.audioAt != null && window.__bench.audioPolledAt != null,
      null,
      {
        timeout: 20_000,
        polling: 20,
      },
    );
  } catch (error) {
    const seen = await page.evaluate(() => ({
      marks: window.__marks ?? null,
      yakkerMarks: performance
        .getEntriesByType('mark')
        .map((e) => `${e.name}@${Math.round(e.startTime)}`),
      audioContext: window.__benchCtx?.state,
      plainStream: window.__remoteStream ? window.__remoteStream.getAudioTracks().length : null,
      session: window.__session ? window.__session.status : null,
      audioElement: (() => {
        const el = document.getElementById('yakker-remote-audio');
        return el ? { muted: el.muted, stream: el.srcObject !== null } : null;
      })(),
    }));
    throw new Error(`no remote audio within 20 s: ${JSON.stringify(seen)}`, { cause: error });
  }
}

/** The caller's media milestones after the 200 reached JsSIP (AUDIO_PROBE's window.__media). */
function mediaSteps(media, answered) {
  const after = (t) =>
    typeof t === 'number' && typeof answered === 'number' ? t - answered : null;
  return {
    answeredToIceMs: after(media.iceAt),
    answeredToDtlsMs: after(media.dtlsAt),
    answeredToFirstPacketMs: after(media.packetAt),
    answeredToFirstFrameMs: after(media.frameAt),
  };
}

// ---------------------------------------------------------------- plain JsSIP
async function plainVariant(devnet, work) {
  const bundle = await build({
    entryPoints: [join(root, 'node_modules/jssip/lib/JsSIP.js')],
    bundle: true,
    format: 'iife',
    globalName: 'JsSIP',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
  });
  const js = `${bundle.outputFiles[0].text}\nif (!JsSIP.UA && JsSIP.default) JsSIP = JsSIP.default;\n${AUDIO_PROBE}\n${PLAIN_PAGE}`;
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>plain JsSIP</title><script src="/bench.js"></script>');
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const pages = [];
  const browsers = [];
  try {
    for (const [user, hz] of [
      ['alice', 440],
      ['bob', 660],
    ]) {
      const account = devnet.account(user);
      const provider = devnet.profile.providers.find((p) => p.domain === account.domain);
      const wav = join(work, `${hz}.wav`);
      lib.writeToneWav(wav, hz);
      const browser = await lib.launchCallBrowser(wav);
      browsers.push(browser);
      const context = await browser.newContext({ permissions: ['microphone'] });
      const page = await context.newPage();
      if (process.env.BENCH_DEBUG) {
        page.on('console', (m) => log(`[${user}] ${m.text()}`));
        await page.addInitScript(() => localStorage.setItem('debug', 'JsSIP:*'));
      }
      await page.goto(url);
      await page.evaluate((ms) => (window.__answerAfter = ms), ANSWER_AFTER_MS);
      log(`plain JsSIP: registering ${user}`);
      await page.evaluate((o) => window.benchStart(o), {
        // Kamailio's plain WebSocket port: Chromium does not trust the devnet CA for WSS (a
        // TLS handshake happens once per connection, not per call).
        wss: `ws://127.0.0.1:${provider.ports.ws}`,
        uri: account.sipUri,
        user: account.sipUser,
        password: account.password,
      });
      pages.push(page);
    }
    const [alice, bob] = pages;
    const target = devnet.account('bob').sipUri;
    return await series('plain JsSIP', async () => {
      await alice.evaluate((t) => window.benchDial(t), target);
      await waitAudio(alice);
      const m = await alice.evaluate(() => ({
        ...window.__marks,
        audioAt: window.__bench.audioAt,
        audioPolledAt: window.__bench.audioPolledAt,
        origin: performance.timeOrigin,
        media: window.__media ?? {},
      }));
      const acceptAt = await bob.evaluate(() => window.__acceptAt);
      await alice.evaluate(() => window.benchHangUp());
      for (const p of [alice, bob])
        await p.waitForFunction(() => window.__session?.isEnded() ?? true, null, {
          timeout: 10_000,
        });
      await new Promise((r) => setTimeout(r, 200));
      return {
        dialToAudioMs: m.audioAt - m.dial,
        dialToAudioPolledMs: m.audioPolledAt - m.dial,
        iceGatheringMs: m.inviteSent - m.dial,
        inviteTo200Ms: m.answered - m.inviteSent,
        answeredToAudioMs: m.audioAt - m.answered,
        dialToAnsweredMs: m.answered - m.dial,
        acceptToAudioMs: m.origin + m.audioAt - acceptAt,
        ...mediaSteps(m.media, m.answered),
      };
    });
  } finally {
    for (const p of pages) await p.evaluate(() => window.benchStop()).catch(() => undefined);
    for (const b of browsers) await b.close();
    server.close();
  }
}

// ---------------------------------------------------------------- baresip
async function baresipVariant(devnet, work) {
  const ua = async (user) => {
    const account = devnet.account(user);
    const provider = devnet.profile.providers.find((p) => p.domain === account.domain);
    const b = await lib.startBaresipUa({
      dir: join(work, `baresip-${user}`),
      user: account.sipUser,
      domain: account.domain,
      password: account.password,
      kamailioTcpPort: provider.ports.tcp,
    });
    await b.registered();
    return b;
  };
  const alice = await ua('alice');
  const bob = await ua('bob');
  try {
    const target = devnet.account('bob').sipUri;
    return await series('baresip', async () => {
      const [a0, b0] = [alice.events.length, bob.events.length];
      const t0 = performance.now();
      const incoming = bob.waitFor(['CALL_INCOMING'], 15_000, b0).then(() => {
        bob.command('accept');
      });
      const established = alice
        .waitFor(['CALL_ESTABLISHED'], 15_000, a0)
        .then(() => performance.now());
      const rtp = alice.waitFor(['CALL_RTPESTAB'], 15_000, a0).then(() => performance.now());
      alice.command('dial', target);
      await incoming;
      const [tEst, tRtp] = await Promise.all([established, rtp]);
      alice.command('hangup');
      await Promise.all([
        alice.waitFor(['CALL_CLOSED'], 10_000, a0),
        bob.waitFor(['CALL_CLOSED'], 10_000, b0),
      ]);
      await new Promise((r) => setTimeout(r, 200));
      return { dialToAudioMs: tRtp - t0, dialToAnsweredMs: tEst - t0 };
    });
  } finally {
    await alice.stop();
    await bob.stop();
  }
}

// ---------------------------------------------------------------- Yakker
const AUTO_ACCEPT = `
new MutationObserver(() => {
  const dialog = document.querySelector('[role=alertdialog]');
  const button = dialog && [...dialog.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Accept');
  if (button && !button.dataset.benchClicked) {
    button.dataset.benchClicked = '1';
    if (${ANSWER_AFTER_MS} > 0) setTimeout(() => button.click(), ${ANSWER_AFTER_MS});
    else button.click();
  }
}).observe(document.body, { subtree: true, childList: true });
`;

async function yakkerDevices(devnet) {
  const alice = await lib.openCallDevice(devnet, 'alice', 440);
  const bob = await lib.openCallDevice(devnet, 'bob', 660);
  await alice.page.evaluate(AUDIO_PROBE);
  await bob.page.evaluate(AUTO_ACCEPT);
  await alice.page.getByRole('link', { name: 'Calls' }).click();
  return { alice, bob };
}

async function yakkerVariant(devices, devnet, waitIce) {
  const { alice, bob } = devices;
  for (const d of [alice, bob])
    await d.page.evaluate(
      ([key, on]) => (on ? localStorage.setItem(key, '1') : localStorage.removeItem(key)),
      [WAIT_ICE_KEY, waitIce],
    );
  const field = alice.page.getByRole('textbox', { name: 'Phone number or address' });
  const number = devnet.account('bob').e164;
  const first = [];
  const timelines = [];
  const result = await series(waitIce ? 'yakker (wait for ICE)' : 'yakker', async (i) => {
    await field.fill(number);
    await alice.page.evaluate(() => window.benchArm('yakker'));
    // TRACE_DIR: a Chromium performance trace of both pages for the first measured call.
    const tracing = process.env.TRACE_DIR && i === WARM_UP && !waitIce;
    if (tracing)
      for (const d of [alice, bob])
        await d.browser.startTracing(d.page, {
          path: join(process.env.TRACE_DIR, `${d.user}.json`),
          categories: ['devtools.timeline', 'v8.execute', 'blink.user_timing', 'toplevel'],
        });
    await field.press('Enter');
    await waitAudio(alice.page);
    if (tracing) for (const d of [alice, bob]) await d.browser.stopTracing();
    const m = await alice.page.evaluate(() => {
      const marks = {};
      for (const e of performance.getEntriesByType('mark'))
        if (e.name.startsWith('yakker.call.')) marks[e.name.slice(12)] = e.startTime;
      return {
        ...marks,
        audioAt: window.__bench.audioAt,
        audioPolledAt: window.__bench.audioPolledAt,
        origin: performance.timeOrigin,
        media: window.__media ?? {},
      };
    });
    const b = await bob.page.evaluate(() => {
      const marks = {};
      for (const e of performance.getEntriesByType('mark'))
        if (e.name.startsWith('yakker.call.')) marks[e.name.slice(12)] = e.startTime;
      return { ...marks, origin: performance.timeOrigin };
    });
    const timeline = callTimeline(m, b);
    if (i >= WARM_UP) timelines.push(timeline);
    await alice.page.getByRole('button', { name: 'Hang up' }).click();
    for (const d of [alice, bob])
      await d.page.locator('.call-screen').waitFor({ state: 'hidden', timeout: 15_000 });
    const sample = {
      dialToAudioMs: m.audioAt - m.submit,
      dialToAudioPolledMs: m.audioPolledAt - m.submit,
      resolveMs: m.dial - m.submit,
      iceGatheringMs: m['invite-sent'] - m.dial,
      firstCandidateMs: m['first-candidate'] - m.dial,
      inviteTo200Ms: m.answered - m['invite-sent'],
      answeredToAudioMs: m.audioAt - m.answered,
      answeredToAudibleMs: m.audible - m.answered,
      dialToAnsweredMs: m.answered - m.submit,
      calleeIncomingToRingingMs: b.ringing - b.incoming,
      calleeRingingToAcceptMs: b.answering - b.ringing,
      calleeAcceptTo200SentMs: b['answer-sent'] - b.answering,
      acceptToAudioMs: m.origin + m.audioAt - (b.origin + b.answering),
      ...mediaSteps(m.media, m.answered),
    };
    if (i === 0) first.push(sample);
    return sample;
  });
  return { ...result, first: first[0], timeline: medianTimeline(timelines) };
}

// Main's side of each call, from the web hosts' YAKKER_SIP_TIMING_TRACE (main/sip/sip-timing-trace.ts).
const TRACE = join(mkdtempSync(join(tmpdir(), 'yakker-bench-trace-')), 'sip-trace.jsonl');
let traceRead = 0;

function newTraceLines() {
  let text = '';
  try {
    text = readFileSync(TRACE, 'utf8');
  } catch {
    return [];
  }
  const lines = text.slice(traceRead).split('\n').filter(Boolean);
  traceRead = text.length;
  return lines.map((l) => JSON.parse(l));
}

/**
 * One call's steps across alice's page, alice's main, bob's main and bob's page, in ms after
 * alice's Enter (wall clock: every process reads the same clock).
 */
function callTimeline(a, b) {
  const at = (marks, name) =>
    typeof marks[name] === 'number' ? marks.origin + marks[name] : undefined;
  const t0 = at(a, 'submit');
  const steps = {
    'alice page: Enter': at(a, 'submit'),
    'alice page: microphone open': at(a, 'microphone'),
    'alice page: resolved, dial': at(a, 'dial'),
    'alice page: peer connection': at(a, 'peer-connection'),
    'alice page: media attached (connecting)': at(a, 'connecting'),
    'alice page: first ICE candidate': at(a, 'first-candidate'),
    'alice page: INVITE complete (JsSIP sending)': at(a, 'invite-sent'),
  };
  const lines = newTraceLines();
  const invite = lines.find((l) => l.step === 'send' && /^INVITE /.test(l.firstLine));
  if (invite) {
    const ofCall = lines.filter((l) => l.callId === invite.callId);
    const first = (pid, step, re) =>
      ofCall.find((l) => (pid === null || l.pid === pid) && l.step === step && re.test(l.firstLine))
        ?.t;
    const alicePid = invite.pid;
    const bobPid = ofCall.find((l) => l.pid !== alicePid)?.pid ?? -1;
    Object.assign(steps, {
      'alice main: INVITE in from page': first(alicePid, 'send', /^INVITE /),
      'alice main: INVITE signed': first(alicePid, 'filtered-out', /^INVITE /),
      'alice main: INVITE written (TLS)': first(alicePid, 'written', /^INVITE /),
      'bob main: INVITE received': first(bobPid, 'received', /^INVITE /),
      'bob main: INVITE verdict': first(bobPid, 'verdict', /^INVITE /),
      'bob main: INVITE checked': first(bobPid, 'filtered-in', /^INVITE /),
      'bob main: INVITE to page': first(bobPid, 'delivered', /^INVITE /),
    });
    steps['bob page: JsSIP has the INVITE'] = at(b, 'incoming');
    steps['bob page: ringing'] = at(b, 'ringing');
    steps['bob page: answer prepared (offer applied while ringing)'] = at(b, 'answer-prepared');
    steps['bob page: Accept clicked'] = at(b, 'answering');
    steps['bob page: microphone open'] = at(b, 'microphone');
    steps['bob page: peer connection'] = at(b, 'peer-connection');
    steps['bob page: offer applied (connecting)'] = at(b, 'connecting');
    steps['bob page: first ICE candidate'] = at(b, 'first-candidate');
    Object.assign(steps, {
      'bob main: 200 in from page': first(bobPid, 'send', /^SIP\/2\.0 200/),
      'bob main: 200 signed': first(bobPid, 'filtered-out', /^SIP\/2\.0 200/),
      'bob main: 200 written (TLS)': first(bobPid, 'written', /^SIP\/2\.0 200/),
      'alice main: 200 received': first(alicePid, 'received', /^SIP\/2\.0 200/),
      'alice main: 200 checked': first(alicePid, 'filtered-in', /^SIP\/2\.0 200/),
      'alice main: 200 to page': first(alicePid, 'delivered', /^SIP\/2\.0 200/),
      'alice main: 200 verdict': first(alicePid, 'verdict', /^SIP\/2\.0 200/),
    });
    steps['bob page: 200 sent (accepted)'] = at(b, 'answer-sent');
  }
  steps['alice page: 200 in JsSIP (accepted)'] = at(a, 'answered');
  steps['alice page: remote track'] = at(a, 'remote-track');
  steps['alice page: audible (verdict)'] = at(a, 'audible');
  steps['alice page: tone heard (audio thread)'] =
    typeof a.audioAt === 'number' ? a.origin + a.audioAt : undefined;
  steps['alice page: tone heard (polled on the main thread)'] =
    typeof a.audioPolledAt === 'number' ? a.origin + a.audioPolledAt : undefined;
  return Object.fromEntries(
    Object.entries(steps).map(([k, v]) => [k, v === undefined || t0 === undefined ? null : v - t0]),
  );
}

/**
 * Per step: the median time after Enter, and the median of each call's own step from the step
 * before it in time order ("+ms"), which medians of the totals alone would blur.
 */
function medianTimeline(timelines) {
  if (timelines.length === 0) return null;
  const median = (values) => {
    const sorted = values.filter((v) => typeof v === 'number').sort((x, y) => x - y);
    return sorted.length === 0 ? null : round(sorted[Math.floor(sorted.length / 2)]);
  };
  const keys = Object.keys(timelines[0]);
  const at = Object.fromEntries(keys.map((k) => [k, median(timelines.map((t) => t[k]))]));
  const order = keys.filter((k) => at[k] !== null).sort((x, y) => at[x] - at[y]);
  const out = {};
  order.forEach((key, i) => {
    const before = order[i - 1];
    const step =
      before === undefined
        ? null
        : median(
            timelines.map((t) =>
              typeof t[key] === 'number' && typeof t[before] === 'number'
                ? t[key] - t[before]
                : null,
            ),
          );
    out[key] = { at: at[key], step };
  });
  return out;
}

// ---------------------------------------------------------------- run
const work = mkdtempSync(join(tmpdir(), 'yakker-bench-calls-'));
log('devnet up + seed');
const devnet = process.env.BENCH_DEVNET_STATE
  ? runningDevnet(process.env.BENCH_DEVNET_STATE)
  : await lib.startTestDevnet('yakker-bench-calls-');
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => {
    log(`${signal}: stopping the devnet`);
    void devnet.down().finally(() => process.exit(130));
  });
log('devnet ready');
const results = {};
const keys = [
  'dialToAudioMs',
  'dialToAudioPolledMs',
  'resolveMs',
  'iceGatheringMs',
  'firstCandidateMs',
  'inviteTo200Ms',
  'dialToAnsweredMs',
  'answeredToAudibleMs',
  'answeredToAudioMs',
  'calleeIncomingToRingingMs',
  'calleeRingingToAcceptMs',
  'calleeAcceptTo200SentMs',
  'acceptToAudioMs',
  'answeredToIceMs',
  'answeredToDtlsMs',
  'answeredToFirstPacketMs',
  'answeredToFirstFrameMs',
];
try {
  // Plain JsSIP and baresip register alice and bob too: they run first and unregister, so the
  // Yakker calls do not fork to them.
  if (VARIANTS.includes('plain'))
    results.plainJssip = summary(await plainVariant(devnet, work), keys);
  if (VARIANTS.includes('baresip'))
    results.baresip = summary(await baresipVariant(devnet, work), keys);
  if (VARIANTS.some((v) => v.startsWith('yakker'))) {
    log('two Yakker apps: keychains, web hosts, Chromium, sign-in');
    process.env['YAKKER_SIP_TIMING_TRACE'] = TRACE;
    const devices = await yakkerDevices(devnet);
    try {
      for (const [name, waitIce] of [
        ['yakker', false],
        ['yakker-wait-ice', true],
      ]) {
        if (!VARIANTS.includes(name)) continue;
        const r = await yakkerVariant(devices, devnet, waitIce);
        results[waitIce ? 'yakkerWaitingForIce' : 'yakker'] = {
          ...summary(r, keys),
          firstCallAfterSignIn: Object.fromEntries(
            Object.entries(r.first ?? {}).map(([k, v]) => [k, round(v)]),
          ),
          medianTimelineMs: r.timeline,
        };
      }
      const problems = [...devices.alice.problems, ...devices.bob.problems];
      if (problems.length > 0) results.pageProblems = problems.slice(0, 10);
    } finally {
      await devices.alice.stop();
      await devices.bob.stop();
    }
  }
} finally {
  await devnet.down();
  rmSync(work, { recursive: true, force: true });
}

const median = (name) => results[name]?.dialToAudioMs?.median ?? null;
const ratio = (a, b) =>
  median(a) !== null && median(b) !== null ? Math.round((median(a) / median(b)) * 100) / 100 : null;
process.stdout.write(
  `${JSON.stringify(
    {
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      callsPerVariant: CALLS,
      warmUpCalls: WARM_UP,
      results,
      ratios: {
        yakkerOverPlainJssip: ratio('yakker', 'plainJssip'),
        yakkerOverBaresip: ratio('yakker', 'baresip'),
        plainJssipOverBaresip: ratio('plainJssip', 'baresip'),
        yakkerEarlyIceOverWaiting: ratio('yakker', 'yakkerWaitingForIce'),
      },
      aimMs: 150,
      answerAfterMs: ANSWER_AFTER_MS,
      note: 'ms; dial = Enter (Yakker) / ua.call (plain) / dial command (baresip); audio = the caller hears the callee (baresip: first RTP packet)',
    },
    null,
    2,
  )}\n`,
);
