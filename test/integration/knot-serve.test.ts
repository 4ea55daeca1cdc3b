/**
 * serveKnot (devnet/src/dns/serve-knot.ts) with a real knotd on 127.0.0.1: a port taken by
 * someone else between choosing and binding makes it retry on another; a zone that cannot load
 * fails with Knot's own words from its log; stop() leaves no process.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KnotSetup } from '../../devnet/src/dns/knot-config';
import { serveKnot } from '../../devnet/src/dns/serve-knot';
import { soaSerial } from '../../devnet/src/dns/soa-serial';
import { generateTsigKey } from '../../devnet/src/dns/tsig-key';

const dir = mkdtempSync(join(tmpdir(), 'yakker-knot-serve-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function setup(name: string, zoneText: string): KnotSetup {
  const file = join(dir, `${name}.zone`);
  writeFileSync(file, zoneText);
  return {
    dir: join(dir, name),
    zones: [{ origin: 'example.test.', file }],
    tsig: generateTsigKey(),
  };
}

const ZONE = [
  '$ORIGIN example.test.',
  '$TTL 300',
  '@ SOA ns.test. hostmaster.test. 42 3600 900 604800 300',
  '@ NS ns.test.',
  '',
].join('\n');

const alive = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

/** Holds one port on 127.0.0.1 for UDP and TCP, as another program would. */
async function holdPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const udp: Socket = createSocket('udp4');
  const port = await new Promise<number>((resolve) => {
    udp.bind(0, '127.0.0.1', () => {
      resolve(udp.address().port);
    });
  });
  const tcp: Server = createServer();
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  return {
    port,
    release: async () => {
      await new Promise<void>((r) => udp.close(r));
      await new Promise<void>((r) => {
        tcp.close(() => {
          r();
        });
      });
    },
  };
}

describe('serveKnot', () => {
  it('retries on another port when its port is taken, answers, and stops', async () => {
    const taken = await holdPort();
    try {
      const knot = await serveKnot(setup('retry', ZONE), { port: taken.port });
      expect(knot.port).not.toBe(taken.port);
      expect(await soaSerial('127.0.0.1', knot.port, 'example.test.')).toBe(42);
      expect(readFileSync(knot.logFile, 'utf8')).toMatch(/cannot bind address 127\.0\.0\.1@/);
      await knot.stop();
      expect(alive(knot.pid)).toBe(false);
    } finally {
      await taken.release();
    }
  });

  it('a zone that cannot load fails with what Knot logged', async () => {
    const broken = ZONE.replace('@ NS ns.test.', '@ NS ns.test.\nwww A not-an-address');
    await expect(serveKnot(setup('broken', broken), { readyTimeoutMs: 3000 })).rejects.toThrow(
      /knotd did not start on 127\.0\.0\.1:\d+: [\s\S]*example\.test\.[\s\S]*(failed|error)/,
    );
  });
});
