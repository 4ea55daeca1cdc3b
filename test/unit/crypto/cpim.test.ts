import { describe, expect, it } from 'vitest';
import {
  formatCpim,
  formatCpimEntity,
  parseCpim,
  parseCpimEntity,
} from '../../../shared/crypto/cpim';

const message = {
  from: 'tel:+15550100',
  to: ['tel:+15550101', 'sip:bob@example.org'],
  dateTime: new Date('2026-11-24T12:00:00.000Z'),
  messageId: 'a1b2c3',
  contentType: 'text/plain;charset=utf-8',
  body: 'hi\r\n\r\nsecond paragraph',
};

describe('message/cpim (RFC 3862) with the IMDN message id', () => {
  it('formats the headers Yakker signs', () => {
    expect(formatCpim(message)).toBe(
      'From: <tel:+15550100>\r\nTo: <tel:+15550101>\r\nTo: <sip:bob@example.org>\r\n' +
        'DateTime: 2026-11-24T12:00:00.000Z\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: a1b2c3\r\n\r\n' +
        'Content-Type: text/plain;charset=utf-8\r\n\r\nhi\r\n\r\nsecond paragraph',
    );
  });

  it('round-trips, also with LF line ends', () => {
    expect(parseCpimEntity(formatCpimEntity(message))).toEqual(message);
    const lf = formatCpim(message).replace(/\r\n/g, '\n');
    expect(parseCpim(lf)).toMatchObject({ from: 'tel:+15550100', messageId: 'a1b2c3' });
  });

  it('rejects messages without From, DateTime or id, and unsafe values', () => {
    expect(parseCpim('To: <tel:+1>\r\n\r\nContent-Type: text/plain\r\n\r\nx')).toBeNull();
    expect(
      parseCpim('From: <tel:+1>\r\nDateTime: yesterday\r\nimdn.Message-ID: x\r\n\r\n\r\n\r\nx'),
    ).toBeNull();
    expect(parseCpimEntity('Content-Type: text/plain\r\n\r\nFrom: <a>')).toBeNull();
    expect(() => formatCpim({ ...message, messageId: 'a b' })).toThrow();
    expect(() => formatCpim({ ...message, from: 'tel:+1>\r\nTo: <x' })).toThrow();
  });
});
