/** Creating and switching workspaces through the sidebar's switcher. */
import type { Page } from 'playwright-core';
import { workspaces } from '../locators/workspaces.js';

export async function createWorkspace(page: Page, name: string): Promise<void> {
  await workspaces.card(page).click();
  await workspaces.newButton(page).click();
  await workspaces.nameField(page).fill(name);
  await workspaces.createButton(page).click();
  await workspaces.name(page).filter({ hasText: name }).waitFor();
}

export async function switchTo(page: Page, name: string): Promise<void> {
  await workspaces.card(page).click();
  await workspaces.openButton(page, name).click();
  await workspaces.name(page).filter({ hasText: name }).waitFor();
}
