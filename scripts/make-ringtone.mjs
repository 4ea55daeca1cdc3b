// Writes assets/sounds/ringtone.wav: a soft two-tone ring (480 + 620 Hz, 0.4 s on, 0.2 s off,
// twice, then 1.6 s of silence; 16 kHz, 16-bit mono PCM). Generated here rather than downloaded.
// Run: node scripts/make-ringtone.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const rate = 16_000;
const pattern = [
  [0.4, true],
  [0.2, false],
  [0.4, true],
  [1.6, false],
];
const total = Math.round(pattern.reduce((s, [d]) => s + d, 0) * rate);
const samples = new Int16Array(total);
let at = 0;
for (const [seconds, on] of pattern) {
  const n = Math.round(seconds * rate);
  for (let i = 0; i < n; i++) {
    if (!on) continue;
    // 10 ms fade in and out so the tone does not click.
    const fade = Math.min(1, i / (0.01 * rate), (n - i) / (0.01 * rate));
    const t = i / rate;
    const v = 0.5 * Math.sin(2 * Math.PI * 480 * t) + 0.5 * Math.sin(2 * Math.PI * 620 * t);
    samples[at + i] = Math.round(v * fade * 0.35 * 32767);
  }
  at += n;
}

/** A PCM WAV file (RIFF header + samples). Also used by the call tests for their tones. */
export function wav(pcm, sampleRate) {
  const data = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = join(import.meta.dirname, '..', 'assets', 'sounds', 'ringtone.wav');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, wav(samples, rate));
  console.log(`wrote ${out} (${total} samples)`);
}
