/**
 * The DDDS substitution expression of NAPTR records (RFC 3402 §3.2), as ENUM uses it:
 *
 *   subst-expr = delim-char ere delim-char repl delim-char *flags
 *
 * The delimiter is the first character (any octet but a digit 1-9, "i" or backslash), the ERE is
 * a POSIX Extended Regular Expression, `\1`..`\9` in repl are back-references, `\` before the
 * delimiter escapes it, and the only flag is "i" (case-insensitive matching). Applying it works
 * like sed's `s` command: the first match in the input is replaced by repl (with back-references
 * filled in); text outside the match is kept. No match: the rule does not apply.
 */

export interface SubstitutionExpression {
  delimiter: string;
  /** The ERE translated to a JavaScript RegExp. */
  pattern: RegExp;
  /** The replacement, split into literal text and back-reference numbers. */
  replacement: readonly (string | number)[];
  caseInsensitive: boolean;
}

/** The longest expression we accept (a NAPTR character-string holds at most 255 octets). */
const MAX_EXPRESSION = 255;

/** Parses a substitution expression; returns undefined when it is malformed (discard the rule). */
export function parseSubstitution(expression: string): SubstitutionExpression | undefined {
  if (expression.length < 3 || expression.length > MAX_EXPRESSION) return undefined;
  const delimiter = expression.charAt(0);
  if (/[1-9i\\]/.test(delimiter)) return undefined;
  const parts: string[] = [];
  let current = '';
  for (let i = 1; i < expression.length; i += 1) {
    const ch = expression.charAt(i);
    if (ch === '\\' && parts.length < 2) {
      const next = expression.charAt(i + 1);
      if (next === '') return undefined;
      // Escapes (an escaped delimiter included) stay in the field for the next stage.
      current += `\\${next}`;
      i += 1;
    } else if (ch === delimiter && parts.length < 2) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (parts.length !== 2) return undefined;
  const [ere = '', repl = ''] = parts;
  const flags = current;
  if (!/^i?$/.test(flags)) return undefined;
  const caseInsensitive = flags === 'i';
  const source = translateEre(ere, delimiter);
  const replacement = parseReplacement(repl, delimiter);
  if (source === undefined || replacement === undefined) return undefined;
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, caseInsensitive ? 'i' : '');
  } catch {
    return undefined;
  }
  const groups = countGroups(pattern);
  if (replacement.some((part) => typeof part === 'number' && part > groups)) return undefined;
  return { delimiter, pattern, replacement, caseInsensitive };
}

/** Applies the expression to the input; undefined if the ERE does not match. */
export function applySubstitution(
  expression: SubstitutionExpression,
  input: string,
): string | undefined {
  const match = expression.pattern.exec(input);
  if (match === null) return undefined;
  const filled = expression.replacement
    .map((part) => (typeof part === 'number' ? (match[part] ?? '') : part))
    .join('');
  return input.slice(0, match.index) + filled + input.slice(match.index + match[0].length);
}

/**
 * POSIX ERE to JavaScript. The common subset (anchors, groups, alternation, `* + ? {m,n}`,
 * bracket expressions, `.`) means the same in both; what differs is translated: named classes
 * such as `[[:digit:]]`, a backslash inside brackets (literal in POSIX), and `\x` outside brackets,
 * which in an ERE is the literal character x (so `\d` must not become a JS digit class).
 */
function translateEre(ere: string, delimiter: string): string | undefined {
  let out = '';
  for (let i = 0; i < ere.length; i += 1) {
    const ch = ere.charAt(i);
    if (ch === '\\') {
      const next = ere.charAt(i + 1);
      i += 1;
      if (next === delimiter) out += escapeLiteral(next);
      else if (/[1-9]/.test(next))
        return undefined; // back-references are not ERE
      else out += escapeLiteral(next);
    } else if (ch === '[') {
      const end = bracketEnd(ere, i);
      if (end < 0) return undefined;
      out += translateBracket(ere.slice(i + 1, end));
      i = end;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Index of the `]` closing the bracket expression that opens at `start`, or -1. */
function bracketEnd(ere: string, start: number): number {
  let i = start + 1;
  if (ere.charAt(i) === '^') i += 1;
  if (ere.charAt(i) === ']') i += 1; // a leading ] is literal
  while (i < ere.length) {
    if (ere.startsWith('[:', i) || ere.startsWith('[.', i) || ere.startsWith('[=', i)) {
      const close = ere.indexOf(`${ere.charAt(i + 1)}]`, i + 2);
      if (close < 0) return -1;
      i = close + 2;
    } else if (ere.charAt(i) === ']') {
      return i;
    } else {
      i += 1;
    }
  }
  return -1;
}

const CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '\\x21-\\x7e',
  lower: 'a-z',
  print: '\\x20-\\x7e',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

function translateBracket(body: string): string {
  let out = '[';
  let i = 0;
  if (body.startsWith('^')) {
    out += '^';
    i = 1;
  }
  while (i < body.length) {
    const named = /^\[:([a-z]+):\]/.exec(body.slice(i));
    if (named !== null) {
      out += CLASSES[named[1] ?? ''] ?? '';
      i += named[0].length;
      continue;
    }
    const ch = body.charAt(i);
    out += ch === '\\' || ch === ']' || ch === '[' ? `\\${ch}` : ch;
    i += 1;
  }
  return `${out}]`;
}

function escapeLiteral(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

function parseReplacement(repl: string, delimiter: string): (string | number)[] | undefined {
  const parts: (string | number)[] = [];
  let literal = '';
  for (let i = 0; i < repl.length; i += 1) {
    const ch = repl.charAt(i);
    if (ch !== '\\') {
      literal += ch;
      continue;
    }
    const next = repl.charAt(i + 1);
    i += 1;
    if (/[1-9]/.test(next)) {
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push(Number(next));
    } else if (next === delimiter || next === '\\') {
      literal += next;
    } else if (next === '') {
      return undefined;
    } else {
      literal += next;
    }
  }
  if (literal !== '') parts.push(literal);
  return parts;
}

function countGroups(pattern: RegExp): number {
  return (new RegExp(`${pattern.source}|`).exec('')?.length ?? 1) - 1;
}
