#!/bin/sh
# Removes the Vigil agent completely, including the device identity and report cache.
# Installed as /usr/local/vigil/uninstall.sh; run as root (Jamf policy script or sudo).
set -u
if [ "$(/usr/bin/id -u)" -ne 0 ]; then echo "run as root" >&2; exit 1; fi

for uid in $(/bin/ps -axo uid=,comm= | /usr/bin/awk '/Vigil.app/ {print $1}' | /usr/bin/sort -u); do
	/bin/launchctl bootout "gui/$uid/dev.vigil.tray" 2>/dev/null || true
done
/bin/launchctl bootout system/dev.vigil.agent 2>/dev/null || true

rm -f /Library/LaunchDaemons/dev.vigil.agent.plist /Library/LaunchAgents/dev.vigil.tray.plist
rm -f /usr/local/bin/vigil /etc/newsyslog.d/vigil.conf
rm -rf /usr/local/vigil "/Library/Application Support/Vigil" /Library/Logs/Vigil /var/run/vigil
/usr/sbin/pkgutil --forget dev.vigil.agent >/dev/null 2>&1 || true
# The configuration profile (managed preferences) is removed by the MDM, not here.
echo "Vigil agent removed."
