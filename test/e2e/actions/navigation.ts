/** Moving around the app the way a user does. */
import type { Page } from 'playwright-core';
import { app, type ScreenName } from '../locators/app.js';

export async function goTo(page: Page, screen: ScreenName): Promise<void> {
  await app.navItem(page, screen).click();
  await app.heading(page, screen).waitFor({ state: 'visible' });
}

/** Switch the theme with the sidebar button until the page shows the wanted one. */
export async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  if (current !== theme) await app.themeToggle(page).click();
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}
