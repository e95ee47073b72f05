/**
 * The policy service tests run under: the four original checks, blocking. Fixed here so the
 * tests do not move when Vigil's default policy gains checks; the fixture posture satisfies it.
 */
import { parsePolicy, policyHash } from '@vigil/shared';
import type { Store } from '../store/types.js';

export const TEST_POLICY_YAML = `id: vigil-test
enforcement: { mode: block, graceDays: 0 }
reportIntervalMinutes: 15
checks:
  os.version:
    requirement: always
    rules:
      linux: { ubuntu: { minimum: "22.04" } }
  os.patches: { requirement: always, maxPendingSecurityUpdates: 0 }
  disk.encryption: { requirement: always, includeSwap: true }
  net.firewall: { requirement: always, requireDefaultDeny: true }
`;

export async function installTestPolicy(store: Store, text = TEST_POLICY_YAML): Promise<string> {
  const hash = await policyHash(parsePolicy(text, 'test policy'));
  await store.putPolicy({ text, hash, now: new Date() });
  return hash;
}
