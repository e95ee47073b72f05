/**
 * Watches the state directory for what other processes decide: `vigil consent` writing
 * `consent.json` while the daemon's socket was not reachable, and `vigil unenroll` removing the
 * identity (the daemon then stops, so it does not recreate files that unenroll deleted). inotify
 * / FSEvents / ReadDirectoryChanges through fs.watch: no polling, no cost while idle.
 */
import { watch, type FSWatcher } from 'node:fs';
import { errorFields, type Logger } from '../logging/logger.js';

export interface StateWatchHandlers {
  consentChanged(): void;
  identityChanged(): void;
}

export interface StateWatch {
  close(): void;
}

export function watchStateDir(stateDir: string, handlers: StateWatchHandlers, log: Logger): StateWatch {
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | undefined;
  const pending = new Set<'consent' | 'identity'>();
  // Atomic writes show up as several events (temp file, rename): act once they settle.
  const flush = (): void => {
    const kinds = [...pending];
    pending.clear();
    if (kinds.includes('consent')) handlers.consentChanged();
    if (kinds.includes('identity')) handlers.identityChanged();
  };
  try {
    watcher = watch(stateDir, { persistent: false }, (_event, filename) => {
      const name = filename?.toString() ?? '';
      if (name === 'consent.json') pending.add('consent');
      else if (name === 'identity' || name === '') pending.add('identity');
      else return;
      clearTimeout(timer);
      timer = setTimeout(flush, 50);
    });
    watcher.on('error', (error) => log.warn({ error: errorFields(error) }, 'state directory watch stopped'));
  } catch (error) {
    log.warn({ error: errorFields(error), state_dir: stateDir }, 'cannot watch the state directory');
  }
  return {
    close() {
      clearTimeout(timer);
      watcher?.close();
      watcher = null;
    },
  };
}
