import { describe, expect, it } from 'vitest';
import { applySubstitution, parseSubstitution } from '../../../main/resolver/enum/dds-regexp';

function sub(expression: string, input: string): string | undefined {
  const parsed = parseSubstitution(expression);
  if (parsed === undefined) throw new Error(`did not parse: ${expression}`);
  return applySubstitution(parsed, input);
}

describe('RFC 3402 §3.2 substitution expressions', () => {
  it('RFC 6116 §4: back-reference to the whole AUS', () => {
    expect(sub('!^(\\+441632960083)$!sip:\\1@example.com!', '+441632960083')).toBe(
      'sip:+441632960083@example.com',
    );
    expect(sub('!^(\\+441632960083)$!sip:\\1@example.com!', '+441632960084')).toBeUndefined();
  });

  it('the catch-all ^.*$ rule', () => {
    expect(sub('!^.*$!sip:info@example.com!', '+442079460148')).toBe('sip:info@example.com');
  });

  it('dnssec.md worked example 3: capture the extension', () => {
    expect(sub('!^\\+4930123456(.*)$!sip:\\1@pbx.example.de!', '+4930123456789')).toBe(
      'sip:789@pbx.example.de',
    );
  });

  it('other delimiters, and an escaped delimiter in both parts', () => {
    expect(sub('/^\\+1(.*)$/sip:\\1@a.example/', '+15550100')).toBe('sip:5550100@a.example');
    expect(sub('#^\\+(.*)$#sip:\\1@x\\#y.example#', '+15550100')).toBe('sip:15550100@x#y.example');
    expect(
      sub('@^\\+(1)(5)(5)(5)(0)(1)(0)(0)$@sip:\\8\\7\\6\\5\\4\\3\\2\\1\\@x@', '+15550100'),
    ).toBe('sip:00105551@x');
  });

  it('sed semantics: text outside the match is kept', () => {
    expect(sub('!\\+1!sip:!', '+15550100')).toBe('sip:5550100');
  });

  it('the i flag makes matching case-insensitive', () => {
    expect(sub('!^abc$!ok!', 'ABC')).toBeUndefined();
    expect(sub('!^abc$!ok!i', 'ABC')).toBe('ok');
  });

  it('POSIX bracket classes and literal escapes translate', () => {
    expect(sub('!^\\+([[:digit:]]{4})(.*)$!sip:\\2@\\1.example!', '+15550100')).toBe(
      'sip:0100@1555.example',
    );
    // In an ERE \d is a literal d, not a digit class.
    expect(sub('!^\\d$!x!', 'd')).toBe('x');
    expect(sub('!^\\d$!x!', '1')).toBeUndefined();
    // A backslash inside brackets is literal in POSIX.
    expect(sub('!^[\\]$!x!', '\\')).toBe('x');
  });

  it('a literal $ and & in repl are plain text (no JS replacement patterns)', () => {
    expect(sub('!^.*$!sip:$1&$&@x!', '+1')).toBe('sip:$1&$&@x');
  });

  it.each([
    ['', 'empty'],
    ['!^.*$!sip:x!ii', 'unknown flags'],
    ['!^.*$!sip:x', 'two delimiters'],
    ['!^.*$!sip:x!y!', 'four delimiters'],
    ['1^.*$1x1', 'digit delimiter'],
    ['i^.*$ixi', 'flag as delimiter'],
    ['!^(.*$!x!', 'bad ERE'],
    ['!^(.*)$!\\2!', 'back-reference to a missing group'],
    ['!^(a)\\1$!x!', 'back-reference in the ERE'],
    ['!^.*$!x\\!', 'unterminated escape'],
  ])('rejects %j (%s)', (expression) => {
    expect(parseSubstitution(expression)).toBeUndefined();
  });

  it('bounded: an expression longer than a character-string is rejected', () => {
    expect(parseSubstitution(`!^.*$!${'a'.repeat(260)}!`)).toBeUndefined();
  });
});
