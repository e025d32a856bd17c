/** Running the privacy audit. */
import type { Page } from 'playwright-core';
import { audit, auditPicker } from '../locators/audit.js';

/** Set the minimum group size, run the audit and wait for its summary. */
export async function runAudit(page: Page, minGroupSize = 5, timeoutMs = 120_000): Promise<string> {
  await audit.minGroupSize(page).fill(String(minGroupSize));
  await audit.runButton(page).click();
  await audit.summary(page).waitFor({ state: 'visible', timeout: timeoutMs });
  return (await audit.summary(page).textContent()) ?? '';
}

/** Choose the k-anonymity attribute sets in the picker (replacing any chosen before). */
export async function chooseAttributeSets(page: Page, sets: string[][]): Promise<void> {
  await auditPicker.defaults(page).check();
  await auditPicker.choose(page).check();
  for (let i = 0; i < sets.length; i++) {
    if (i > 0) await auditPicker.addSet(page).click();
    for (const attribute of sets[i]) await auditPicker.addAttribute(page, i + 1).selectOption(attribute);
  }
}
