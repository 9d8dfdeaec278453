/** Path of the installed Electron binary, or null where the optional package could not install it. */
export function electronBinary(): string | null;
