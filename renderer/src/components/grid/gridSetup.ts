/**
 * ag-grid's modules (only those we use) and its theme, in the app's colours for light and dark.
 * The theme follows <body data-ag-theme-mode>, which the ThemeProvider sets.
 */
import {
  CellStyleModule,
  ColumnApiModule,
  ColumnAutoSizeModule,
  CustomFilterModule,
  DateFilterModule,
  InfiniteRowModelModule,
  ModuleRegistry,
  NumberFilterModule,
  RenderApiModule,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  TextFilterModule,
  TooltipModule,
  themeQuartz,
} from 'ag-grid-community';

ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  TextFilterModule,
  NumberFilterModule,
  DateFilterModule,
  CustomFilterModule,
  RowSelectionModule,
  CellStyleModule,
  TooltipModule,
  ColumnAutoSizeModule,
  ColumnApiModule,
  RowApiModule,
  RenderApiModule,
  ScrollApiModule,
]);

const shared = {
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 32,
  headerHeight: 36,
  spacing: 6,
  borderRadius: 4,
  wrapperBorderRadius: 10,
  cellHorizontalPadding: 10,
} as const;

export const gridTheme = themeQuartz
  .withParams(
    {
      ...shared,
      backgroundColor: '#ffffff',
      foregroundColor: '#1b2330',
      headerBackgroundColor: '#f8f9fb',
      headerTextColor: '#5b6575',
      borderColor: '#e1e5eb',
      rowBorder: { color: '#eef1f5' },
      oddRowBackgroundColor: '#fbfcfd',
      accentColor: '#3461d1',
      selectedRowBackgroundColor: '#e9effd',
      rowHoverColor: '#f3f6fb',
      chromeBackgroundColor: '#f8f9fb',
    },
    'light',
  )
  .withParams(
    {
      ...shared,
      backgroundColor: '#151b24',
      foregroundColor: '#e6e9ef',
      headerBackgroundColor: '#19202b',
      headerTextColor: '#a0a9b6',
      borderColor: '#262f3c',
      rowBorder: { color: '#1d2530' },
      oddRowBackgroundColor: '#171e28',
      accentColor: '#6f95ff',
      selectedRowBackgroundColor: '#1d2a47',
      rowHoverColor: '#1c2431',
      chromeBackgroundColor: '#19202b',
      browserColorScheme: 'dark',
    },
    'dark',
  );
