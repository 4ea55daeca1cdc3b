import { YakkerError } from '../../../shared/contract/result';

/**
 * A domain name as the resolver wants it: lower case, no trailing dot, root is "".
 * Rejects empty labels and over-long names (RFC 1035 §2.3.4).
 */
export function normaliseName(name: string): string {
  const trimmed = name.trim().toLowerCase().replace(/\.$/, '');
  if (trimmed === '') return '';
  if (trimmed.length > 253) throw new YakkerError('bad-input', `domain name too long: ${name}`);
  for (const label of trimmed.split('.')) {
    if (label === '' || label.length > 63)
      throw new YakkerError('bad-input', `not a valid domain name: ${name}`);
  }
  return trimmed;
}

/** The absolute presentation form, with the trailing dot ("." for the root). */
export function absoluteName(name: string): string {
  const normal = normaliseName(name);
  return normal === '' ? '.' : `${normal}.`;
}

/** Joins relative labels onto a zone: `joinName('_sip._tcp', 'example.org')`. */
export function joinName(prefix: string, zone: string): string {
  const tail = normaliseName(zone);
  return tail === '' ? prefix : `${prefix}.${tail}`;
}
