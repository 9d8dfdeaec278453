import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, mainWindowOptions, projectFileRelPath } from '../../../electron/main/windowOptions.js';
import { RENDERER_CSP } from '../../../electron/platform/securityPolicy.js';

describe('Electron window security', () => {
  it('isolates and sandboxes the renderer with no Node integration', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a Content-Security-Policy without inline or eval scripts', () => {
    expect(RENDERER_CSP).toContain("default-src 'self'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(RENDERER_CSP).toContain("object-src 'none'");
  });

  it('blocks navigation away from the app page', () => {
    const app = 'file:///opt/faultline/dist/renderer/index.html';
    expect(isAllowedNavigation(app, app)).toBe(true);
    expect(isAllowedNavigation('https://example.com/', app)).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd', app)).toBe(false);
    expect(isAllowedNavigation('not a url', app)).toBe(false);
  });

  it('maps project-file URLs to relative paths and nothing else', () => {
    expect(projectFileRelPath('faultline-file://project/images/a%20b.png')).toBe('images/a b.png');
    expect(projectFileRelPath('faultline-file://other/images/a.png')).toBeNull();
    expect(projectFileRelPath('file:///etc/passwd')).toBeNull();
  });
});
