import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../../shared/contract/wire.js';
import { createCore, type HostServices } from '../core/index.js';
import { RENDERER_DIST_DIR } from '../platform/packagePaths.js';
import { RENDERER_CSP } from '../platform/securityPolicy.js';
import { resolveInside } from '../platform/staticFiles.js';
import { PROJECT_FILE_SCHEME, isAllowedNavigation, mainWindowOptions, projectFileRelPath } from './windowOptions.js';

protocol.registerSchemesAsPrivileged([{ scheme: PROJECT_FILE_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let mainWindow: BrowserWindow | null = null;

const host: HostServices = {
  kind: 'electron',
  canPickDirectory: true,
  async pickDirectory(title) {
    const options = { title, properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
};

const core = createCore({ host, userDataDir: app.getPath('userData') });

function projectArgument(): string | null {
  const index = process.argv.indexOf('--project');
  return index >= 0 ? (process.argv[index + 1] ?? null) : null;
}

async function createWindow(): Promise<void> {
  const preload = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));
  mainWindow = new BrowserWindow(mainWindowOptions(preload));
  const appUrl = pathToFileURL(join(RENDERER_DIST_DIR, 'index.html')).toString();
  mainWindow.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, appUrl)) event.preventDefault();
  });
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  await mainWindow.loadURL(appUrl);
}

void app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  protocol.handle(PROJECT_FILE_SCHEME, (request) => {
    const project = core.session.current();
    const rel = projectFileRelPath(request.url);
    const path = project && rel !== null ? resolveInside(project.dir, rel) : null;
    if (!path) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(path).toString());
  });

  ipcMain.handle(IPC_INVOKE_CHANNEL, (_event, method: unknown, input: unknown) => core.call(String(method), input));
  core.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
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
