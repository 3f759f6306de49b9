/** The file beside Tiny's database that its second revision rewrites. */
export const NOTES = 'lab/notes.txt';
