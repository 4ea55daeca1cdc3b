import { describe, expect, it } from 'vitest';
import { enumDomain, normaliseE164 } from '../../../main/resolver/enum/e164';

describe('E.164 normalisation (RFC 6116 §3.1)', () => {
  it.each([
    ['+44-116-496-0348', '+441164960348'],
    ['+44 20 7946 0148', '+442079460148'],
    ['(+1) 555.010.0123', '+15550100123'],
    ['+1 (555) 010-0123', '+15550100123'],
    ['0044 20 7946 0148', '+442079460148'],
    ['tel:+1-555-0100', '+15550100'],
    ['tel:+1-555-0100;phone-context=x', '+15550100'],
    ['  +15550100  ', '+15550100'],
  ])('%s -> %s', (input, e164) => {
    expect(normaliseE164(input)).toBe(e164);
  });

  it('national formats need a default country (libphonenumber-js)', () => {
    expect(normaliseE164('020 7946 0148', { defaultCountry: 'GB' })).toBe('+442079460148');
    expect(normaliseE164('(555) 010-0123', { defaultCountry: 'us' })).toBe('+15550100123');
    expect(normaliseE164('011 44 20 7946 0148', { defaultCountry: 'US' })).toBe('+442079460148');
    expect(() => normaliseE164('020 7946 0148')).toThrow(/international/);
  });

  it.each([
    '',
    '+',
    '+0123',
    '+1234567890123456',
    '+1 555 CALL',
    'sip:alice@example.org',
    '++15550100',
  ])('rejects %j', (input) => {
    expect(() => normaliseE164(input)).toThrow();
  });

  it('rejects letters and unknown countries in national formats', () => {
    expect(() => normaliseE164('555-CALL', { defaultCountry: 'US' })).toThrow();
    expect(() => normaliseE164('5550100', { defaultCountry: 'XX' })).toThrow(/country/);
  });
});

describe('ENUM domain (RFC 6116 §3.2 First Well Known Rule)', () => {
  it('reverses the digits under e164.arpa by default', () => {
    expect(enumDomain('+442079460148')).toBe('8.4.1.0.6.4.9.7.0.2.4.4.e164.arpa.');
    expect(enumDomain('+441164960348')).toBe('8.4.3.0.6.9.4.6.1.1.4.4.e164.arpa.');
    expect(enumDomain('+18005551234')).toBe('4.3.2.1.5.5.5.0.0.8.1.e164.arpa.');
    expect(enumDomain('+441632960083')).toBe('3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.');
  });

  it('uses the suffix given, with or without dots', () => {
    expect(enumDomain('+15550100', 'e164.yakker.test.')).toBe('0.0.1.0.5.5.5.1.e164.yakker.test.');
    expect(enumDomain('+15550100', 'E164.Yakker.Test')).toBe('0.0.1.0.5.5.5.1.e164.yakker.test.');
  });
});
