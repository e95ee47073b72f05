/** ANSI styling that degrades to plain text; results also carry words, never colour alone. */
const CODES = { red: 31, green: 32, yellow: 33, grey: 90, bold: 1 } as const;

export type Style = (text: string, code: keyof typeof CODES) => string;

export function makeStyle(color: boolean): Style {
  return color ? (text, code) => `\u001b[${CODES[code]}m${text}\u001b[0m` : (text) => text;
}
