import type { CallMedia, MicrophoneAvailability } from './call-media';

/**
 * CallMedia in a browser window: one hidden <audio id="yakker-remote-audio"> for the other
 * side, one looping ringtone, and a Notification while ringing (when the user allowed them).
 */
export class BrowserCallMedia implements CallMedia {
  private readonly remote: HTMLAudioElement;
  private readonly ringtone: HTMLAudioElement;
  private notification: Notification | null = null;
  private availability: Promise<MicrophoneAvailability> | null = null;

  constructor(ringtoneUrl: string) {
    this.remote = document.createElement('audio');
    this.remote.id = 'yakker-remote-audio';
    this.remote.autoplay = true;
    this.remote.hidden = true;
    document.body.append(this.remote);
    this.ringtone = new Audio(ringtoneUrl);
    this.ringtone.loop = true;
    // (No mediaDevices outside a secure context: then getUserMedia says so when a call starts.)
    (navigator.mediaDevices as MediaDevices | undefined)?.addEventListener(
      'devicechange',
      this.forgetAvailability,
    );
    const warm = () => void this.microphoneAvailability();
    if ('requestIdleCallback' in window) window.requestIdleCallback(warm);
    else setTimeout(warm, 2000);
  }

  setRemote(stream: MediaStream | null, audible: boolean): void {
    this.remote.srcObject = stream;
    this.remote.muted = !audible;
    if (stream) void this.remote.play().catch(() => undefined);
  }

  setRemoteAudible(audible: boolean): void {
    this.remote.muted = !audible;
  }

  startRinging(from: string, verified: boolean): void {
    this.ringtone.currentTime = 0;
    // Autoplay may be refused before the user touched the page; the screen still rings.
    void this.ringtone.play().catch(() => undefined);
    if (typeof Notification === 'undefined') return;
    const show = () => {
      this.notification = new Notification(`Incoming call from ${from}`, {
        body: verified ? 'Verified Yakker call' : 'Not verified',
        tag: 'yakker-incoming-call',
        requireInteraction: true,
      });
      this.notification.onclick = () => {
        window.focus();
      };
    };
    if (Notification.permission === 'granted') show();
    else if (Notification.permission === 'default')
      void Notification.requestPermission().then((p) => {
        if (p === 'granted' && !this.ringtone.paused) show();
      });
  }

  stopRinging(): void {
    this.ringtone.pause();
    this.notification?.close();
    this.notification = null;
  }

  openMicrophone(constraints: MediaStreamConstraints): Promise<MediaStream> {
    return navigator.mediaDevices.getUserMedia(constraints);
  }

  /**
   * Kept between calls and read again when the permission or the devices change: the first
   * enumerateDevices of a page took 358 ms here (later ones 2-5 ms), which a call must not wait
   * for. Read first while the window is idle, long before any call.
   */
  microphoneAvailability(): Promise<MicrophoneAvailability> {
    this.availability ??= this.readAvailability();
    return this.availability;
  }

  private readonly forgetAvailability = () => {
    this.availability = null;
  };

  private async readAvailability(): Promise<MicrophoneAvailability> {
    let state: PermissionState | 'unknown' = 'unknown';
    try {
      const status = await navigator.permissions.query({ name: 'microphone' });
      status.addEventListener('change', this.forgetAvailability, { once: true });
      state = status.state;
    } catch {
      // Not queryable here (some embedders): getUserMedia will tell.
    }
    if (state === 'denied') return 'denied';
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      if (!devices.some((d) => d.kind === 'audioinput')) return 'none';
    } catch {
      return 'ask';
    }
    return state === 'granted' ? 'granted' : 'ask';
  }

  async setSpeaker(deviceId: string): Promise<void> {
    await this.remote.setSinkId(deviceId);
  }
}
