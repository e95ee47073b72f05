/**
 * Windows patch state, fast part: installed hotfixes, reboot-pending markers, the update service,
 * Windows Update's own last search/install times and its install history (dates in UTC,
 * classification by category id, which is not localized). The update search itself is slow and
 * needs the network, so it is a separate script run as a slow probe.
 */
import { definePowerShellScript, partError } from '../windows/powershell.js';

export const PATCHES_SCRIPT = definePowerShellScript('patches', [
  '$qfe = @(Get-CimInstance -ClassName Win32_QuickFixEngineering | ForEach-Object { [ordered]@{ id = $_.HotFixID; description = $_.Description; installedOn = $_.InstalledOn } })',
  "$cbs = Test-Path -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending'",
  "$wu = Test-Path -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired'",
  "$svc = Get-CimInstance -ClassName Win32_Service -Filter 'Name=''wuauserv'''",
  `try { $results = (New-Object -ComObject Microsoft.Update.AutoUpdate).Results; $au = [ordered]@{ lastSearchSuccess = $results.LastSearchSuccessDate.ToString('s'); lastInstallationSuccess = $results.LastInstallationSuccessDate.ToString('s') } } ${partError('au')}`,
  `try { $searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher(); $count = $searcher.GetTotalHistoryCount(); $history = @(if ($count -gt 0) { $searcher.QueryHistory(0, [Math]::Min($count, 100)) | ForEach-Object { [ordered]@{ date = $_.Date.ToString('s'); operation = [int]$_.Operation; resultCode = [int]$_.ResultCode; categories = @($_.Categories | ForEach-Object { $_.CategoryID }); title = $_.Title } } }) } ${partError('failed')}`,
  'if ($failed) { $history = @($failed) }',
  '$r = [ordered]@{ hotfixes = $qfe; rebootPending = [ordered]@{ componentBasedServicing = $cbs; windowsUpdate = $wu }; service = [ordered]@{ state = $svc.State; startMode = $svc.StartMode }; autoUpdate = $au; history = $history }',
]);

/** The update search (minutes, network): pending software updates with their classifications. */
export const UPDATE_SEARCH_SCRIPT = definePowerShellScript('windows-update-search', [
  '$searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()',
  "$result = $searcher.Search('IsInstalled=0 and IsHidden=0 and Type=''Software''')",
  '$r = [ordered]@{ resultCode = [int]$result.ResultCode; updates = @($result.Updates | ForEach-Object { [ordered]@{ title = $_.Title; kb = @($_.KBArticleIDs); severity = $_.MsrcSeverity; categories = @($_.Categories | ForEach-Object { $_.CategoryID }) } }) }',
]);
