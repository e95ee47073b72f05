/**
 * Caption and build from CIM; UBR and DisplayVersion from the registry. The registry's
 * ProductName still says "Windows 10" on Windows 11, so the name comes from the Caption.
 */
import { definePowerShellScript } from '../windows/powershell.js';

export const OS_VERSION_SCRIPT = definePowerShellScript('os-version', [
  '$os = Get-CimInstance -ClassName Win32_OperatingSystem',
  "$cv = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'",
  '$r = [ordered]@{ caption = $os.Caption; version = $os.Version; buildNumber = $os.BuildNumber; productType = $os.ProductType; ubr = $cv.UBR; displayVersion = $cv.DisplayVersion; releaseId = $cv.ReleaseId; editionId = $cv.EditionID }',
]);
