/** One line of `vigil doctor`: what was checked, how it went, and how to fix it. */
export interface Finding {
  id:
    | 'state-dir'
    | 'identity'
    | 'certificate'
    | 'database'
    | 'outbox'
    | 'consent'
    | 'service'
    | 'clock'
    | 'collectors'
    | 'daemon';
  level: 'ok' | 'warn' | 'fail';
  message: string;
  code?: string;
  fix?: string;
}

export const ok = (id: Finding['id'], message: string): Finding => ({ id, level: 'ok', message });
export const warn = (id: Finding['id'], message: string, fix: string, code?: string): Finding => ({
  id,
  level: 'warn',
  message,
  fix,
  ...(code ? { code } : {}),
});
export const fail = (id: Finding['id'], message: string, fix: string, code?: string): Finding => ({
  id,
  level: 'fail',
  message,
  fix,
  ...(code ? { code } : {}),
});
