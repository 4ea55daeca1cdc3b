import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RTCSession } from 'jssip/lib/RTCSession';
import {
  gateMicrophone,
  microphoneProblem,
  PreparedMicrophone,
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
    expect(await prepared.take()).toBe(stream);
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
    await expect(prepared.take()).rejects.toBe(denied);
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
