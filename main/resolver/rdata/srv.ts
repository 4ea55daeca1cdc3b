import { WireReader } from './wire-reader';

/** An SRV record (RFC 2782). */
export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  /** Lower case, no trailing dot; "" (the root, ".") means "service not available here". */
  target: string;
}

export function decodeSrv(rdata: Uint8Array): SrvRecord {
  const reader = new WireReader(rdata, 'SRV');
  const record: SrvRecord = {
    priority: reader.u16(),
    weight: reader.u16(),
    port: reader.u16(),
    target: reader.name(),
  };
  reader.end();
  return record;
}
