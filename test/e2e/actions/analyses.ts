/** Running an analysis with chosen parameters. */
import type { Page } from 'playwright-core';
import { analyses } from '../locators/analyses.js';

export async function runAnalysis(page: Page, title: string, options: { groupBy?: string; minGroupSize?: number } = {}): Promise<void> {
  await analyses.picker(page).selectOption({ label: title });
  if (options.groupBy) await analyses.param(page, 'Group by').selectOption(options.groupBy);
  if (options.minGroupSize !== undefined) await analyses.minGroupSize(page).fill(String(options.minGroupSize));
  await analyses.runButton(page).click();
  await analyses.runButton(page).waitFor({ state: 'visible' });
  await page.locator('[data-screen="analyses"] .btn--primary:not([disabled])', { hasText: 'Run' }).waitFor({ timeout: 60_000 });
  await analyses.table(page).or(page.locator('[data-screen="analyses"] [role="alert"]')).first().waitFor({ state: 'visible', timeout: 60_000 });
}
