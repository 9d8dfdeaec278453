#!/usr/bin/env bash
# Refreshes electron/types/electron/index.d.ts from the electron package named in package.json.
# Needs the npm registry only (npm pack), not the Electron binary.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').optionalDependencies.electron.replace(/^[^0-9]*/, '')")
tmp=$(mktemp -d)
(cd "$tmp" && npm pack "electron@$version" >/dev/null && tar xzf electron-*.tgz)
python3 - "$tmp/package/electron.d.ts" "$version" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
src = re.sub(r"declare module '[^']+' \{\n(?:.*\n)*?\}\n", "", src)
src = src.replace('/// <reference types="node" />', '/// <reference types="node" />\n'
  f'// Vendored from electron@{sys.argv[2]} (electron.d.ts) as a module: the Electron binary package cannot be\n'
  '// installed on machines without access to GitHub, but main and preload must still type-check.\n'
  '// Regenerate with scripts/vendor-electron-types.sh when the electron version changes.')
open('electron/types/electron/index.d.ts', 'w').write(src + '\nexport = Electron.CrossProcessExports;\n')
PY
rm -rf "$tmp"
echo "electron/types/electron/index.d.ts now matches electron@$version"
