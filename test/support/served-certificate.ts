/** The TLS certificate a loopback server presents, and the SHA-256 of its key (a TLSA 3 1 1). */
import { createHash, X509Certificate } from 'node:crypto';
import { connect, type ConnectionOptions } from 'node:tls';

export function spkiSha256(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

/** The certificate the server on 127.0.0.1:port presents, verified against `caPem`. */
export function servedCertificate(
  port: number,
  caPem: string,
  servername: string,
): Promise<string> {
  return fetchCertificate({ host: '127.0.0.1', port, ca: caPem, servername });
}

/** The same at an IP address (e.g. ::1), checked against the certificate's IP subjectAltName. */
export function servedCertificateAt(host: string, port: number, caPem: string): Promise<string> {
  return fetchCertificate({ host, port, ca: caPem });
}

function fetchCertificate(options: ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(options, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(new X509Certificate(raw).toString());
    });
    socket.once('error', reject);
  });
}
