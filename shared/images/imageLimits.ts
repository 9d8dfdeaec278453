/** The largest image import accepts unless told otherwise (checked before decoding); the CLI's --max-pixels default. */
export const DEFAULT_MAX_PIXELS = 100_000_000;
