#!/usr/bin/env bash
# Vendor swagger-ui from the swagger-ui-dist npm package, so /schema/swagger works offline and under the CSP
# (script-src 'self'). npm checks the tarball against the registry's sha512 integrity; SHA256SUMS records what
# was committed, and tests/web/test_security_headers.py checks the files against it.
set -euo pipefail
cd "$(dirname "$0")"
version=${1:-5.35.0}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "swagger-ui-dist@${version}" >/dev/null && tar xzf swagger-ui-dist-*.tgz)
cp "$work"/package/{swagger-ui-bundle.js,swagger-ui.css,LICENSE,NOTICE} .
echo "$version" > VERSION
sha256sum swagger-ui-bundle.js swagger-ui.css > SHA256SUMS
echo "vendored swagger-ui-dist ${version}"
