/**
 * `diskutil apfs list -plist` and `diskutil info -plist`. Per APFS volume the `FileVault` flag is
 * the one that matters: `Encryption` is true on every Apple silicon data volume whether or not
 * FileVault is on (the key is then not protected by any password), so it is never used to decide.
 * `CryptoMigrationOn` marks a conversion in progress.
 */
import { asArray, asBoolean, asDict, asString, parsePlistXml } from '../formats/plist-xml.js';

export interface ApfsVolume {
  device: string;
  name: string;
  roles: string[];
  fileVault: boolean | null;
  converting: boolean;
  locked: boolean;
}

export interface ApfsContainer {
  reference: string;
  volumes: ApfsVolume[];
}

export function parseApfsList(xml: string): ApfsContainer[] | null {
  const root = asDict(parsePlistXml(xml) ?? undefined);
  if (!root || !Array.isArray(root.Containers)) return null;
  return asArray(root.Containers).flatMap((entry) => {
    const container = asDict(entry);
    const reference = asString(container?.ContainerReference);
    if (!container || !reference) return [];
    const volumes = asArray(container.Volumes).flatMap((item) => {
      const volume = asDict(item);
      const device = asString(volume?.DeviceIdentifier);
      if (!volume || !device) return [];
      // diskutil writes the conversion flag for every APFS volume. Without it (a damaged answer,
      // found by fuzzing) "encrypted" cannot be told from "encrypting": FileVault is unknown.
      const converting = asBoolean(volume.CryptoMigrationOn);
      return [
        {
          device,
          name: asString(volume.Name) ?? device,
          roles: asArray(volume.Roles).flatMap((role) => (typeof role === 'string' ? [role] : [])),
          fileVault: converting === undefined ? null : (asBoolean(volume.FileVault) ?? null),
          converting: converting ?? false,
          locked: asBoolean(volume.Locked) ?? false,
        },
      ];
    });
    return [{ reference, volumes }];
  });
}

/** The booted data volume's identifier and mount point, from `diskutil info -plist`. */
export function parseDiskutilInfo(xml: string): { device: string; mountPoint: string | null } | null {
  const info = asDict(parsePlistXml(xml) ?? undefined);
  const device = asString(info?.DeviceIdentifier);
  return device ? { device, mountPoint: asString(info?.MountPoint) ?? null } : null;
}

/**
 * The volumes that hold data on a startup disk: the Data role and volumes without a role (users'
 * own), in containers that hold a System volume. Preboot, Recovery, VM, Update and the sealed
 * System volume hold no user data; Time Machine and other external containers are not startup
 * disks.
 */
export function dataVolumes(containers: readonly ApfsContainer[]): ApfsVolume[] {
  return containers
    .filter((c) => c.volumes.some((v) => v.roles.includes('System')))
    .flatMap((c) => c.volumes.filter((v) => v.roles.length === 0 || v.roles.includes('Data')));
}
