/** Connecting to a container and syncing a refresh. */
import type { Page } from 'playwright-core';
import { connect } from '../locators/connect.js';

export async function checkSas(page: Page, sasUri: string): Promise<void> {
  await connect.sasField(page).fill(sasUri);
  await connect.checkButton(page).click();
  await connect.sasDetails(page).waitFor({ state: 'visible' });
}

/** Start the sync and wait for it to end; returns every percentage the progress bar showed. */
export async function syncAndWatch(page: Page, timeoutMs = 90_000): Promise<{ status: string; percents: number[]; sawRunning: boolean }> {
  await connect.startSync(page).click();
  await connect.jobStatus(page).waitFor({ state: 'visible', timeout: 15_000 });
  const percents: number[] = [];
  let sawRunning = false;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await connect.jobStatus(page).textContent())?.trim() ?? '';
    const value = await connect.progressBar(page).first().getAttribute('aria-valuenow');
    if (value !== null && percents.at(-1) !== Number(value)) percents.push(Number(value));
    if (status === 'Running') sawRunning = true;
    else if (status) return { status, percents, sawRunning };
    if (Date.now() > deadline) throw new Error(`sync still "${status}" after ${timeoutMs} ms`);
    await page.waitForTimeout(50);
  }
}
