/** The SMS sink's "simulated phone": an HTML page listing the texts the directory sent. */
import type { SmsRow } from './directory-db';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function phonePage(texts: readonly SmsRow[], number: string | null): string {
  const items = texts
    .map(
      (t) =>
        `<li><span class="to">${escape(t.number)}</span> <time datetime="${new Date(t.sentAt).toISOString()}">${new Date(t.sentAt).toISOString().slice(11, 19)} UTC</time><p>${escape(t.text)}</p></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="3">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulated phone${number === null ? '' : ` ${escape(number)}`}: Yakker devnet SMS</title>
<style>
body{font:16px system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:1rem;border:2px solid #333;border-radius:2rem;background:#fafafa}
h1{font-size:1.1rem;text-align:center}ul{list-style:none;padding:0}
li{background:#e6f0ff;border-radius:1rem;padding:.5rem 1rem;margin:.5rem 0}
.to{font-weight:600}time{color:#555;font-size:.85rem}p{margin:.25rem 0}
</style>
</head>
<body>
<h1>Simulated phone${number === null ? ' (every number)' : `: ${escape(number)}`}</h1>
<p>Texts the devnet directory sent, newest first. This page refreshes itself.</p>
${texts.length === 0 ? '<p><em>No texts yet.</em></p>' : `<ul>\n${items}\n</ul>`}
</body>
</html>
`;
}
