import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The main window's settings, kept as data so a test can assert them without Electron:
 * the renderer is treated as untrusted web content.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Faultline',
    backgroundColor: '#15171c',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** The app is a single local page: any navigation away from it is refused. */
export function isAllowedNavigation(targetUrl: string, appUrl: string): boolean {
  try {
    const target = new URL(targetUrl);
    const app = new URL(appUrl);
    return target.protocol === app.protocol && target.host === app.host && target.pathname === app.pathname;
  } catch {
    return false;
  }
}

export const PROJECT_FILE_SCHEME = 'faultline-file';

/** Maps `faultline-file://project/<relative path>` to the relative path inside the open project, or null. */
export function projectFileRelPath(requestUrl: string): string | null {
  try {
    const url = new URL(requestUrl);
    if (url.protocol !== `${PROJECT_FILE_SCHEME}:` || url.host !== 'project') return null;
    return decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
}
