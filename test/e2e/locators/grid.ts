/** Locators inside a data grid (ag-grid): headers, cells of rendered rows, the status bar. */
import type { Locator } from 'playwright-core';

export const grid = {
  headerCell: (scope: Locator, column: string): Locator => scope.locator(`.ag-header-cell[col-id="${column}"]`),
  cell: (scope: Locator, rowIndex: number, column: string): Locator => scope.locator(`.ag-row[row-index="${rowIndex}"] .ag-cell[col-id="${column}"]`),
  rows: (scope: Locator): Locator => scope.locator('.ag-center-cols-container .ag-row'),
  total: (scope: Locator): Locator => scope.getByTestId('grid-total'),
  sortStatus: (scope: Locator): Locator => scope.getByTestId('grid-sort'),
  clearFilters: (scope: Locator): Locator => scope.getByRole('button', { name: 'Clear filters' }),
  filterButton: (scope: Locator, column: string): Locator => scope.locator(`.ag-header-cell[col-id="${column}"] .ag-header-cell-filter-button`),
  copyButton: (scope: Locator): Locator => scope.getByRole('button', { name: 'Copy', exact: true }),
};
