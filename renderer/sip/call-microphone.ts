import type { RTCSession } from 'jssip/lib/RTCSession';
import type { MicrophoneAvailability } from './call-media';
import { markCallSetup } from './call-timing';

/** How long a microphone opened by the dialer's Enter waits for its call before it is closed. */
export const PREPARED_MICROPHONE_MS = 10_000;

/**
 * A microphone being opened (getUserMedia), and what became of it so far: `open` or `failed` are
 * set as soon as it answers, so a call can tell whether it is worth waiting for.
 */
export class OpeningMicrophone {
  open: MediaStream | null = null;
  failed: { error: unknown } | null = null;

  constructor(readonly stream: Promise<MediaStream>) {
    stream.then(
      (s) => {
        this.open = s;
        markCallSetup('microphone');
      },
      (error: unknown) => {
        this.failed = { error };
      },
    );
  }

  /** Stops its tracks, now or when it opens. */
  close(): void {
    this.stream.then(
      (s) => {
        for (const track of s.getTracks()) track.stop();
      },
      () => undefined,
    );
  }
}

/**
 * The microphone the dialer opens on Enter, while the number is looked up, so the call that
 * follows need not wait for getUserMedia. Taken by that call, or closed after
 * PREPARED_MICROPHONE_MS (or at once with `release`) if no call comes.
 */
export class PreparedMicrophone {
  private pending: { microphone: OpeningMicrophone; timer: ReturnType<typeof setTimeout> } | null =
    null;

  constructor(
    private readonly openMicrophone: () => Promise<MediaStream>,
    private readonly keepMs = PREPARED_MICROPHONE_MS,
  ) {}

  open(): void {
    if (this.pending) return;
    const microphone = new OpeningMicrophone(this.openMicrophone());
    const timer = setTimeout(() => {
      if (this.pending?.microphone === microphone) this.release();
    }, this.keepMs);
    this.pending = { microphone, timer };
  }

  /** The prepared microphone, or a newly opened one; the caller closes it. */
  take(): OpeningMicrophone {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return new OpeningMicrophone(this.openMicrophone());
    clearTimeout(pending.timer);
    return pending.microphone;
  }

  release(): void {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.microphone.close();
  }
}

/**
 * What a call goes out with: the microphone if it is open; else, when it is allowed and present
 * (`availability` 'granted', so getUserMedia is not expected to fail or ask), a silent stand-in
 * track that the microphone replaces when it opens (swapInWhenOpen), so a slow device does not
 * hold the call up; else the microphone once open, so that a denied or missing microphone, or a
 * permission prompt, is dealt with before anyone's phone rings. Throws getUserMedia's error.
 * Audio off until the verdict's gate.
 */
export async function streamForCall(
  microphone: OpeningMicrophone,
  availability: () => Promise<MicrophoneAvailability>,
): Promise<{ stream: MediaStream; standIn: MediaStreamTrack | null }> {
  const settled = () => {
    if (microphone.failed) throw microphone.failed.error;
    return microphone.open ? { stream: silenced(microphone.open), standIn: null } : null;
  };
  const early = settled();
  if (early) return early;
  const granted = (await availability()) === 'granted';
  const meanwhile = settled();
  if (meanwhile) return meanwhile;
  const standIn = granted ? silentTrack() : null;
  if (standIn) return { stream: new MediaStream([standIn]), standIn };
  return { stream: silenced(await microphone.stream), standIn: null };
}

/** Turns a stream's audio off until the verdict's gate (gateMicrophone) turns it on. */
export function silenced(stream: MediaStream): MediaStream {
  for (const track of stream.getAudioTracks()) track.enabled = false;
  return stream;
}

/**
 * Our audio goes out only once the verdict lets the call be heard (`mayPlay`; a failed verdict
 * ends the call), and not while muted or on hold. A 2xx reaches JsSIP while main still checks
 * it, so media may connect before the verdict: until then the microphone track sends silence.
 * JsSIP switches tracks on and off itself on (un)mute and (un)hold, so this runs after each.
 */
export function gateMicrophone(session: RTCSession, mayPlay: boolean): void {
  const muted = session.isMuted() as { audio?: boolean };
  const hold = session.isOnHold() as { local?: boolean; remote?: boolean };
  const on = mayPlay && !muted.audio && !hold.local && !hold.remote;
  for (const sender of senders(session))
    if (sender.track?.kind === 'audio') sender.track.enabled = on;
}

/** The RTP senders of a session's peer connection (none before JsSIP made one). */
export function senders(session: RTCSession): RTCRtpSender[] {
  const connection = session.connection as RTCPeerConnection | undefined;
  return connection ? connection.getSenders() : [];
}

/** Why getUserMedia failed, in words a person can act on. */
export function microphoneProblem(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'Yakker may not use your microphone. Allow it in your system settings, then call again.';
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'No microphone was found. Plug one in or choose another in Settings, then call again.';
  if (name === 'NotReadableError')
    return 'Your microphone is in use by another app or not working. Close that app, then call again.';
  return `Your microphone could not be opened: ${error instanceof Error ? error.message : String(error)}`;
}

let silence: AudioContext | null = null;

/**
 * A silent audio track that stands in for the microphone while it opens, so answering does not
 * wait for the device (some take a few hundred milliseconds); null where Web Audio is missing.
 * One AudioContext for the app, one destination per call.
 */
export function silentTrack(): MediaStreamTrack | null {
  try {
    silence ??= new AudioContext();
    return silence.createMediaStreamDestination().stream.getAudioTracks()[0] ?? null;
  } catch {
    return null;
  }
}

/**
 * Puts the microphone in the stand-in's place on the call's sender (replaceTrack: no new
 * offer/answer) and stops the stand-in. The new track starts disabled: gateMicrophone decides.
 */
async function swapInMicrophone(
  session: RTCSession,
  standIn: MediaStreamTrack,
  stream: MediaStream,
): Promise<void> {
  const track = stream.getAudioTracks()[0];
  if (!track) throw new Error('the microphone gave no audio track');
  const find = () => senders(session).find((s) => s.track === standIn);
  // JsSIP adds the answer's tracks a moment after answer(); by `connecting` they are in.
  if (!find())
    await new Promise<void>((resolve) => {
      session.on('connecting', () => {
        resolve();
      });
    });
  const sender = find();
  if (!sender) throw new Error('the call has no audio sender');
  silenced(stream);
  await sender.replaceTrack(track);
  standIn.stop();
}

export interface SwapHooks {
  /** False once the call ended or another took its place: nothing more is done for it. */
  current(): boolean;
  /** The microphone is on the call (its track disabled: the gate decides). */
  opened(): void;
  /** The microphone would not open (or could not be put on the call). */
  failed(error: unknown): void;
}

/**
 * A call placed or answered with a silent stand-in track gets the microphone in its place as
 * soon as it opens (some devices take a few hundred milliseconds, which the call need not wait
 * for). If it will not open, `failed` says why and the caller ends the call.
 */
export function swapInWhenOpen(
  session: RTCSession,
  standIn: MediaStreamTrack,
  microphone: OpeningMicrophone,
  hooks: SwapHooks,
): void {
  microphone.stream
    .then(async (stream) => {
      if (!hooks.current()) return; // the call's end closes the microphone
      await swapInMicrophone(session, standIn, stream);
      hooks.opened();
    })
    .catch((error: unknown) => {
      standIn.stop();
      if (hooks.current()) hooks.failed(error);
    });
}
