/** Trust anchors: the IANA root KSKs by default, or DS/DNSKEY records from presentation files. */
import { readFileSync } from 'node:fs';
import { YakkerError } from '../../shared/contract/result';
import type { TrustAnchor } from './options';
import { nameKey } from './wire/name';
import { T } from './wire/rr-types';
import { parseZoneText } from './wire/zone-text';

/** IANA root KSK-2017 (20326) and KSK-2024 (38696) as DS (reference/dnssec.md §2.8). */
export const IANA_ROOT_ANCHORS_TEXT = `
. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
. IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
`;

/** DS and DNSKEY records in the text become anchors; other records (RRSIG, comments) are skipped. */
export function parseTrustAnchors(text: string, source = 'trust anchors'): TrustAnchor[] {
  let records;
  try {
    records = parseZoneText(text, { onlyTypes: [T.DS, T.DNSKEY] });
  } catch (e) {
    throw new YakkerError('bad-input', `${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const anchors = records
    .filter((r) => r.type === T.DS || r.type === T.DNSKEY)
    .map((r): TrustAnchor => ({
      name: nameKey(r.owner),
      type: r.type === T.DS ? 'DS' : 'DNSKEY',
      rdata: r.rdata,
    }));
  if (anchors.length === 0)
    throw new YakkerError('bad-input', `${source}: no DS or DNSKEY records found`);
  return anchors;
}

export function loadTrustAnchorFile(path: string): TrustAnchor[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new YakkerError(
      'bad-input',
      `cannot read trust-anchor file ${path}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return parseTrustAnchors(text, path);
}

export const DEFAULT_TRUST_ANCHORS: readonly TrustAnchor[] = parseTrustAnchors(
  IANA_ROOT_ANCHORS_TEXT,
  'built-in root anchors',
);
