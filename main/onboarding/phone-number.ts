import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { YakkerError } from '../../shared/contract/result';

const E164 = /^\+[1-9][0-9]{6,14}$/;

/**
 * The number a person typed, as E.164: `+1 (555) 0123` → `+15550123`; without a `+`, read as a
 * national number of `country`. Anything else is a `bad-input` that says what a number needs.
 */
export function toE164(typed: string, country: string | null): string {
  const trimmed = typed.trim();
  let candidate = trimmed.replace(/[\s().\-\u00a0]/g, '');
  if (!candidate.startsWith('+') && country !== null) {
    const parsed = parsePhoneNumberFromString(trimmed, country as CountryCode);
    if (parsed !== undefined) candidate = parsed.number;
  }
  if (!E164.test(candidate))
    throw new YakkerError(
      'bad-input',
      `"${trimmed}" isn't a phone number we can use: write it with + and your country code, like +1 555 0123 (7 to 15 digits).`,
    );
  return candidate;
}
