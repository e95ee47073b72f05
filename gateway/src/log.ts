/**
 * The gateway's logging seam: static lower-case messages, details in snake_case fields, never a
 * token or a certificate. The CLI picks JSON lines or text; library users pass their own (pino
 * fits this shape).
 */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

export function streamLogger(write: (line: string) => void, json: boolean): Logger {
  const emit = (level: string) => (fields: Record<string, unknown>, message: string) => {
    if (json) {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields }));
      return;
    }
    const details = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    write(`${level} ${message}${details ? ` ${details}` : ''}`);
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
