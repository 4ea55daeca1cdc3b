/**
 * Bencode (the encoding of rtpengine's NG control protocol): integers, byte strings, lists and
 * dictionaries. Strings decode as UTF-8 text; rtpengine sends nothing binary that we read.
 */
export type BValue = number | string | BValue[] | { [key: string]: BValue };

export function bencode(value: BValue): string {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error(`bencode: not an integer: ${value}`);
    return `i${value}e`;
  }
  if (typeof value === 'string') return `${Buffer.byteLength(value, 'utf8')}:${value}`;
  if (Array.isArray(value)) return `l${value.map(bencode).join('')}e`;
  const keys = Object.keys(value).sort();
  return `d${keys.map((k) => bencode(k) + bencode(value[k] as BValue)).join('')}e`;
}

export function bdecode(input: Buffer): BValue {
  let pos = 0;
  const fail = (why: string): never => {
    throw new Error(`bdecode: ${why} at byte ${pos}`);
  };
  const next = (): BValue => {
    const c = String.fromCharCode(input[pos] ?? 0);
    if (c === 'i') {
      const end = input.indexOf(0x65, pos);
      if (end < 0) fail('unterminated integer');
      const n = Number(input.subarray(pos + 1, end).toString('latin1'));
      if (!Number.isInteger(n)) fail('bad integer');
      pos = end + 1;
      return n;
    }
    if (c === 'l' || c === 'd') {
      pos += 1;
      const items: BValue[] = [];
      while (input[pos] !== 0x65) {
        if (pos >= input.length) fail('unterminated list');
        items.push(next());
      }
      pos += 1;
      if (c === 'l') return items;
      const dict: Record<string, BValue> = {};
      for (let i = 0; i + 1 < items.length; i += 2) {
        const key = items[i];
        if (typeof key !== 'string') fail('a dictionary key is not a string');
        dict[key as string] = items[i + 1] as BValue;
      }
      return dict;
    }
    if (c >= '0' && c <= '9') {
      const colon = input.indexOf(0x3a, pos);
      if (colon < 0) fail('bad string length');
      const len = Number(input.subarray(pos, colon).toString('latin1'));
      const start = colon + 1;
      if (!Number.isInteger(len) || start + len > input.length) fail('string past the end');
      pos = start + len;
      return input.subarray(start, start + len).toString('utf8');
    }
    return fail(`unexpected ${JSON.stringify(c)}`);
  };
  const value = next();
  if (pos !== input.length) fail('trailing bytes');
  return value;
}
