import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A valid number in international format (`+44 20 7946 0018`), else as stored; SIP addresses without `sip:`. */
export function peerLabel(peer: string): string {
  if (peer.startsWith('+')) {
    const number = parsePhoneNumberFromString(peer);
    return number?.isValid() ? number.formatInternational() : peer;
  }
  return peer.replace(/^sips?:/, '');
}

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function timeOf(at: number): string {
  return time.format(at);
}

/** "Today", "Yesterday" or the date, for day separators in a thread. */
export function dayOf(at: number, now = Date.now()): string {
  const startOfToday = new Date(now);
  startOfToday.setHours(0, 0, 0, 0);
  const diffDays = Math.ceil((startOfToday.getTime() - at) / 86_400_000);
  if (at >= startOfToday.getTime()) return 'Today';
  if (diffDays <= 1) return 'Yesterday';
  return day.format(at);
}

/** The list's timestamp: the time today, else the date. */
export function listTimeOf(at: number, now = Date.now()): string {
  return dayOf(at, now) === 'Today' ? time.format(at) : shortDay.format(at);
}
