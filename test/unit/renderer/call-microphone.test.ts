import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RTCSession } from 'jssip/lib/RTCSession';
import {
  gateMicrophone,
  microphoneProblem,
  OpeningMicrophone,
  PreparedMicrophone,
  streamForCall,
  swapInWhenOpen,
  type SwapHooks,
} from '../../../renderer/sip/call-microphone';

class FakeTrack {
  enabled = true;
  stopped = false;
  constructor(readonly kind = 'audio') {}
  stop(): void {
    this.stopped = true;
  }
}

function fakeStream(): { stream: MediaStream; track: FakeTrack } {
  const track = new FakeTrack();
  const stream = { getTracks: () => [track], getAudioTracks: () => [track] };
  return { stream: stream as unknown as MediaStream, track };
}

function fakeSession(state: { muted?: boolean; local?: boolean; remote?: boolean }) {
  const track = new FakeTrack();
  const session = {
    isMuted: () => ({ audio: state.muted ?? false, video: false }),
    isOnHold: () => ({ local: state.local ?? false, remote: state.remote ?? false }),
    connection: { getSenders: () => [{ track }] },
  };
  return { session: session as unknown as RTCSession, track };
}

describe('PreparedMicrophone: opened on Enter, taken by the call or closed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('the call takes the microphone opened before it, without opening another', async () => {
    const { stream, track } = fakeStream();
    const open = vi.fn(() => Promise.resolve(stream));
    const prepared = new PreparedMicrophone(open, 10_000);
    prepared.open();
    prepared.open(); // Enter twice: still one microphone
    const taken = prepared.take();
    expect(await taken.stream).toBe(stream);
    expect(taken.open).toBe(stream); // settled, so a call can tell it need not wait
    expect(open).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(track.stopped).toBe(false); // the call owns it now
  });

  it('closes it when no call comes in time, or when the call is not placed', async () => {
    const first = fakeStream();
    const second = fakeStream();
    const streams = [first.stream, second.stream];
    const prepared = new PreparedMicrophone(
      () => Promise.resolve(streams.shift() as MediaStream),
      10_000,
    );
    prepared.open();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(first.track.stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(first.track.stopped).toBe(true);
    prepared.open();
    prepared.release();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.track.stopped).toBe(true);
  });

  it('without a prepared one, take() opens the microphone; its failure reaches the caller', async () => {
    const denied = new DOMException('Permission denied', 'NotAllowedError');
    const prepared = new PreparedMicrophone(() => Promise.reject(denied));
    const taken = prepared.take();
    await expect(taken.stream).rejects.toBe(denied);
    expect(taken.failed).toEqual({ error: denied });
    expect(taken.open).toBeNull();
    expect(microphoneProblem(denied)).toMatch(/may not use your microphone/);
    expect(microphoneProblem(new DOMException('busy', 'NotReadableError'))).toMatch(/in use/);
  });
});

describe('gateMicrophone: nothing of ours is heard before the verdict', () => {
  it('silent until the verdict, then on; off again while muted or on hold either side', () => {
    const state: { muted?: boolean; local?: boolean; remote?: boolean } = {};
    const { session, track } = fakeSession(state);
    gateMicrophone(session, false);
    expect(track.enabled).toBe(false);
    gateMicrophone(session, true);
    expect(track.enabled).toBe(true);
    for (const key of ['muted', 'local', 'remote'] as const) {
      state[key] = true;
      gateMicrophone(session, true);
      expect(track.enabled, key).toBe(false);
      state[key] = false;
    }
    // JsSIP's unmute switches the track on: before the verdict the gate switches it off again.
    track.enabled = true;
    gateMicrophone(session, false);
    expect(track.enabled).toBe(false);
  });
});

describe('OpeningMicrophone: what became of getUserMedia so far', () => {
  it('is neither open nor failed while getUserMedia has not answered', async () => {
    let resolve: (s: MediaStream) => void = () => undefined;
    const opening = new OpeningMicrophone(new Promise<MediaStream>((r) => (resolve = r)));
    await Promise.resolve();
    expect(opening.open).toBeNull();
    expect(opening.failed).toBeNull();
    const { stream, track } = fakeStream();
    resolve(stream);
    await opening.stream;
    expect(opening.open).toBe(stream);
    opening.close();
    await Promise.resolve();
    expect(track.stopped).toBe(true);
  });
});

describe("swapInWhenOpen: the microphone takes the stand-in track's place", () => {
  function sessionWithSender(standIn: FakeTrack) {
    const sender = {
      track: standIn as FakeTrack | null,
      replaceTrack: vi.fn((t: FakeTrack) => {
        sender.track = t;
        return Promise.resolve();
      }),
    };
    const session = { connection: { getSenders: () => [sender] }, on: vi.fn() };
    return { session: session as unknown as RTCSession, sender };
  }
  function hooks(current = true) {
    return {
      current: vi.fn(() => current),
      opened: vi.fn(),
      failed: vi.fn(),
    } satisfies SwapHooks;
  }

  it('puts the microphone on the sender, off (the gate decides), and stops the stand-in', async () => {
    const standIn = new FakeTrack();
    const { session, sender } = sessionWithSender(standIn);
    const { stream, track } = fakeStream();
    const h = hooks();
    swapInWhenOpen(
      session,
      standIn as unknown as MediaStreamTrack,
      new OpeningMicrophone(Promise.resolve(stream)),
      h,
    );
    await vi.waitFor(() => {
      expect(h.opened).toHaveBeenCalled();
    });
    expect(sender.track).toBe(track);
    expect(track.enabled).toBe(false);
    expect(standIn.stopped).toBe(true);
    expect(h.failed).not.toHaveBeenCalled();
  });

  it('a microphone that will not open is reported (the call is ended by the caller)', async () => {
    const standIn = new FakeTrack();
    const { session, sender } = sessionWithSender(standIn);
    const denied = new DOMException('Permission denied', 'NotAllowedError');
    const h = hooks();
    swapInWhenOpen(
      session,
      standIn as unknown as MediaStreamTrack,
      new OpeningMicrophone(Promise.reject(denied)),
      h,
    );
    await vi.waitFor(() => {
      expect(h.failed).toHaveBeenCalledWith(denied);
    });
    expect(sender.replaceTrack).not.toHaveBeenCalled();
    expect(standIn.stopped).toBe(true);
  });

  it('does nothing for a call that has ended meanwhile', async () => {
    const standIn = new FakeTrack();
    const { session, sender } = sessionWithSender(standIn);
    const h = hooks(false);
    swapInWhenOpen(
      session,
      standIn as unknown as MediaStreamTrack,
      new OpeningMicrophone(Promise.resolve(fakeStream().stream)),
      h,
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(sender.replaceTrack).not.toHaveBeenCalled();
    expect(h.opened).not.toHaveBeenCalled();
    expect(h.failed).not.toHaveBeenCalled();
  });
});

describe('streamForCall: what a call goes out with', () => {
  const scope = globalThis as { AudioContext?: unknown; MediaStream?: unknown };
  const saved = { AudioContext: scope.AudioContext, MediaStream: scope.MediaStream };
  let standIns: FakeTrack[] = [];
  beforeEach(() => {
    standIns = [];
    // Web Audio's silent destination and MediaStream, as far as the stand-in needs them.
    scope.AudioContext = class {
      createMediaStreamDestination() {
        const track = new FakeTrack();
        standIns.push(track);
        return { stream: { getAudioTracks: () => [track] } };
      }
    };
    scope.MediaStream = class {
      constructor(readonly tracks: FakeTrack[]) {}
      getAudioTracks() {
        return this.tracks;
      }
    };
  });
  afterEach(() => {
    scope.AudioContext = saved.AudioContext;
    scope.MediaStream = saved.MediaStream;
  });
  const pending = () => new OpeningMicrophone(new Promise<MediaStream>(() => undefined));

  it('allowed and present but still opening: a silent stand-in, the call need not wait', async () => {
    const { stream, standIn } = await streamForCall(pending(), () => Promise.resolve('granted'));
    expect(standIn).toBe(standIns[0]);
    expect(stream.getAudioTracks()).toEqual([standIns[0]]);
  });

  it('open already: the microphone itself, its audio off until the verdict', async () => {
    const { stream, track } = fakeStream();
    const opening = new OpeningMicrophone(Promise.resolve(stream));
    await opening.stream;
    const availability = vi.fn(() => Promise.resolve('granted' as const));
    const got = await streamForCall(opening, availability);
    expect(got).toEqual({ stream, standIn: null });
    expect(track.enabled).toBe(false);
    expect(availability).not.toHaveBeenCalled();
  });

  it('denied, missing or to be asked: waits for getUserMedia, so nobody rings for nothing', async () => {
    for (const availability of ['denied', 'none', 'ask'] as const) {
      const denied = new DOMException('Permission denied', 'NotAllowedError');
      let reject: (e: unknown) => void = () => undefined;
      const opening = new OpeningMicrophone(new Promise<MediaStream>((_, r) => (reject = r)));
      const call = streamForCall(opening, () => Promise.resolve(availability));
      reject(denied);
      await expect(call, availability).rejects.toBe(denied);
    }
    expect(standIns).toEqual([]);
  });

  it('a microphone that failed while availability was asked: its error, no stand-in', async () => {
    const busy = new DOMException('Could not start audio source', 'NotReadableError');
    const opening = new OpeningMicrophone(Promise.reject(busy));
    const call = streamForCall(opening, async () => {
      await opening.stream.catch(() => undefined);
      return 'granted';
    });
    await expect(call).rejects.toBe(busy);
    expect(standIns).toEqual([]);
  });
});
