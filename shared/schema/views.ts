/**
 * Views the app creates over the export, named once: SQL, the analyses, the audit, the reserved
 * dataset names and the screens all spell them from here.
 */

/** PersonHistorical plus the columns of each saved join; analyses and the audit read HR attributes from it. */
export const PERSON_ATTRIBUTES_VIEW = 'PersonAttributes';
