/**
 * The only conversation between the sandboxed renderer and the main process. Invoke channels
 * validate their arguments with zod in the main process (`secureHandle`), which also checks the
 * sender; `status:changed` is pushed by the main process. The preload exposes these as the named
 * functions of `VigilTrayApi` and nothing else.
 */
import { z } from 'zod';
import type { CheckNowResponse } from '@vigil/shared';
import type { HealthView } from './health-view.js';
import type { ConsentDecisionResult, PrivacyReportView } from './privacy-report.js';

export const IPC = {
  statusGet: 'status:get',
  statusChanged: 'status:changed',
  checkNow: 'check:now',
  linkOpen: 'link:open',
  privacyGet: 'privacy:get',
  consentDecide: 'consent:decide',
} as const;

export const CONSENT_DECISIONS = ['accept', 'withdraw'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/** Arguments of each invoke channel, as the tuple the renderer passes. */
export const IPC_ARGS = {
  [IPC.statusGet]: z.tuple([]),
  [IPC.checkNow]: z.tuple([]),
  [IPC.linkOpen]: z.tuple([z.string().min(1).max(2048)]),
  [IPC.privacyGet]: z.tuple([]),
  // The statement version the person was shown: an Accept answers that text and no other.
  [IPC.consentDecide]: z.tuple([
    z.enum(CONSENT_DECISIONS),
    z
      .string()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9._-]+$/),
  ]),
} as const;

export type InvokeChannel = keyof typeof IPC_ARGS;

export interface InvokeResults {
  [IPC.statusGet]: HealthView;
  [IPC.checkNow]: CheckNowResponse;
  [IPC.linkOpen]: { opened: boolean };
  [IPC.privacyGet]: PrivacyReportView;
  [IPC.consentDecide]: ConsentDecisionResult;
}

/** Errors cross the boundary as `{code, message}`, never as stacks. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export const IPC_ERROR_CODES = {
  forbidden: 'VIGIL_TRAY_IPC_FORBIDDEN',
  invalidArgs: 'VIGIL_TRAY_IPC_INVALID_ARGS',
  failed: 'VIGIL_TRAY_IPC_FAILED',
} as const;

/** `window.vigil` in the renderer. */
export interface VigilTrayApi {
  getHealth(): Promise<IpcResult<HealthView>>;
  /** Returns a function that stops listening. */
  onHealthChanged(listener: (view: HealthView) => void): () => void;
  checkNow(): Promise<IpcResult<CheckNowResponse>>;
  openLink(url: string): Promise<IpcResult<{ opened: boolean }>>;
  getPrivacy(): Promise<IpcResult<PrivacyReportView>>;
  decideConsent(decision: ConsentDecision, statementVersion: string): Promise<IpcResult<ConsentDecisionResult>>;
}
