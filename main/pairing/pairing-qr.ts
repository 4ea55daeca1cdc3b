/** The QR code of a pairing text, as a module matrix the renderer draws (no markup crosses). */
import QRCode from 'qrcode';
import type { QrMatrix } from '../../shared/contract/requests';

export function qrMatrix(text: string): Promise<QrMatrix> {
  // The text is upper case, digits and ':' only, so the encoder uses the compact alphanumeric mode.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  const rows: string[] = [];
  for (let y = 0; y < size; y++) {
    let row = '';
    for (let x = 0; x < size; x++) row += data[y * size + x] ? '1' : '0';
    rows.push(row);
  }
  return Promise.resolve({ size, rows });
}
