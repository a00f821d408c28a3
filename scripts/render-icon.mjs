// Renders media/marketplace-icon.svg to the 128x128 PNG the marketplace shows (package.json "icon"),
// in the same headless Chromium the tests use. Run after editing the SVG: node scripts/render-icon.mjs
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';

const svg = await readFile(new URL('../media/marketplace-icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.READ_ALOUD_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: new URL('../media/marketplace-icon.png', import.meta.url).pathname, omitBackground: true });
} finally {
  await browser.close();
}
