#!/usr/bin/env bash
# Installs everything feedback-desk needs on a fresh machine of our kind (Debian, Node 20,
# Java 17 + Maven, PostgreSQL on 127.0.0.1:5432): system packages, node modules, and the
# Kafka broker's jars (fetched by tools/kafka/kafka.sh on its first start).
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: a CJK font for the printed cards and forms, Chromium for the browser tests.
need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
if [ -d apps/web ] && ! command -v chromium >/dev/null 2>&1; then need+=(chromium); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing ${need[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Node modules, exactly as locked (again only when the lock file changed).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The web UI, served by the gateway from apps/web/dist: built when missing or older than its sources.
if [ -d apps/web ]; then
  if [ ! -f apps/web/dist/index.html ] || [ -n "$(find apps/web/src apps/web/index.html apps/web/vite.config.ts -newer apps/web/dist/index.html -print -quit)" ]; then
    echo "setup: building the web UI"
    npx vite build apps/web --logLevel warn
  fi
fi

# The services run from dist/ (tools/build/build.js): compiled when missing or older than their sources.
if ! node tools/build/build.js --check; then
  echo "setup: building the services"
  node tools/build/build.js
fi

# PostgreSQL must answer; it is the machine's own server. A database not made yet (3D000) is made
# when the system starts.
if ! node -e "const {Client}=require('pg');const c=new Client({connectionString:process.env.DATABASE_URL||'postgres://postgres@127.0.0.1:5432/postgres'});c.connect().then(()=>c.end()).catch(e=>{if(e.code==='3D000')return;console.error(String(e));process.exit(1)})"; then
  echo "setup: PostgreSQL does not answer on ${DATABASE_URL:-127.0.0.1:5432}" >&2
  exit 1
fi
