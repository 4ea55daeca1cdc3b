/**
 * Strict UTF-8 (RFC 3629) without TextEncoder/TextDecoder, which shared/ cannot assume (its
 * tsconfig has neither DOM nor Node types). Lone surrogates, overlong forms, code points above
 * U+10FFFF and truncated sequences all throw.
 */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new Error('lone surrogate');
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else {
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
    }
  }
  return Uint8Array.from(out);
}

export function decodeUtf8(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    const [extra, min, initial] =
      b < 0x80
        ? [0, 0, b]
        : b >= 0xc2 && b < 0xe0
          ? [1, 0x80, b & 31]
          : b >= 0xe0 && b < 0xf0
            ? [2, 0x800, b & 15]
            : b >= 0xf0 && b < 0xf5
              ? [3, 0x10000, b & 7]
              : [-1, 0, 0];
    if (extra < 0 || i + extra >= bytes.length) {
      throw new Error('invalid UTF-8');
    }
    let cp = initial;
    for (let k = 1; k <= extra; k++) {
      const c = bytes[i + k] ?? 0;
      if ((c & 0xc0) !== 0x80) throw new Error('invalid UTF-8');
      cp = (cp << 6) | (c & 63);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      throw new Error('invalid UTF-8');
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}
