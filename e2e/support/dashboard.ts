// What the user reads off the dashboard, as numbers.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ROOT } from './server';

/** "1.2k" → 1200, "392" → 392, "3.50×" → 3.5, "110 ms" → 110. */
export function parseFigure(text: string): number {
  const m = /(-?[\d.]+)\s*([kMG]?)/.exec(text.replace(/,/g, ''));
  if (!m) return NaN;
  const scale = { '': 1, k: 1e3, M: 1e6, G: 1e9 }[m[2] as '' | 'k' | 'M' | 'G'];
  return Number(m[1]) * scale;
}

export function tile(page: Page, id: string): Locator {
  return page.getByTestId(`tile-${id}`).getByTestId('tile-value');
}

export async function tileValue(page: Page, id: string): Promise<number> {
  return parseFigure(await tile(page, id).innerText());
}

/** Points drawn by the line chart's first series (one path segment per sample). */
export async function linePoints(page: Page, chartId: string): Promise<number> {
  const d = await page.getByTestId(`chart-${chartId}`).locator('path.recharts-line-curve').first().getAttribute('d');
  return d ? (d.match(/[ML]/g) ?? []).length : 0;
}

/** Where the specs leave the screenshots a person looks at. */
export function shotPath(name: string): string {
  return join(ROOT, 'test-results', name);
}

/** Every tile's text at once, to see the figures move. */
export async function tilesText(page: Page): Promise<string> {
  return page.locator('.tiles').innerText();
}
