#!/bin/sh
# Builds vigil-agent-<version>-<arch>.pkg on macOS (one per architecture: the better-sqlite3
# addon and node are native). Run from the repository root after `npm ci && npm run build` on
# a Mac of the target architecture:
#
#   installers/macos/build-pkg.sh --node-version 20.19.5 [--out dist/packages]
#
# Signing and notarization (docs/deploy/jamf.md, "Building the package"), from the environment:
#   VIGIL_SIGN_APP        "Developer ID Application: <Org> (<TEAMID>)"  signs node and the addon
#   VIGIL_SIGN_INSTALLER  "Developer ID Installer: <Org> (<TEAMID>)"    signs the .pkg
#   VIGIL_NOTARY_PROFILE  keychain profile made once with
#                         `xcrun notarytool store-credentials <profile> --apple-id … --team-id …`
# Without them the package is built unsigned (fine for a test Mac, refused by Gatekeeper/MDMs).
set -eu

NODE_VERSION=""
OUT="dist/packages"
while [ $# -gt 0 ]; do
	case "$1" in
		--node-version) NODE_VERSION="$2"; shift 2 ;;
		--out) OUT="$2"; shift 2 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
[ "$(uname -s)" = Darwin ] || { echo "build-pkg.sh runs on macOS" >&2; exit 2; }
[ -n "$NODE_VERSION" ] || { echo "--node-version is required (the Node.js the addon was built with)" >&2; exit 2; }
case "$NODE_VERSION" in "$(node -p 'process.versions.node')") ;; *)
	echo "the workspace was built with node $(node --version); bundle that version (ABI of better-sqlite3)" >&2; exit 2 ;;
esac

ARCH=$(uname -m)                       # arm64 | x86_64
NODE_ARCH=$([ "$ARCH" = arm64 ] && echo arm64 || echo x64)
VERSION=$(node -p "require('./agent/package.json').version")
HERE=installers/macos
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/root"

# 1. Node.js from nodejs.org, verified against the signed SHASUMS256 list.
NODE_TGZ="node-v$NODE_VERSION-darwin-$NODE_ARCH.tar.gz"
curl -fsSLo "$WORK/$NODE_TGZ" "https://nodejs.org/dist/v$NODE_VERSION/$NODE_TGZ"
curl -fsSLo "$WORK/SHASUMS256.txt" "https://nodejs.org/dist/v$NODE_VERSION/SHASUMS256.txt"
(cd "$WORK" && grep " $NODE_TGZ\$" SHASUMS256.txt | shasum -a 256 -c -)
mkdir -p "$WORK/node" && tar -xzf "$WORK/$NODE_TGZ" -C "$WORK/node" --strip-components 1

# 2. The payload: /usr/local/vigil/{node,app}, launcher, launchd jobs, log rotation.
install -d -m 0755 "$ROOT/usr/local/vigil/node/bin" "$ROOT/usr/local/bin" \
	"$ROOT/Library/LaunchDaemons" "$ROOT/Library/LaunchAgents" "$ROOT/private/etc/newsyslog.d"
install -d -m 0750 "$ROOT/Library/Logs/Vigil"
install -m 0755 "$WORK/node/bin/node" "$ROOT/usr/local/vigil/node/bin/node"
install -m 0644 "$WORK/node/LICENSE" "$ROOT/usr/local/vigil/node/LICENSE"
node scripts/package/stage-app.mjs --dest "$ROOT/usr/local/vigil/app"
install -m 0755 "$HERE/vigil" "$ROOT/usr/local/bin/vigil"
install -m 0755 "$HERE/uninstall.sh" "$ROOT/usr/local/vigil/uninstall.sh"
install -m 0644 "$HERE/dev.vigil.agent.plist" "$ROOT/Library/LaunchDaemons/"
install -m 0644 "$HERE/dev.vigil.tray.plist" "$ROOT/Library/LaunchAgents/"
install -m 0644 "$HERE/newsyslog-vigil.conf" "$ROOT/private/etc/newsyslog.d/vigil.conf"
plutil -lint "$ROOT/Library/LaunchDaemons/dev.vigil.agent.plist" "$ROOT/Library/LaunchAgents/dev.vigil.tray.plist"

# 3. Sign every Mach-O with the hardened runtime (required for notarization).
if [ -n "${VIGIL_SIGN_APP:-}" ]; then
	codesign --force --timestamp --options runtime --entitlements "$HERE/node.entitlements" \
		--sign "$VIGIL_SIGN_APP" "$ROOT/usr/local/vigil/node/bin/node"
	find "$ROOT/usr/local/vigil/app" -name '*.node' -exec \
		codesign --force --timestamp --options runtime --sign "$VIGIL_SIGN_APP" {} \;
else
	echo "warning: VIGIL_SIGN_APP not set: node and the addon stay as downloaded/built" >&2
fi

# 4. The signed runtime must still run the agent (entitlements, library validation).
"$ROOT/usr/local/vigil/node/bin/node" "$ROOT/usr/local/vigil/app/bin/vigil.js" --version
"$ROOT/usr/local/vigil/node/bin/node" "$ROOT/usr/local/vigil/app/bin/vigil.js" check --json >/dev/null || [ $? -eq 1 ]

# 5. Component package, then the distribution package (signed when an identity is given).
pkgbuild --root "$ROOT" --identifier dev.vigil.agent --version "$VERSION" --ownership recommended \
	--scripts "$HERE/scripts" --install-location / "$WORK/vigil-agent-component.pkg"
sed -e "s/@ARCH@/$ARCH/" -e "s/@VERSION@/$VERSION/" "$HERE/distribution.xml" >"$WORK/distribution.xml"
mkdir -p "$OUT"
PKG="$OUT/vigil-agent-$VERSION-$ARCH.pkg"
if [ -n "${VIGIL_SIGN_INSTALLER:-}" ]; then
	productbuild --distribution "$WORK/distribution.xml" --package-path "$WORK" \
		--sign "$VIGIL_SIGN_INSTALLER" --timestamp "$PKG"
else
	productbuild --distribution "$WORK/distribution.xml" --package-path "$WORK" "$PKG"
fi

# 6. Notarize and staple, so Gatekeeper accepts the package offline.
if [ -n "${VIGIL_NOTARY_PROFILE:-}" ]; then
	xcrun notarytool submit "$PKG" --keychain-profile "$VIGIL_NOTARY_PROFILE" --wait
	xcrun stapler staple "$PKG"
	spctl --assess --type install -vv "$PKG"
fi
echo "built $PKG"
