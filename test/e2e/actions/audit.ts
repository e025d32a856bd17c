/** Running the privacy audit. */
import type { Page } from 'playwright-core';
import { audit } from '../locators/audit.js';

/** Set the minimum group size, run the audit and wait for its summary. */
export async function runAudit(page: Page, minGroupSize = 5, timeoutMs = 120_000): Promise<string> {
  await audit.minGroupSize(page).fill(String(minGroupSize));
  await audit.runButton(page).click();
  await audit.summary(page).waitFor({ state: 'visible', timeout: timeoutMs });
  return (await audit.summary(page).textContent()) ?? '';
}
