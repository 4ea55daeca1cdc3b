// In-page code for scripts/bench/call-setup.mjs (runs in Chromium, so plain JavaScript in a
// string; a helper, so `npm run bench` skips this *-lib.mjs file). `benchArm(kind)` watches the
// remote audio and stores in `window.__bench.audioAt` (performance.now()) the first moment it is
// loud enough to hear: an AudioWorklet on the audio rendering thread finds the first 128-sample
// quantum with RMS over 0.02 and reports its context time, turned into page time through
// ctx.currentTime (which follows the rendering thread), so a page busy rendering does not delay
// the figure (the audio plays meanwhile; the output device's own latency is not in it). `audioPolledAt` is the older measure, an AnalyserNode polled every 2 ms from the
// page's main thread. `kind` 'yakker': the app's `<audio id="yakker-remote-audio">`, and only
// once it is unmuted (the app keeps remote audio muted until the identity verdict allows it: its
// `yakker.call.audible` mark, or the first poll that finds it unmuted); 'plain':
// `window.__remoteStream`, set by the plain JsSIP page.
export const AUDIO_PROBE = `
// Media milestones of the call's peer connection (window.__media, reset by benchArm): ICE
// connected, connectionState "connected" (DTLS done), the first RTP packet of the remote audio
// (getStats every 5 ms) and the first audio frame delivered to its track
// (getSynchronizationSources every 2 ms).
if (!window.__benchPcWrapped) {
  window.__benchPcWrapped = true;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      const pc = this;
      const mark = (key) => { const m = window.__media; if (m && m[key] === undefined) m[key] = performance.now(); };
      pc.addEventListener('iceconnectionstatechange', () => {
        if (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') mark('iceAt');
      });
      pc.addEventListener('connectionstatechange', () => {
        if (pc.connectionState === 'connected') mark('dtlsAt');
      });
      pc.addEventListener('track', (ev) => {
        const receiver = ev.receiver;
        const frames = setInterval(() => {
          if (receiver.getSynchronizationSources().length > 0) { mark('frameAt'); clearInterval(frames); }
        }, 2);
        const packets = setInterval(() => {
          void pc.getStats(receiver.track).then((stats) => {
            for (const x of stats.values())
              if (x.type === 'inbound-rtp' && x.packetsReceived > 0) { mark('packetAt'); clearInterval(packets); }
          });
        }, 5);
        setTimeout(() => { clearInterval(frames); clearInterval(packets); }, 20000);
      });
    }
  };
}
const BENCH_RMS_WORKLET = \`
registerProcessor('bench-rms', class extends AudioWorkletProcessor {
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch && !this.done) {
      let sum = 0;
      for (const x of ch) sum += x * x;
      if (Math.sqrt(sum / ch.length) > 0.02) { this.done = true; this.port.postMessage(currentTime); }
    }
    return true;
  }
});
\`;
window.benchArm = (kind) => {
  const ctx = (window.__benchCtx ??= new AudioContext());
  void ctx.resume();
  window.__benchWorklet ??= ctx.audioWorklet.addModule(
    URL.createObjectURL(new Blob([BENCH_RMS_WORKLET], { type: 'text/javascript' })),
  );
  let workletReady = false;
  void window.__benchWorklet.then(() => { workletReady = true; });
  window.__media = {};
  const state = (window.__bench = { audioAt: null, audioPolledAt: null, toneAt: null, unmutedAt: null, armedAt: performance.now() });
  const buf = new Float32Array(512);
  let stream = null;
  let source = null;
  let analyser = null;
  let node = null;
  const current = () => {
    if (kind === 'plain') return window.__remoteStream ?? null;
    const el = document.getElementById('yakker-remote-audio');
    return el && el.srcObject instanceof MediaStream ? el.srcObject : null;
  };
  const audible = () => {
    if (kind === 'plain') return true;
    const el = document.getElementById('yakker-remote-audio');
    return el !== null && !el.muted;
  };
  const unmutedAt = () => {
    if (kind === 'plain') return state.armedAt;
    const m = performance.getEntriesByName('yakker.call.audible');
    return m.length > 0 ? m[m.length - 1].startTime : state.unmutedAt;
  };
  const settle = () => {
    const u = unmutedAt();
    if (state.toneAt !== null && u !== null && state.audioAt === null) state.audioAt = Math.max(state.toneAt, u);
  };
  const timer = setInterval(() => {
    const s = current();
    if (s !== stream && (workletReady || s === null)) {
      stream = s;
      source?.disconnect();
      node?.disconnect();
      source = null;
      analyser = null;
      node = null;
      if (s && s.getAudioTracks().length > 0) {
        source = ctx.createMediaStreamSource(s);
        analyser = ctx.createAnalyser();
        analyser.fftSize = 512;
        source.connect(analyser);
        node = new AudioWorkletNode(ctx, 'bench-rms');
        node.port.onmessage = (e) => {
          // ctx.currentTime follows the rendering thread, so a quantum rendered at context
          // time t was rendered (currentTime - t) before now, however late this message is.
          state.toneAt = performance.now() - (ctx.currentTime - e.data) * 1000;
          settle();
        };
        source.connect(node);
        node.connect(ctx.destination);
      }
    }
    if (analyser === null || !audible()) return;
    state.unmutedAt ??= performance.now();
    settle();
    if (state.audioPolledAt !== null) {
      if (state.audioAt !== null) { clearInterval(timer); source?.disconnect(); node?.disconnect(); }
      return;
    }
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const x of buf) sum += x * x;
    if (Math.sqrt(sum / buf.length) > 0.02) state.audioPolledAt = performance.now();
  }, 2);
  state.stop = () => clearInterval(timer);
};
`;

// The plain JsSIP page: a UA registered over WSS straight to Kamailio (no DNS, no identity),
// `benchDial(uri, waitForIce)` places a call and records JsSIP's phases; incoming calls are
// answered at once.
export const PLAIN_PAGE = `
window.benchStart = ({ wss, uri, user, password }) => new Promise((resolve, reject) => {
  const socket = new JsSIP.WebSocketInterface(wss);
  const ua = new JsSIP.UA({ sockets: [socket], uri, authorization_user: user, password, register: true });
  window.__ua = ua;
  ua.on('registered', () => resolve());
  setTimeout(() => reject(new Error('no REGISTER answer in 20 s')), 20000);
  ua.on('registrationFailed', (e) => reject(new Error('register: ' + e.cause)));
  ua.on('newRTCSession', (e) => {
    const session = e.session;
    window.__session = session;
    // Chromium feeds a remote WebRTC stream to Web Audio only while a media element plays it
    // (as the app's <audio> element does).
    const onTrack = (ev) => {
      const stream = ev.streams[0] ?? new MediaStream([ev.track]);
      const el = (window.__audioEl ??= document.body.appendChild(document.createElement('audio')));
      el.autoplay = true;
      el.srcObject = stream;
      window.__remoteStream = stream;
    };
    if (session.connection) session.connection.addEventListener('track', onTrack);
    else session.on('peerconnection', () => session.connection.addEventListener('track', onTrack));
    if (e.originator === 'remote') {
      const answer = () => {
        window.__acceptAt = performance.timeOrigin + performance.now();
        session.answer({ mediaConstraints: { audio: true, video: false }, pcConfig: { iceServers: [] } });
      };
      if (window.__answerAfter > 0) setTimeout(answer, window.__answerAfter);
      else answer();
    }
  });
  ua.start();
});
window.benchDial = (target) => {
  window.__remoteStream = null;
  window.benchArm('plain');
  const marks = { dial: performance.now() };
  window.__marks = marks;
  const session = window.__ua.call(target, {
    mediaConstraints: { audio: true, video: false },
    pcConfig: { iceServers: [] },
    eventHandlers: {
      icecandidate: () => { marks.firstCandidate ??= performance.now(); },
      sending: () => { marks.inviteSent = performance.now(); },
      accepted: () => { marks.answered = performance.now(); },
      failed: (e) => { marks.failed = e.cause; },
    },
  });
  return session.id;
};
window.benchHangUp = () => { const s = window.__session; if (s && !s.isEnded()) s.terminate(); };
window.benchStop = () => new Promise((resolve) => {
  const ua = window.__ua;
  if (!ua) return resolve();
  ua.on('unregistered', () => { ua.stop(); resolve(); });
  ua.unregister({ all: false });
  setTimeout(() => { ua.stop(); resolve(); }, 3000);
});
`;
