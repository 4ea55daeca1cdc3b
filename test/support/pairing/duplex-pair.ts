import { Duplex } from 'node:stream';

/**
 * Two connected in-memory streams. Each side's writes go through `carry` (identity by default)
 * to the other side; `end()` on one side ends the other's readable side.
 */
export function duplexPair(): [Duplex, Duplex] {
  let a!: Duplex;
  let b!: Duplex;
  const make = (peer: () => Duplex): Duplex =>
    new Duplex({
      read() {
        /* pushed by the peer */
      },
      write(chunk: Buffer, _encoding, callback) {
        const target = peer();
        setImmediate(() => target.push(chunk));
        callback();
      },
      final(callback) {
        const target = peer();
        setImmediate(() => target.push(null));
        callback();
      },
    });
  a = make(() => b);
  b = make(() => a);
  return [a, b];
}
