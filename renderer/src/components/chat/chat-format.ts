import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** `+15550101` → `+1 555 0101`-style international format; SIP addresses without `sip:`. */
export function peerLabel(peer: string): string {
  if (peer.startsWith('+')) {
    return parsePhoneNumberFromString(peer)?.formatInternational() ?? peer;
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
