// The renderer's files are classic scripts sharing one global scope (see tsconfig.renderer.json);
// these are the types they share, and what the preload adds to `window`.
import type { BadgeKind as Badge, CheckCardView as Card, HealthView as View } from '../health-view.js';
import type { VigilTrayApi as Api } from '../ipc-contract.js';
import type { PrivacyReportView as Report } from '../privacy-report.js';

declare global {
  type HealthView = View;
  type CheckCardView = Card;
  type BadgeKind = Badge;
  type VigilTrayApi = Api;
  type PrivacyReportView = Report;

  interface Window {
    /** Exposed by the preload (or a test stand-in); absent when the page is opened any other way. */
    readonly vigil?: VigilTrayApi;
  }
}
