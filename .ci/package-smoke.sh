#!/usr/bin/env bash
# The two ways Latchkey leaves this repository, tried as a user would (issue 13 §1):
# 1. the documented production path on a fresh clone: dist/ comes from the build (this checkout's),
#    `npm ci --omit=dev` (no TypeScript), `npx latchkey migrate`, `node dist/src/main.js` with NODE_ENV=production;
# 2. the packed package installed into a fresh TypeScript app (moduleResolution nodenext), which
#    type-checks, protects a route with latchkey/resource-server, gets a token from (1) with
#    latchkey/client and calls the route.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
dep() { node -p "const p = require('$repo/package.json'); p.dependencies['$1'] ?? p.devDependencies['$1']"; }
port=$(node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")

echo "-- production install from a fresh clone (dev dependencies omitted)"
git clone -q "$repo" "$work/prod"
cp -a "$repo/dist" "$work/prod/dist"
cd "$work/prod"
npm ci --omit=dev --no-audit --no-fund
if [ -e node_modules/typescript ]; then echo "typescript was installed by a production install"; exit 1; fi
export NODE_ENV=production PORT=$port LATCHKEY_ISSUER="http://127.0.0.1:$port" DATABASE_URL="sqlite:$work/data/latchkey.sqlite"
LATCHKEY_KEK=$(node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))")
export LATCHKEY_KEK
npx latchkey migrate
node dist/src/main.js >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "the server stopped"; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/server.log"; echo "/readyz did not answer 200"; exit 1; }
credentials=$(npx latchkey clients create --name package-smoke --grant client_credentials --scope read --json)
echo "production path: migrated, started, /readyz 200"

echo "-- the packed package in a fresh TypeScript app"
cd "$repo"
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
contents=$(tar tzf "$work/$tarball")
for expected in package/dist/src/main.js package/dist/src/client.d.ts package/dist/src/resource-server/index.d.ts package/dist/db/migrations/index.js package/openapi.yaml package/bin/latchkey.js; do
  grep -qx "$expected" <<<"$contents" || { echo "the package lacks $expected"; exit 1; }
done
if grep -qE '^package/(src|test|bench|generated)/' <<<"$contents"; then echo "the package ships sources or tests"; exit 1; fi
mkdir "$work/app"
cp .ci/package-smoke/app.ts .ci/package-smoke/tsconfig.json "$work/app/"
cd "$work/app"
echo '{ "name": "latchkey-package-smoke", "private": true, "type": "module" }' >package.json
# --ignore-scripts: the app uses the resource-server and the SDK, which need none of the native modules.
npm install --no-audit --no-fund --ignore-scripts "$work/$tarball" "express@$(dep express)" "typescript@$(dep typescript)" "@types/express@$(dep @types/express)" "@types/node@$(dep @types/node)"
npx tsc -p .
LATCHKEY_URL=$LATCHKEY_ISSUER AUDIENCE=$LATCHKEY_ISSUER \
  CLIENT_ID=$(node -p "JSON.parse(process.argv[1]).client_id" "$credentials") \
  CLIENT_SECRET=$(node -p "JSON.parse(process.argv[1]).client_secret" "$credentials") \
  node out/app.js
