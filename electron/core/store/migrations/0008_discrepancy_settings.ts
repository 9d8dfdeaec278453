/**
 * Mining's distances gained settings (a speck threshold, a foreground class): each stored
 * distance now says which settings it was measured with. Rows from before carry '' and so are
 * measured again on the next run, under the settings in force.
 */
export const migration0008 = `
ALTER TABLE pair_discrepancies ADD COLUMN settings TEXT NOT NULL DEFAULT '';
`;
