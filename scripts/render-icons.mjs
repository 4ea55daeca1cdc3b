// Renders assets/brand/icon.svg to assets/brand/icon.png (512×512) with Debian's Chromium, for
// electron-builder (which derives .icns and .ico from it) and the tray. Run after changing the SVG.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium-path.mjs';

const svg = readFileSync('assets/brand/icon.svg', 'utf8');
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: CHROMIUM_ARGS,
});
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(
  `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="512" height="512" ')}</body></html>`,
);
await page.screenshot({ path: 'assets/brand/icon.png', omitBackground: true });
await browser.close();
process.stdout.write('wrote assets/brand/icon.png\n');
