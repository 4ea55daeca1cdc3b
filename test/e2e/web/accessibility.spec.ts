import { createRequire } from 'node:module';
import { expect, test } from '../support/web-app';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

// axe-core's WCAG 2.1 A/AA rules on every screen, in both themes. The page's own CSP forbids
// injected scripts, so this context bypasses CSP for the checker only.
test.use({ bypassCSP: true });

for (const theme of ['light', 'dark'] as const) {
  test(`every screen passes axe WCAG A/AA checks (${theme})`, async ({ appPage: page }) => {
    await page.emulateMedia({ colorScheme: theme });
    await page.addScriptTag({ path: axePath });
    for (const hash of [
      '#/chats',
      '#/calls',
      '#/contacts',
      '#/settings/account',
      '#/settings/privacy',
      '#/settings/appearance',
      '#/settings/audio',
      '#/settings/devices',
      '#/settings/advanced',
      '#/settings/about',
    ]) {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, hash);
      await page.waitForTimeout(150);
      const result = await page.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<AxeResult> } }
        ).axe;
        return axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
      });
      const summary = result.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      );
      expect(summary, `${hash} in ${theme}`).toEqual([]);
    }
  });
}
