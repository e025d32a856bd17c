/** Locators shared by every screen: the navigation, the screen containers, toasts. */
import type { Locator, Page } from 'playwright-core';

export type ScreenName = 'Connect' | 'Datasets' | 'Import & join' | 'Browse' | 'SQL' | 'Export' | 'Analyses' | 'Privacy audit';

export const app = {
  navItem: (page: Page, screen: ScreenName): Locator => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }),
  currentNavItem: (page: Page): Locator => page.getByRole('navigation', { name: 'Screens' }).locator('[aria-current="page"]'),
  screen: (page: Page, id: string): Locator => page.locator(`[data-screen="${id}"]`),
  heading: (page: Page, title: string): Locator => page.getByRole('heading', { level: 1, name: title }),
  themeToggle: (page: Page): Locator => page.getByRole('button', { name: /Switch to (light|dark) theme/ }),
  toast: (page: Page): Locator => page.locator('.toast'),
  workspaceCard: (page: Page): Locator => page.locator('.sidebar__workspace'),
};
