import { sha256 } from '@noble/hashes/sha2.js';
import type { Random } from '../../../shared/pairing/bytes';

/** Deterministic bytes: SHA-256(seed ‖ counter) blocks. For tests and vectors only. */
export function seededRandom(seed: string): Random {
  let counter = 0;
  const seedBytes = new TextEncoder().encode(seed);
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      const block = sha256(
        new Uint8Array([...seedBytes, ...new Uint8Array(new Uint32Array([counter++]).buffer)]),
      );
      out.set(block.subarray(0, Math.min(32, length - at)), at);
    }
    return out;
  };
}

/** Hands out the given byte strings in order (for published vectors with fixed keys). */
export function scriptedRandom(values: readonly Uint8Array[]): Random {
  let i = 0;
  return (length: number) => {
    const v = values[i++];
    if (!v || v.length !== length) throw new Error(`scripted random #${i} missing or wrong length`);
    return v.slice();
  };
}
