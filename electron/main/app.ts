import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/wire.js';
import { createCore, type HostServices } from '../core/index.js';
import { RENDERER_DIST_DIR } from '../platform/packagePaths.js';
import { RENDERER_CSP } from '../platform/securityPolicy.js';
import { resolveInside } from '../platform/staticFiles.js';
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appSchemeResponse, fileResponse } from './appScheme.js';
import { launchUtilityProcess } from './utilityWorker.js';
import { allowedExternalUrl, isTrustedSender } from './security.js';
import { PROJECT_FILE_SCHEME, isAllowedNavigation, mainWindowOptions, projectFileRelPath } from './windowOptions.js';

// Both schemes must be registered before the app is ready. The renderer loads from app://, never from the file scheme.
protocol.registerSchemesAsPrivileged([
  APP_SCHEME_PRIVILEGES,
  { scheme: PROJECT_FILE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;

const host: HostServices = {
  kind: 'electron',
  canPickDirectory: true,
  async pickDirectory(title) {
    const options = { title, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  launchWorkerProcess: launchUtilityProcess,
};

const core = createCore({ host, userDataDir: app.getPath('userData') });

function projectArgument(): string | null {
  const index = process.argv.indexOf('--project');
  return index >= 0 ? (process.argv[index + 1] ?? null) : null;
}

async function createWindow(): Promise<void> {
  const preload = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
  mainWindow = new BrowserWindow(mainWindowOptions(preload));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  await mainWindow.loadURL(APP_INDEX_URL);
}

// Every web contents (the window and anything it might create) may not navigate away from the app
// page, opens no new windows, attaches no <webview>, and hands only allow-listed links to the OS.
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, APP_INDEX_URL)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = allowedExternalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
});

void app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  // The CSP is also in each response's headers and in index.html's <meta> tag (securityPolicy.ts).
  protocol.handle(APP_SCHEME, (request) => appSchemeResponse(request.url, RENDERER_DIST_DIR, request.method));
  protocol.handle(PROJECT_FILE_SCHEME, (request) => {
    const project = core.session.current();
    const rel = projectFileRelPath(request.url);
    return fileResponse(project && rel !== null ? resolveInside(project.dir, rel) : null);
  });

  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    const frame = event.senderFrame;
    if (!frame || !isTrustedSender(frame.url, frame.parent === null)) {
      throw new Error(`Refused an IPC call from an untrusted frame (${frame?.url ?? 'gone'})`);
    }
    return core.call(String(method), input);
  });
  core.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (isTrustedSender(window.webContents.getURL(), true)) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });

  const project = projectArgument();
  try {
    if (project) core.session.open(project);
  } catch (error) {
    // The start screen lets the user pick another project; the reason goes to the log.
    console.error(`Faultline could not open ${project}: ${error instanceof Error ? error.message : String(error)}`);
  }

  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
  await createWindow();
  // Without a project argument the window opens on the demo; its first build shows progress on the start screen.
  if (!project) void core.call('project.openDemo', {});
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow();
  });
});

app.on('window-all-closed', () => {
  void core.dispose().finally(() => {
    if (process.platform !== 'darwin') app.quit();
  });
});
