#!/usr/bin/env bash
# The type check on the pinned TypeScript: node_modules/.bin/tsc is tslab's bundled 5.0, not ours.
set -euo pipefail
cd "$(dirname "$0")/.."
tsc=node_modules/typescript/bin/tsc
echo "typecheck: TypeScript $(node "$tsc" --version | sed 's/^Version //') (package.json pins $(node -p 'require("./package.json").devDependencies.typescript'))"
node "$tsc" --noEmit -p .
