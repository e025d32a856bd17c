/** Locators of the workspace card in the sidebar and the workspace switcher. */
import type { Locator, Page } from 'playwright-core';

const switcher = (page: Page) => page.getByRole('dialog', { name: 'Workspaces' });

export const workspaces = {
  card: (page: Page): Locator => page.getByTestId('workspace-card'),
  name: (page: Page): Locator => page.getByTestId('workspace-name'),
  rows: (page: Page): Locator => page.getByTestId('workspace-rows'),
  dates: (page: Page): Locator => page.getByTestId('workspace-dates'),
  switcher,
  newButton: (page: Page): Locator => switcher(page).getByRole('button', { name: 'New workspace…' }),
  nameField: (page: Page): Locator => switcher(page).getByLabel('Name of the new workspace'),
  createButton: (page: Page): Locator => switcher(page).getByRole('button', { name: 'Create and open' }),
  item: (page: Page, name: string): Locator => switcher(page).getByTestId('workspace-item').filter({ hasText: name }),
  openButton: (page: Page, name: string): Locator => switcher(page).getByRole('button', { name: `Open ${name}`, exact: true }),
  renameButton: (page: Page, name: string): Locator => switcher(page).getByRole('button', { name: `Rename ${name}`, exact: true }),
  renameField: (page: Page): Locator => switcher(page).getByLabel(/^New name for /),
  removeButton: (page: Page, name: string): Locator => switcher(page).getByRole('button', { name: `Remove ${name}`, exact: true }),
  removeMessage: (page: Page): Locator => page.getByTestId('remove-message'),
  replaceDialog: (page: Page): Locator => page.getByTestId('replace-dialog'),
  replaceWhat: (page: Page): Locator => page.getByTestId('replace-what'),
};
