const KEY = 'faultline.rater';

/** The rater's name, remembered on this machine so they are not asked again. */
export function rememberedRater(): string | null {
  return localStorage.getItem(KEY);
}

export function rememberRater(name: string): void {
  localStorage.setItem(KEY, name);
}

export function forgetRater(): void {
  localStorage.removeItem(KEY);
}
