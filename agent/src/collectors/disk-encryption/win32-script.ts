/**
 * BitLocker per volume. Get-BitLockerVolume (admin) is the usual source; editions without the
 * BitLocker module still have the WMI class Device Encryption uses. Drive types come from CIM so
 * removable drives can be left out. Enums are passed through as PowerShell writes them.
 */
import { definePowerShellScript } from '../windows/powershell.js';

export const BITLOCKER_SCRIPT = definePowerShellScript('bitlocker', [
  '$drives = @{}',
  'Get-CimInstance -ClassName Win32_LogicalDisk | ForEach-Object { $drives[$_.DeviceID] = $_.DriveType }',
  "if (Get-Command -Name Get-BitLockerVolume -ErrorAction SilentlyContinue) { $source = 'bitlocker-module'; $volumes = @(Get-BitLockerVolume | ForEach-Object { [ordered]@{ mountPoint = $_.MountPoint; volumeType = $_.VolumeType; volumeStatus = $_.VolumeStatus; protectionStatus = $_.ProtectionStatus; encryptionPercentage = $_.EncryptionPercentage; encryptionMethod = $_.EncryptionMethod; lockStatus = $_.LockStatus; driveType = $drives[$_.MountPoint] } }) } else { $source = 'wmi'; $volumes = @(Get-CimInstance -Namespace root/cimv2/Security/MicrosoftVolumeEncryption -ClassName Win32_EncryptableVolume | ForEach-Object { [ordered]@{ mountPoint = $_.DriveLetter; volumeType = $_.VolumeType; volumeStatus = $_.ConversionStatus; protectionStatus = $_.ProtectionStatus; encryptionPercentage = $null; encryptionMethod = $_.EncryptionMethod; lockStatus = $null; driveType = $drives[$_.DriveLetter] } }) }",
  '$r = [ordered]@{ source = $source; volumes = $volumes }',
]);
