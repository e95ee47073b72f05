/**
 * Retiring a device, whoever asks (an admin, or the device itself leaving): the status changes
 * and CAEP receivers hear `not-compliant` so results they already hold stop working.
 */
import type { ServiceContext } from '../../context.js';
import type { DeviceRecord } from '../../store/types.js';

export async function retireDevice(
  ctx: ServiceContext,
  deviceId: string,
  reason: string | null,
): Promise<DeviceRecord | undefined> {
  const device = await ctx.store.setDeviceStatus(deviceId, 'retired', reason);
  if (device) {
    ctx.caep.emitComplianceChange({
      deviceId: device.id,
      status: 'not-compliant',
      reasonAdmin: 'retired',
      timestamp: ctx.now(),
    });
  }
  return device;
}
