import { YakkerError } from '../../shared/contract/result';

/**
 * The SIP Identity header (RFC 8224 §4.1) in full form: `<JWS compact>;info=<URI>;alg=ES256`.
 * `info` is where a verifier could fetch the certificate; Yakker uses the RFC 4501 `dns:` URI
 * of the signer's SMIMEA owner name and verifiers look it up through validated DNS themselves.
 */
export function formatIdentityHeader(token: string, info: string): string {
  return `${token};info=<${info}>;alg=ES256`;
}

export interface IdentityHeader {
  token: string;
  info: string | null;
  alg: string | null;
  ppt: string | null;
}

export function parseIdentityHeader(value: string): IdentityHeader {
  const [token = '', ...params] = value.trim().split(';');
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(token.trim())) {
    throw new YakkerError(
      'crypto-malformed',
      'Identity header does not start with a JWS compact token',
    );
  }
  const get = (name: string) => {
    const p = params.find((x) => x.trim().toLowerCase().startsWith(`${name}=`));
    return p
      ? p
          .slice(p.indexOf('=') + 1)
          .trim()
          .replace(/^<(.*)>$/, '$1')
          .replace(/^"(.*)"$/, '$1')
      : null;
  };
  return { token: token.trim(), info: get('info'), alg: get('alg'), ppt: get('ppt') };
}

/** The `dns:` URI (RFC 4501) of an SMIMEA owner name, used as PASSporT x5u and Identity info. */
export function smimeaInfoUri(owner: string): string {
  return `dns:${owner.replace(/\.$/, '')}?type=SMIMEA`;
}
