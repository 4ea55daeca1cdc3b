import { WireReader } from './wire-reader';

/**
 * The RDATA shared by TLSA (RFC 6698 §2.1) and SMIMEA (RFC 8162 §2): certificate usage,
 * selector, matching type, then the association data.
 */
export interface CertAssociation {
  usage: number;
  selector: number;
  matchingType: number;
  data: Uint8Array;
}

export function decodeCertAssociation(rdata: Uint8Array, what: 'TLSA' | 'SMIMEA'): CertAssociation {
  const reader = new WireReader(rdata, what);
  return {
    usage: reader.u8(),
    selector: reader.u8(),
    matchingType: reader.u8(),
    data: reader.rest(),
  };
}

/** Presentation form: `3 1 1 0a1b...` (hex, lower case). */
export function formatCertAssociation(record: CertAssociation): string {
  return `${record.usage} ${record.selector} ${record.matchingType} ${Buffer.from(record.data).toString('hex')}`;
}
