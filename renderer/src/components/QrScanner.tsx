import jsQR from 'jsqr';
import { X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

/** How often a frame of the preview is decoded. */
const SCAN_EVERY_MS = 150;
/** Frames are scaled down to at most this width before decoding (enough for a QR on screen). */
const MAX_DECODE_WIDTH = 640;

export type ScanState =
  'asking' | 'scanning' | 'wrong-code' | 'found' | 'denied' | 'no-camera' | 'busy' | 'unavailable';

const MESSAGES: Record<ScanState, string> = {
  asking: 'Asking for the camera…',
  scanning: 'Scanning. Hold the QR code from your other device in front of the camera.',
  'wrong-code': 'That QR code is not a Yakker pairing code. Still scanning.',
  found: 'Code found. Connecting to your other device…',
  denied:
    'Yakker may not use the camera. Allow it in your system settings, or paste the text below instead.',
  'no-camera': 'No camera found on this device. Paste the text below instead.',
  busy: 'The camera is in use by another app, or could not be started. Paste the text below instead.',
  unavailable: 'The camera cannot be used here. Paste the text below instead.',
};

/** Which plain message a failed getUserMedia call deserves. */
function stateOf(error: unknown): ScanState {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no-camera';
    case 'NotReadableError':
    case 'AbortError':
      return 'busy';
    default:
      return 'unavailable';
  }
}

function stopAll(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * Live camera preview that decodes a frame every ~150 ms with jsQR and reports the first
 * payload starting with `prefix`, after stopping the camera. Every track is stopped when the
 * user cancels (button or Esc), when a code is found and when the component goes away.
 */
export function QrScanner(props: {
  prefix: string;
  onFound: (text: string) => void;
  onCancel: () => void;
}) {
  const { prefix, onFound, onCancel } = props;
  const video = useRef<HTMLVideoElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const [state, setState] = useState<ScanState>('asking');
  // The latest callbacks, so the camera effect runs once per mount and not on every render.
  const found = useRef(onFound);
  const cancel = useRef(onCancel);
  useEffect(() => {
    found.current = onFound;
    cancel.current = onCancel;
  });

  useEffect(() => {
    cancelButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        cancel.current();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  useEffect(() => {
    let live = true;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });

    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      stopAll(stream);
      stream = null;
      if (video.current) video.current.srcObject = null;
    };

    const decode = () => {
      const v = video.current;
      if (!v || !context || v.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) return;
      const scale = Math.min(1, MAX_DECODE_WIDTH / (v.videoWidth || 1));
      const width = Math.round(v.videoWidth * scale);
      const height = Math.round(v.videoHeight * scale);
      if (width === 0 || height === 0) return;
      canvas.width = width;
      canvas.height = height;
      context.drawImage(v, 0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      const code = jsQR(image.data, width, height, { inversionAttempts: 'attemptBoth' });
      if (!code) return;
      const text = code.data.trim();
      if (!text.startsWith(prefix)) {
        setState('wrong-code');
        return;
      }
      stop();
      setState('found');
      found.current(text);
    };

    const start = async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState('unavailable');
        return;
      }
      try {
        const s = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
        if (!live) {
          stopAll(s);
          return;
        }
        stream = s;
        const v = video.current;
        if (v) {
          v.srcObject = s;
          await v.play().catch(() => undefined); // muted + playsInline: plays without a gesture
        }
        if (!live) return;
        setState('scanning');
        timer = setInterval(decode, SCAN_EVERY_MS);
      } catch (error) {
        if (live) setState(stateOf(error));
      }
    };
    void start();
    return () => {
      live = false;
      stop();
    };
  }, [prefix]);

  const showsPreview = state === 'asking' || state === 'scanning' || state === 'wrong-code';
  const failed =
    state === 'denied' || state === 'no-camera' || state === 'busy' || state === 'unavailable';
  return (
    <div className="qr-scanner">
      <video
        ref={video}
        className="qr-scanner-video"
        muted
        playsInline
        aria-label="Camera preview"
        hidden={!showsPreview}
      />
      <p className={failed ? 'notice' : 'field-help'} role="status" aria-live="polite">
        {MESSAGES[state]}
      </p>
      {state !== 'found' ? (
        <button ref={cancelButton} type="button" className="btn btn-quiet" onClick={onCancel}>
          <X aria-hidden="true" />
          {failed ? 'Close camera' : 'Stop scanning'}
        </button>
      ) : null}
    </div>
  );
}
