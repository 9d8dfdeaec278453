import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  appSchemePath,
  appSchemeResponse,
} from '../../../electron/main/appScheme.js';
import { ALLOWED_EXTERNAL_URLS, allowedExternalUrl, isTrustedSender } from '../../../electron/main/security.js';
import { isAllowedNavigation } from '../../../electron/main/windowOptions.js';
import { HEADER_ONLY_DIRECTIVES, RENDERER_CSP, RENDERER_CSP_META } from '../../../electron/platform/securityPolicy.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');
const directives = (csp: string): string[] => csp.split(';').map((d) => d.trim()).filter(Boolean);

describe('renderer served from the app:// scheme', () => {
  let dir: string;
  let outside: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-appscheme-'));
    outside = mkdtempSync(join(tmpdir(), 'faultline-outside-'));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dir, 'renderer', 'assets', 'main.js'), 'export {};');
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'renderer', 'assets', 'link.txt'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });
  const renderer = (): string => join(dir, 'renderer');

  it('registers app:// as a standard, secure scheme and loads the window from it, not file://', () => {
    expect(APP_INDEX_URL).toBe('app://faultline/index.html');
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    const main = read('electron/main/app.ts');
    expect(main).toMatch(/protocol\.registerSchemesAsPrivileged\(\[\s*APP_SCHEME_PRIVILEGES/);
    expect(main).toContain('protocol.handle(APP_SCHEME,');
    expect(main).toContain('loadURL(APP_INDEX_URL)');
    expect(main).not.toMatch(/loadFile|pathToFileURL|file:\/\//);
  });

  it('serves built files with the CSP header and the right type', async () => {
    const response = await appSchemeResponse('app://faultline/assets/main.js', renderer());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('export {};');
    const index = await appSchemeResponse(APP_INDEX_URL, renderer());
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(appSchemePath('app://faultline/', renderer())).toBe(appSchemePath(APP_INDEX_URL, renderer()));
  });

  it('resolves inside the renderer folder only', async () => {
    for (const url of [
      'app://faultline/%2e%2e/%2e%2e/etc/passwd',
      'app://faultline/..%2f..%2fetc%2fpasswd',
      'app://faultline/assets/link.txt',
      'app://faultline/missing.js',
      'app://faultline/assets',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://faultline/%E0%A4%A',
      'not a url',
    ]) {
      expect((await appSchemeResponse(url, renderer())).status, url).toBe(404);
    }
    expect((await appSchemeResponse(APP_INDEX_URL, renderer(), 'POST')).status).toBe(405);
  });

  it('keeps navigation on the app page', () => {
    expect(isAllowedNavigation(APP_INDEX_URL, APP_INDEX_URL)).toBe(true);
    expect(isAllowedNavigation('app://evil/index.html', APP_INDEX_URL)).toBe(false);
    expect(isAllowedNavigation('file:///opt/faultline/dist/renderer/index.html', APP_INDEX_URL)).toBe(false);
    const main = read('electron/main/app.ts');
    expect(main).toContain("app.on('web-contents-created'");
    expect(main).toContain("'will-attach-webview'");
  });
});

describe('Content-Security-Policy', () => {
  it("is in renderer/index.html's <meta> tag, equal to the policy the hosts send as a header", () => {
    const html = read('renderer/index.html');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
    expect(meta?.[1]).toBe(RENDERER_CSP_META);
    // The meta policy is the header policy less only what a <meta> tag cannot carry.
    expect(directives(RENDERER_CSP_META)).toEqual(
      directives(RENDERER_CSP).filter((d) => !HEADER_ONLY_DIRECTIVES.some((name) => d.startsWith(name))),
    );
    expect(directives(RENDERER_CSP)).toContain("frame-ancestors 'none'");
    expect(RENDERER_CSP_META).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('is also sent as a header by the server host and the desktop session', () => {
    expect(read('electron/server/serveHost.ts')).toMatch(/'content-security-policy': RENDERER_CSP/);
    expect(read('electron/main/app.ts')).toMatch(/'Content-Security-Policy': \[RENDERER_CSP\]/);
  });
});

describe('IPC sender validation', () => {
  it('trusts only the main frame of the app page', () => {
    expect(isTrustedSender(APP_INDEX_URL, true)).toBe(true);
    expect(isTrustedSender('app://faultline/index.html#/rating', true)).toBe(true);
    expect(isTrustedSender(APP_INDEX_URL, false)).toBe(false);
    expect(isTrustedSender('app://other/index.html', true)).toBe(false);
    expect(isTrustedSender('file:///opt/faultline/dist/renderer/index.html', true)).toBe(false);
    expect(isTrustedSender('https://faultline/index.html', true)).toBe(false);
    expect(isTrustedSender('', true)).toBe(false);
  });

  it('is applied to every invoke and to pushed events', () => {
    const main = read('electron/main/app.ts');
    expect(main).toMatch(/ipcMain\.handle\(IPC_INVOKE_CHANNEL, \(event[\s\S]*?isTrustedSender\(frame\.url, frame\.parent === null\)/);
    expect(main).toMatch(/isTrustedSender\(window\.webContents\.getURL\(\), true\)\) window\.webContents\.send/);
  });
});

describe('shell.openExternal', () => {
  it('opens only allow-listed https pages', () => {
    for (const url of ALLOWED_EXTERNAL_URLS) expect(allowedExternalUrl(url)).toBe(url);
    expect(allowedExternalUrl(`${ALLOWED_EXTERNAL_URLS[0]}/`)).toBe(ALLOWED_EXTERNAL_URLS[0]);
    expect(allowedExternalUrl('https://example.com/')).toBeNull();
    expect(allowedExternalUrl('http://huggingface.co/Xenova/clip-vit-base-patch32')).toBeNull();
    expect(allowedExternalUrl('https://user@huggingface.co/Xenova/clip-vit-base-patch32')).toBeNull();
    expect(allowedExternalUrl('https://huggingface.co:8443/Xenova/clip-vit-base-patch32')).toBeNull();
    expect(allowedExternalUrl('https://huggingface.co/Xenova/other')).toBeNull();
    expect(allowedExternalUrl('file:///etc/passwd')).toBeNull();
    expect(allowedExternalUrl('not a url')).toBeNull();
  });

  it('each allowed link is documented in the README, and openExternal only gets checked URLs', () => {
    const readme = read('README.md');
    for (const url of ALLOWED_EXTERNAL_URLS) expect(readme).toContain(url);
    const main = read('electron/main/app.ts');
    expect([...main.matchAll(/shell\.openExternal\(([^)]*)\)/g)].map((m) => m[1])).toEqual(['external']);
    expect(main).toContain('const external = allowedExternalUrl(url);');
  });
});

describe('Electron fuses at packaging', () => {
  const config = read('build/electron-builder.yml');
  const fuses = Object.fromEntries(
    [...(/^electronFuses:\n((?:(?: {2}.*)?\n)+)/m.exec(config)?.[1] ?? '').matchAll(/^ {2}(\w+):\s*(true|false)\s*$/gm)].map(
      (m) => [m[1]!, m[2] === 'true'],
    ),
  );

  it('are set in electron-builder.yml', () => {
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config).toMatch(/^asar: true$/m);
  });

  it("are options electron-builder's schema knows, so a typo cannot silently skip a fuse", () => {
    const require = createRequire(join(ROOT, 'package.json'));
    const builderLib = dirname(require.resolve('app-builder-lib/package.json', { paths: [dirname(require.resolve('electron-builder/package.json'))] }));
    const schema = JSON.parse(readFileSync(join(builderLib, 'scheme.json'), 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    for (const key of Object.keys(fuses)) expect(schema.definitions.FuseOptionsV1.properties, key).toHaveProperty(key);
  });
});
