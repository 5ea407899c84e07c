#!/usr/bin/env bash
# The packed package as a new user gets it, offline: `npm pack`, install the tarball into a fresh
# repository (from the npm cache that `npm ci` filled where it can: npm needs the registry for package metadata `npm ci` never fetched), `hf-convert init`, convert three legacy
# files, run their suites under ts-jest and under @swc/jest, render the HTML report in Chromium.
#   bash scripts/packed-e2e.sh            (after npm ci; CI runs it)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/hf-convert-packed-XXXXXX")"
trap 'rm -rf "$work"' EXIT
export ONNXRUNTIME_NODE_INSTALL=skip

cd "$repo"
npm run build --silent
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
version() { node -p "require('$repo/node_modules/$1/package.json').version"; }

for transform in ${HF_PACKED_TRANSFORMS:-ts-jest swc}; do
  user="$work/user-$transform"
  mkdir -p "$user/legacy"
  cd "$user"
  printf '{ "name": "user-repo", "version": "1.0.0", "private": true }\n' > package.json
  cp "$repo/legacy-tests/test_hf_bert.py" "$repo/legacy-tests/test_hf_vit.py" "$repo/legacy-tests/test_hf_gpt2.py" legacy/
  if [ "$transform" = ts-jest ]; then
    deps=("jest@$(version jest)" "ts-jest@$(version ts-jest)" "typescript@$(version typescript)")
  else
    deps=("jest@$(version jest)" "@swc/core@$(version @swc/core)" "@swc/jest@$(version @swc/jest)")
  fi
  echo "== $transform: npm i -D <tarball> ${deps[*]} (from the npm cache where it has them)"
  npm install --prefer-offline --no-audit --no-fund --save-dev "$tarball" "${deps[@]}" >/dev/null
  npx hf-convert init --legacy legacy
  npx hf-convert --recursive legacy --no-progress
  HF_RUN_DIR="$user/run" npx jest --selectProjects models --ci
  npx hf-convert report "$user/run" --out "$user/report.html"
  test -s "$user/report.html"
done

# The page renders in Chromium without console errors (the browser test's helper, against this page).
cd "$repo"
node -r esbuild-register scripts/check-report-page.ts "$work/user-swc/report.html" 3
echo "packed package: init, convert, ts-jest and @swc/jest runs, report: all passed"
