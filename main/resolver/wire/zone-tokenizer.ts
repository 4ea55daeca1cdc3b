/** Splits zone-file text into records: parentheses join lines, ';' starts a comment, quoted strings are marked with a leading QUOTED character. A line that starts with blanks gets '' as its owner. */
export const QUOTED = String.fromCharCode(0);

export function tokenize(text: string): string[][] {
  const lines: string[][] = [];
  let cur: string[] = [];
  let depth = 0;
  let tok = '';
  let inTok = false;
  let quoted = false;
  let startsBlank = false;
  const push = (): void => {
    if (inTok) cur.push(tok);
    tok = '';
    inTok = false;
  };
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? (text[i] ?? '') : '\n';
    if (quoted) {
      if (c === '\\' && i + 1 < text.length) {
        tok += c + (text[++i] ?? '');
      } else if (c === '"') {
        quoted = false;
      } else tok += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      inTok = true;
      tok += QUOTED; // marks a quoted token
      continue;
    }
    if (c === ';') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '(') {
      push();
      depth++;
      continue;
    }
    if (c === ')') {
      push();
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (c === '\n') {
      push();
      if (depth === 0) {
        if (cur.length > 0) lines.push(startsBlank ? ['', ...cur] : cur);
        cur = [];
        startsBlank = i + 1 < text.length && (text[i + 1] === ' ' || text[i + 1] === '\t');
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      push();
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      tok += c + (text[++i] ?? '');
      inTok = true;
      continue;
    }
    tok += c;
    inTok = true;
  }
  return lines;
}
