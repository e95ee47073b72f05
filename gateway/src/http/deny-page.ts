/**
 * The short page a refused person sees: what is wrong and what to do, in plain words. Every
 * dynamic value is HTML-escaped (check names and reasons come from a signed token, but a page
 * is not the place to find out that a service bug let markup through).
 */
import { CHECK_TITLES, isCheckId } from '@vigil/shared';
import { REASONS } from '../reasons.js';
import type { Decision } from '../verify/decision.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function denyPage(decision: Pick<Decision, 'httpStatus' | 'reasons' | 'checks' | 'device'>): string {
  const title =
    decision.httpStatus === 403
      ? 'This device needs attention'
      : decision.httpStatus === 401
        ? 'Device check required'
        : 'Access check unavailable';
  const advice = [...new Set(decision.reasons.map((r) => REASONS[r.code].advice))];
  const failing = decision.checks.filter((c) => c.result !== 'pass');
  const checks = failing.length
    ? `<h2>Checks to fix</h2><ul>${failing
        .map(
          (c) =>
            `<li><strong>${escapeHtml(isCheckId(c.check) ? CHECK_TITLES[c.check] : c.check)}</strong> (${escapeHtml(c.result)})${explanation(c.reason)}</li>`,
        )
        .join('')}</ul>`
    : '';
  const codes = decision.reasons.map((r) => escapeHtml(r.code)).join(', ');
  const device = decision.device ? ` · device ${escapeHtml(decision.device.id)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}h1{font-size:1.5rem}small{color:#666}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${advice.map((a) => `<p>${escapeHtml(a)}</p>`).join('\n')}
${checks}
<p><small>Reference: ${codes || 'none'}${device}</small></p>
</body></html>
`;
}

/** Personal devices' results come without reasons: the check and its result are the whole line. */
function explanation(reason: string | undefined): string {
  return reason ? `: ${escapeHtml(reason)}` : '';
}
