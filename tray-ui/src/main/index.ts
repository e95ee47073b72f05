/** Electron main entry (`electron tray-ui/dist/main/index.js`): composition only. */
import { fileURLToPath } from 'node:url';
import type { ElectronApi } from './electron-api.js';
import { loadElectron, runTray } from './electron-shell.js';
import { resolveTrayConfig } from './tray-config.js';

const log = (message: string, error?: unknown): void => console.error(`vigil-tray: ${message}`, error ?? '');

let electron: ElectronApi | undefined;
try {
  electron = await loadElectron();
  const config = resolveTrayConfig(process.platform, process.env, process.argv.slice(1));
  await runTray(
    electron,
    config,
    {
      preload: fileURLToPath(new URL('../preload/preload.cjs', import.meta.url)),
      indexHtml: fileURLToPath(new URL('../renderer/index.html', import.meta.url)),
    },
    log,
  );
} catch (error) {
  log('could not start', error);
  process.exitCode = 1;
  electron?.app.quit(); // without this Electron keeps running with no tray and no window
}
