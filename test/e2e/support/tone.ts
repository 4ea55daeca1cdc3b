import { writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/** Writes a mono 16-bit 48 kHz WAV with a pure tone (Chromium's fake microphone loops it). */
export function writeToneWav(file: string, hz: number, seconds = 6): void {
  const rate = 48_000;
  const n = rate * seconds;
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 0.5 * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
}

export interface Spectrum {
  /** The strongest frequency between 100 Hz and 4 kHz, in Hz. */
  dominantHz: number;
  /** Its level, dBFS (about -100 for silence). */
  peakDb: number;
}

/**
 * Listens to the remote audio the app plays (the stream on <audio id="yakker-remote-audio">)
 * with an AnalyserNode for `ms`, averaging the spectrum, and returns the dominant frequency.
 */
export async function remoteSpectrum(page: Page, ms = 700): Promise<Spectrum> {
  return page.evaluate(async (listenMs) => {
    const el = document.getElementById('yakker-remote-audio') as HTMLAudioElement | null;
    const stream = el?.srcObject;
    if (!(stream instanceof MediaStream) || stream.getAudioTracks().length === 0)
      return { dominantHz: 0, peakDb: -200 };
    const ctx = new AudioContext();
    await ctx.resume();
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0;
    source.connect(analyser);
    const bins = new Float32Array(analyser.frequencyBinCount);
    const sum = new Float32Array(analyser.frequencyBinCount);
    let frames = 0;
    const end = performance.now() + listenMs;
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
      analyser.getFloatFrequencyData(bins);
      for (let i = 0; i < bins.length; i++) sum[i] = (sum[i] ?? 0) + (bins[i] ?? -200);
      frames++;
    }
    const hzPerBin = ctx.sampleRate / analyser.fftSize;
    let best = -1;
    let bestDb = -Infinity;
    for (let i = Math.floor(100 / hzPerBin); i < Math.ceil(4000 / hzPerBin); i++) {
      const db = (sum[i] ?? -200) / Math.max(1, frames);
      if (db > bestDb) {
        bestDb = db;
        best = i;
      }
    }
    source.disconnect();
    await ctx.close();
    return { dominantHz: best * hzPerBin, peakDb: bestDb };
  }, ms);
}
