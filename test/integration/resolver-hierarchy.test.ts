import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DnssecStatus } from '../../main/resolver/types';
import { delv, startHierarchy, type HierarchyFixture } from '../support/dns-hierarchy';

/**
 * Every kind of answer and every breakage of the local hierarchy, through the real validating
 * resolver, each verdict checked against delv (BIND 9.18) on the same server and zones.
 */
let fx: HierarchyFixture;

beforeAll(async () => {
  fx = await startHierarchy();
});

afterAll(async () => {
  await fx?.stop();
});

interface Case {
  what: string;
  name: string;
  type: string;
  status: DnssecStatus;
  rcode?: 'NOERROR' | 'NXDOMAIN' | 'NODATA';
  /**
   * Where validators differ, what delv (BIND) says instead; unbound-host must then agree with us.
   */
  delvSays?: DnssecStatus;
}

const CASES: Case[] = [
  // Positive answers, one per signer/algorithm/denial combination.
  {
    what: 'positive, alg 13 NSEC (BIND) under alg 13 NSEC3 opt-out (ldns) under alg 8 root',
    name: 'www.yakker.test',
    type: 'A',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'positive AAAA',
    name: 'www.yakker.test',
    type: 'AAAA',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'positive in the ldns NSEC3 opt-out TLD',
    name: 'www.test',
    type: 'A',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'ENUM NAPTR, alg 15 NSEC3 (BIND)',
    name: '0.0.1.0.5.5.5.1.e164.yakker.test',
    type: 'NAPTR',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'SMIMEA, two records',
    name: '_smimecert.0.0.1.0.5.5.5.1.e164.yakker.test',
    type: 'SMIMEA',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'provider NAPTR, alg 8 NSEC (ldns)',
    name: 'provider.test',
    type: 'NAPTR',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'provider SRV',
    name: '_sips._tcp.provider.test',
    type: 'SRV',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'provider TLSA',
    name: '_5061._tcp.sip1.provider.test',
    type: 'TLSA',
    status: 'secure',
    rcode: 'NOERROR',
  },
  // Wildcards.
  {
    what: 'wildcard answer, NSEC zone',
    name: 'anything.wild.yakker.test',
    type: 'A',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'wildcard answer, NSEC3 zone',
    name: '2.1.9.9.5.5.5.1.e164.yakker.test',
    type: 'NAPTR',
    status: 'secure',
    rcode: 'NOERROR',
  },
  {
    what: 'wildcard NODATA, NSEC zone',
    name: 'anything.wild.yakker.test',
    type: 'MX',
    status: 'secure',
    rcode: 'NODATA',
  },
  // Denials.
  {
    what: 'NXDOMAIN, NSEC',
    name: 'nope.yakker.test',
    type: 'A',
    status: 'secure',
    rcode: 'NXDOMAIN',
  },
  {
    what: 'NXDOMAIN, NSEC3',
    name: '9.9.1.0.5.5.5.1.e164.yakker.test',
    type: 'NAPTR',
    status: 'secure',
    rcode: 'NXDOMAIN',
  },
  // RFC 5155 §9.2: the next closer name is covered by an opt-out NSEC3, so an unsigned
  // delegation might exist there; Unbound (and we) call that insecure, BIND calls it secure.
  {
    what: 'NXDOMAIN, NSEC3 opt-out span',
    name: 'nope.test',
    type: 'A',
    status: 'insecure',
    rcode: 'NXDOMAIN',
    delvSays: 'secure',
  },
  {
    what: 'NXDOMAIN, ldns NSEC alg 8',
    name: 'nope.provider.test',
    type: 'A',
    status: 'secure',
    rcode: 'NXDOMAIN',
  },
  {
    what: 'NODATA, NSEC',
    name: 'nodata.yakker.test',
    type: 'A',
    status: 'secure',
    rcode: 'NODATA',
  },
  {
    what: 'NODATA, NSEC3',
    name: '0.0.1.0.5.5.5.1.e164.yakker.test',
    type: 'A',
    status: 'secure',
    rcode: 'NODATA',
  },
  {
    what: 'NODATA, NSEC3 opt-out zone',
    name: 'www.test',
    type: 'AAAA',
    status: 'secure',
    rcode: 'NODATA',
  },
  // CNAME chain across zones (yakker.test -> provider.test -> provider.test).
  {
    what: 'CNAME chain across zones',
    name: 'alias.yakker.test',
    type: 'A',
    status: 'secure',
    rcode: 'NOERROR',
  },
  // Insecure delegations.
  {
    what: 'insecure delegation proved by NSEC3 opt-out',
    name: 'www.insecure.test',
    type: 'A',
    status: 'insecure',
    rcode: 'NOERROR',
  },
  {
    what: 'insecure delegation proved by NSEC',
    name: 'www.unsigned.yakker.test',
    type: 'A',
    status: 'insecure',
    rcode: 'NOERROR',
  },
  {
    what: 'DS for an unsupported algorithm (17): insecure, not bogus',
    name: 'www.unsupported.yakker.test',
    type: 'A',
    status: 'insecure',
    rcode: 'NOERROR',
  },
  // Breakage.
  { what: 'tampered record', name: 'www.tampered.yakker.test', type: 'A', status: 'bogus' },
  { what: 'tampered NAPTR', name: 'enum.tampered.yakker.test', type: 'NAPTR', status: 'bogus' },
  { what: 'expired signatures', name: 'www.expired.yakker.test', type: 'A', status: 'bogus' },
  { what: 'not-yet-valid signatures', name: 'www.future.yakker.test', type: 'A', status: 'bogus' },
  { what: 'missing RRSIG (downgrade)', name: 'www.nosig.yakker.test', type: 'A', status: 'bogus' },
  { what: 'wrong DS in the parent', name: 'www.wrongds.yakker.test', type: 'A', status: 'bogus' },
  {
    what: 'NSEC that does not cover the name',
    name: 'b.badnsec.yakker.test',
    type: 'A',
    status: 'bogus',
  },
];

describe('validating resolver vs delv on the local hierarchy', () => {
  it.each(CASES)('$what: $name $type is $status', async (c) => {
    const [ours, theirs] = await Promise.all([
      fx.resolver().resolve(c.name, c.type),
      delv(fx.nsd, fx.hierarchy.delvAnchorFile, c.name, c.type),
    ]);
    const summary = { ours: `${ours.status} ${ours.rcode}: ${ours.reason}`, delv: theirs.status };
    expect(
      { ...summary, delvAsExpected: theirs.status === (c.delvSays ?? c.status) },
      theirs.output,
    ).toMatchObject({ delvAsExpected: true });
    expect(ours.status, JSON.stringify(summary)).toBe(c.status);
    if (c.delvSays === undefined) expect(ours.status).toBe(theirs.status);
    else {
      const unbound = await fx.unbound(c.name, c.type);
      expect(unbound.status, unbound.output).toBe(ours.status);
    }
    if (c.rcode !== undefined) {
      expect(theirs.rcode).toBe(c.rcode);
      const typed = ours.answers.filter((rr) => rr.type === c.type);
      if (c.rcode === 'NXDOMAIN') expect(ours.rcode).toBe('NXDOMAIN');
      if (c.rcode === 'NODATA') {
        expect(ours.rcode).toBe('NOERROR');
        expect(typed).toEqual([]);
      }
      if (c.rcode === 'NOERROR') {
        expect(ours.rcode).toBe('NOERROR');
        // Same records as delv (CNAME links included).
        const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
        const delvData = theirs.answers.map((l) => norm(l.split(/\s+/).slice(4).join(' ')));
        const ourData = ours.answers.map((rr) => norm(rr.data));
        if (!['TLSA', 'SMIMEA'].includes(c.type)) expect(ourData.sort()).toEqual(delvData.sort());
        else expect(ourData.length).toBe(delvData.length);
      }
    }
    if (c.status === 'bogus' || c.status === 'indeterminate') expect(ours.answers).toEqual([]);
  });

  it('the CNAME chain is returned link by link', async () => {
    const answer = await fx.resolver().resolve('alias.yakker.test', 'A');
    expect(answer.answers.map((rr) => `${rr.name} ${rr.type}`)).toEqual([
      'alias.yakker.test CNAME',
      'alias2.provider.test CNAME',
      'sip1.provider.test A',
    ]);
  });
});
