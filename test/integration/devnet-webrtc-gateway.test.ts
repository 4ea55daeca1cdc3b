/**
 * A real WebRTC endpoint (werift: ICE, DTLS-SRTP, rtcp-mux, opus) calls the PSTN gateway through
 * the devnet: Kamailio A hands the offer to rtpengine, which terminates ICE and DTLS towards us
 * and sends plain RTP/AVP to the gateway's baresip. DTLS connects with rtpengine and the gateway's
 * tone arrives as SRTP that werift decrypts. And the other direction: a plain RTP caller
 * (baresip on A) reaching a WebRTC user on B gets a WebRTC offer made by B's rtpengine.
 * Everything on 127.0.0.1 (werift bound to loopback, only loopback candidates offered).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters } from 'werift';
import type { DevnetProfile } from '../../devnet/src/index';
import { accountClient, demoSigner, signedCall } from '../support/provider-api-client';
import { startBaresipUa } from '../support/baresip-ua';
import { RawWsSip } from '../support/raw-sip-ws';
import { yakker } from '../support/yakker-cli';

const stateDir = mkdtempSync(join(tmpdir(), 'yakker-devnet-webrtc-'));
const ALICE = '+15550100';
let profile: DevnetProfile;
let ca: string;

beforeAll(async () => {
  const up = await yakker(['--json', 'devnet', 'up', '--state', stateDir]);
  expect(up.status, up.stderr).toBe(0);
  const seed = await yakker(['--json', 'devnet', 'seed', '--state', stateDir]);
  expect(seed.status, seed.stderr).toBe(0);
  profile = JSON.parse(readFileSync(join(stateDir, 'devnet.json'), 'utf8')) as DevnetProfile;
  ca = readFileSync(profile.caCertFile, 'utf8');
}, 120_000);

afterAll(async () => {
  await yakker(['devnet', 'down', '--state', stateDir]);
  rmSync(stateDir, { recursive: true, force: true });
}, 60_000);

const until = async (what: string, test: () => boolean, ms = 15_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

it('a WebRTC call to the PSTN gateway: DTLS-SRTP with rtpengine, the tone arrives', async () => {
  const a = profile.providers[0]!;
  const signer = (): ReturnType<typeof demoSigner> => demoSigner(stateDir, 'alice');
  const created = await signedCall(
    ca,
    `${a.apiUrl}/v1/accounts`,
    'POST',
    { number: ALICE },
    {
      signer: signer(),
    },
  );
  expect(created.status).toBe(201);
  const password = (created.json['sip'] as { password: string }).password;
  expect((await accountClient(ca, a.apiUrl, ALICE, signer).topUp('1.000000')).status).toBe(200);

  const pc = new RTCPeerConnection({
    codecs: {
      audio: [
        new RTCRtpCodecParameters({
          mimeType: 'audio/opus',
          clockRate: 48_000,
          channels: 2,
          payloadType: 111,
        }),
      ],
    },
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceFilterCandidatePair: (pair) => pair.remoteCandidate.host === '127.0.0.1',
  });
  const ws = await RawWsSip.open(`wss://127.0.0.1:${a.ports.wss}`, ca);
  try {
    const transceiver = pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), {
      direction: 'sendrecv',
    });
    let received = 0;
    const payloadTypes = new Set<number>();
    transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        received += 1;
        payloadTypes.add(rtp.header.payloadType);
      });
    });
    await pc.setLocalDescription(await pc.createOffer());
    await until('ICE gathering', () => pc.iceGatheringState === 'complete');
    // Offer only loopback candidates: nothing may be sent to another address.
    const offer = (pc.localDescription?.sdp ?? '')
      .split('\r\n')
      .filter((l) => !l.startsWith('a=candidate:') || / 127\.0\.0\.1 /.test(l))
      .join('\r\n');
    expect(offer).toMatch(/^a=candidate:.* 127\.0\.0\.1 /m);
    expect(offer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF/m);

    const creds = { user: ALICE, domain: 'a.provider.test', password };
    const { response, dialog } = await ws.invite(creds, 'sip:+15550150@a.provider.test', offer);
    expect(response.status).toBe(200);
    // werift's parser needs an address in a=rtcp (RFC 3605 makes it optional; rtpengine omits it).
    const answer = response.body.replace(/^a=rtcp:(\d+)\r?$/m, 'a=rtcp:$1 IN IP4 127.0.0.1');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    ws.ack2xx(dialog);
    await until('DTLS with rtpengine', () => pc.connectionState === 'connected');
    await until('the gateway tone over SRTP', () => received > 25);
    expect([...payloadTypes]).toEqual([111]); // decrypted opus, as negotiated
    expect(await ws.bye(dialog)).toBe(200);
  } finally {
    ws.close();
    await pc.close();
  }
}, 90_000);

it('a plain RTP caller reaching a WebRTC user gets bridged the other way (p2w)', async () => {
  const a = profile.providers[0]!;
  const b = profile.providers[1]!;
  const passwords = JSON.parse(
    readFileSync(join(stateDir, 'demo-users', 'sip-passwords.json'), 'utf8'),
  ) as Record<string, string>;
  const bobCreds = { user: '+15550101', domain: 'b.provider.test', password: passwords['bob']! };
  const callee = await RawWsSip.open(`wss://127.0.0.1:${b.ports.wss}`, ca);
  const reissued = await signedCall(
    ca,
    `${a.apiUrl}/v1/accounts`,
    'POST',
    { number: ALICE },
    {
      signer: demoSigner(stateDir, 'alice'),
    },
  );
  const caller = await startBaresipUa({
    dir: join(stateDir, 'plain-caller'),
    user: ALICE,
    domain: 'a.provider.test',
    password: (reissued.json['sip'] as { password: string }).password,
    kamailioTcpPort: a.ports.tcp,
  });
  try {
    expect(await callee.register(bobCreds, { ice: true })).toBe(200);
    await caller.registered();
    caller.command('dial', 'sip:+15550101@b.provider.test');
    const invite = await callee.next((m) => m.method === 'INVITE', 15_000);
    callee.reply(invite, 486, 'Busy Here');
    // baresip offered plain RTP/AVP; provider B's rtpengine turned it into WebRTC for bob.
    expect(invite.body).toMatch(/^m=audio (\d+) UDP\/TLS\/RTP\/SAVPF /m);
    const port = Number(/^m=audio (\d+)/m.exec(invite.body)?.[1]);
    expect(port).toBeGreaterThanOrEqual(profile.media.rtpengine.portMin);
    expect(port).toBeLessThanOrEqual(profile.media.rtpengine.portMax);
    expect(invite.body).toMatch(/^c=IN IP4 127\.0\.0\.1$/m);
    expect(invite.body).toMatch(/^a=fingerprint:sha-256 /m);
    expect(invite.body).toMatch(/^a=ice-ufrag:/m);
    expect(invite.body).toMatch(/^a=rtcp-mux$/m);
    expect(invite.body).not.toMatch(/^a=crypto:/m);
    const closed = await caller.waitFor(['CALL_CLOSED'], 15_000);
    expect(closed.param).toMatch(/^486/);
  } finally {
    await caller.stop();
    callee.close();
  }
}, 60_000);
