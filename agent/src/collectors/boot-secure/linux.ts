/**
 * boot.secure on Linux. No /sys/firmware/efi means a legacy BIOS boot: Secure Boot does not exist
 * there, so the check is unsupported (the policy's if_supported then treats it as not applicable).
 * On UEFI the efivars decide: SecureBoot=1 outside setup mode, with shim still validating. A UEFI
 * machine whose variables cannot be read is an error, never "unsupported": that would let
 * if_supported pass a machine whose Secure Boot may simply be off.
 */
import type { BootSecureValue, Observation } from '@vigil/shared';
import type { CollectorIO } from '../../platform/io.js';
import { recordEvidence } from '../evidence.js';
import { errorObservation, okObservation, unsupportedObservation } from '../observation.js';
import { efiVarByte, EFI_GLOBAL, parseMokutilSbState, SHIM_LOCK } from './parse-efivar.js';

const EFIVARS = '/sys/firmware/efi/efivars';

export async function collectBootSecureLinux(io: CollectorIO): Promise<Observation<'boot.secure'>> {
  const startedAt = io.now();
  const recorder = recordEvidence(io);
  const efi = await recorder.io.stat('/sys/firmware/efi');
  const extra = () => ({ evidence: recorder.evidence(), startedAt });
  if (!efi.ok && efi.error.code === 'VIGIL_IO_NOT_FOUND') {
    return unsupportedObservation(
      'booted in legacy BIOS mode (no /sys/firmware/efi): this machine has no Secure Boot',
      io.now(),
    );
  }
  if (!efi.ok) return errorObservation('VIGIL_COLLECT_EFI_UNREADABLE', efi.error.message, io.now(), extra());

  const [secureBoot, setupMode, mok] = await Promise.all(
    [`SecureBoot-${EFI_GLOBAL}`, `SetupMode-${EFI_GLOBAL}`, `MokSBStateRT-${SHIM_LOCK}`].map((name) =>
      recorder.io.readFile(`${EFIVARS}/${name}`, { maxBytes: 64 }),
    ),
  );
  const sb = secureBoot?.ok ? efiVarByte(secureBoot.text) : null;
  if (sb !== null && secureBoot?.ok) {
    const setup = setupMode?.ok ? efiVarByte(setupMode.text) === 1 : null;
    // MokSBStateRT exists only when someone ran `mokutil --disable-validation`.
    const shimOff = mok?.ok ? efiVarByte(mok.text) === 1 : false;
    const value: BootSecureValue = {
      enabled: sb === 1 && !shimOff,
      setupMode: setup,
      level: null,
      detail: `efivars: SecureBoot=${sb}, SetupMode=${setup === null ? 'unknown' : setup ? 1 : 0}${shimOff ? ', shim validation disabled (MokSBStateRT)' : ''}`,
    };
    return okObservation<'boot.secure'>(value, recorder.evidence(), startedAt, io.now());
  }
  const missing = secureBoot && !secureBoot.ok && secureBoot.error.code === 'VIGIL_IO_NOT_FOUND';
  if (missing) {
    // efivarfs mounted (it lists variables) but no SecureBoot variable: firmware without Secure Boot.
    const listing = await recorder.io.readDir(EFIVARS);
    if (listing.ok && listing.entries.length > 0) {
      return unsupportedObservation(
        'UEFI firmware without a SecureBoot variable: this firmware has no Secure Boot',
        io.now(),
      );
    }
  }
  // efivarfs unmounted (containers, minimal systems) or unreadable: ask mokutil before giving up.
  const run = await recorder.io.exec('mokutil', ['--sb-state'], { timeoutMs: 5_000 });
  const state = run.ok ? parseMokutilSbState(`${run.stdout}\n${run.stderr}`) : null;
  if (state?.kind === 'no-secure-boot')
    return unsupportedObservation('mokutil: this firmware has no Secure Boot', io.now());
  if (state?.kind === 'state') {
    const value: BootSecureValue = {
      enabled: state.enabled && state.shimValidation,
      setupMode: state.setupMode,
      level: null,
      detail: `mokutil: SecureBoot ${state.enabled ? 'enabled' : 'disabled'}${state.setupMode ? ', setup mode' : ''}${state.shimValidation ? '' : ', shim validation disabled'}`,
    };
    return okObservation<'boot.secure'>(value, recorder.evidence(), startedAt, io.now());
  }
  const why = secureBoot && !secureBoot.ok ? secureBoot.error.message : 'unrecognised SecureBoot variable';
  return errorObservation(
    'VIGIL_COLLECT_EFIVARS_UNREADABLE',
    `UEFI boot, but the Secure Boot state is unreadable: ${why}`,
    io.now(),
    extra(),
  );
}
