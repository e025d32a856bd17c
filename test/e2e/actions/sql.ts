/** Writing and running SQL in the editor. */
import type { Page } from 'playwright-core';
import { sql } from '../locators/sql.js';

export async function typeSql(page: Page, text: string): Promise<void> {
  await sql.editor(page).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
}

/** Type the query and run it with Ctrl/Cmd+Enter; waits until it has succeeded or failed. */
export async function runSql(page: Page, text: string): Promise<'ok' | 'error'> {
  await typeSql(page, text);
  await sql.editor(page).click();
  await page.keyboard.press('ControlOrMeta+Enter');
  const ok = sql.status(page).filter({ hasText: /rows in/ });
  const failed = sql.error(page);
  await ok.or(failed).first().waitFor({ state: 'visible', timeout: 30_000 });
  return (await failed.isVisible()) ? 'error' : 'ok';
}
