import type { QrMatrix } from '../../../shared/contract/requests';

const QUIET = 4; // modules of white border every QR reader expects

/** One path for all dark modules: a run of n dark modules in a row is one rectangle. */
function pathOf(rows: readonly string[]): string {
  const parts: string[] = [];
  rows.forEach((row, y) => {
    const runs = /1+/g;
    for (let m = runs.exec(row); m; m = runs.exec(row)) {
      parts.push(`M${m.index + QUIET} ${y + QUIET}h${m[0].length}v1h-${m[0].length}z`);
    }
  });
  return parts.join('');
}

/**
 * A QR code drawn from its module matrix (main encodes it; no markup crosses the bridge).
 * Always dark on white, whatever the theme: that is what cameras read best.
 */
export function QrCode(props: { qr: QrMatrix; label: string }) {
  const side = props.qr.size + QUIET * 2;
  return (
    <svg
      className="qr"
      viewBox={`0 0 ${side} ${side}`}
      role="img"
      aria-label={props.label}
      shapeRendering="crispEdges"
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={pathOf(props.qr.rows)} fill="#000" />
    </svg>
  );
}
