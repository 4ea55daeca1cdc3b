/**
 * The top-up page behind a one-time URL: a form with a few amounts (GET shows it and consumes
 * nothing, so a link preview cannot burn the token); submitting it (POST) consumes the token and
 * adds the credit in one transaction. A used, expired or unknown token gets 410 and a page that
 * says why. Plain HTML, no script, a strict CSP.
 */
import type { ServerResponse } from 'node:http';
import { CURRENCY, MICROS, formatMicros } from './rates';

export const TOP_UP_AMOUNTS_MICROS = [1, 5, 10, 20].map((n) => n * MICROS);

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function sendPage(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem}fieldset{border:0;padding:0}label{display:block;margin:.4rem 0}</style>
</head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy':
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

export function topUpForm(number: string, balanceMicros: number, action: string): string {
  const options = TOP_UP_AMOUNTS_MICROS.map(
    (m, i) =>
      `<label><input type="radio" name="amount" value="${formatMicros(m)}"${i === 0 ? ' checked' : ''}> ${CURRENCY} ${formatMicros(m).replace(/0{4}$/, '')}</label>`,
  ).join('');
  return `<p>Account <strong>${escape(number)}</strong>, balance ${CURRENCY} ${formatMicros(balanceMicros)}.</p>
<form method="post" action="${escape(action)}"><fieldset><legend>Add credit (devnet: no payment is taken)</legend>${options}</fieldset>
<button type="submit">Add credit</button></form>
<p>This page works once and expires in a few minutes.</p>`;
}

export const REFUSED_REASONS: Record<'unknown' | 'used' | 'expired' | 'closed', string> = {
  unknown: 'This top-up link is not valid.',
  used: 'This top-up link was used already. Start a new top-up in Yakker.',
  expired: 'This top-up link has expired. Start a new top-up in Yakker.',
  closed: 'The account was closed.',
};

/** The amount field of the submitted form, one of the offered amounts; null otherwise. */
export function parseAmount(form: string): number | null {
  const value = new URLSearchParams(form).get('amount');
  const micros = TOP_UP_AMOUNTS_MICROS.find((m) => formatMicros(m) === value);
  return micros ?? null;
}
