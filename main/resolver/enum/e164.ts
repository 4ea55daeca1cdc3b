import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';
import { YakkerError } from '../../../shared/contract/result';

/** Characters people put between digits: spaces, dashes, dots, slashes, parentheses. */
const SUGAR = /[\s\-./()\u00a0\u2010-\u2015]/g;

export interface E164Options {
  /**
   * ISO 3166 country for national formats (`020 7946 0148` with `GB`). Without it a number must
   * be international: a leading `+` or the `00` international prefix.
   */
  defaultCountry?: string;
}

/**
 * Turns what a person typed into an E.164 number `+<digits>`: the RFC 6116 §3.1 Application
 * Unique String. Accepts `+44 20 7946-0148`, `(+1) 555.010.0123`, `0044 20 7946 0148`,
 * `tel:+1-555-0100`, and national formats when a default country is given (parsed by
 * libphonenumber-js, which also knows national trunk prefixes and other international prefixes
 * such as 011). Throws a `bad-input` YakkerError for anything else.
 */
export function normaliseE164(input: string, options: E164Options = {}): string {
  let text = input.trim();
  if (/^tel:/i.test(text)) text = (text.slice(4).split(';')[0] ?? '').trim();
  const compact = text.replace(SUGAR, '');
  let digits: string;
  if (compact.startsWith('+')) digits = compact.slice(1);
  else if (compact.startsWith('00')) digits = compact.slice(2);
  else if (options.defaultCountry !== undefined) digits = national(text, options.defaultCountry);
  else
    throw new YakkerError(
      'bad-input',
      `"${input}" is not an international number: start it with + or 00, or give a default country`,
    );
  if (!/^[1-9][0-9]{0,14}$/.test(digits))
    throw new YakkerError(
      'bad-input',
      `"${input}" is not an E.164 number (up to 15 digits, no leading zero after +)`,
    );
  return `+${digits}`;
}

function national(text: string, country: string): string {
  const code = country.toUpperCase();
  if (!isSupportedCountry(code))
    throw new YakkerError('bad-input', `unknown country code "${country}"`);
  if (/[^0-9\s\-./()\u00a0\u2010-\u2015+]/.test(text))
    throw new YakkerError('bad-input', `"${text}" is not a telephone number`);
  const parsed = parsePhoneNumberFromString(text, code);
  if (parsed === undefined)
    throw new YakkerError('bad-input', `"${text}" is not a telephone number in ${code}`);
  return parsed.number.slice(1);
}

/**
 * The RFC 6116 §3.2 First Well Known Rule: the digits of the E.164 number, reversed, one label
 * each, under the ENUM suffix. Returns the absolute name with a trailing dot:
 * `enumDomain('+442079460148', 'e164.arpa')` is `8.4.1.0.6.4.9.7.0.2.4.4.e164.arpa.`
 */
export function enumDomain(e164: string, suffix = 'e164.arpa.'): string {
  const digits = e164.replace(/^\+/, '');
  if (!/^[0-9]{1,15}$/.test(digits))
    throw new YakkerError('bad-input', `not an E.164 number: ${e164}`);
  const zone = suffix.trim().toLowerCase().replace(/\.$/, '').replace(/^\./, '');
  const reversed = digits.split('').reverse().join('.');
  return zone === '' ? `${reversed}.` : `${reversed}.${zone}.`;
}
