#!/usr/bin/env bash
# The test command: types, lint, formatting, then every Jest test (unit, integration on the
# real PostgreSQL and Kafka, end-to-end through the public entry point and the browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/kafka/kafka.sh start
export NX_DAEMON=false NX_NO_CLOUD=true

echo "== typecheck"; npx tsc -p tsconfig.json --noEmit; [ ! -f apps/web/tsconfig.json ] || npx tsc -p apps/web/tsconfig.json --noEmit
echo "== lint"; npx nx show projects >/dev/null && npx eslint apps libs tools --max-warnings=0
echo "== format"; npx prettier --check "{apps,libs,tools}/**/*.{ts,tsx}" --log-level warn
echo "== tests"
mkdir -p .cache
status=0
npx jest --ci --json --outputFile=.cache/jest-results.json "$@" || status=$?
node -e "
  const r = require('./.cache/jest-results.json');
  console.log('Test suites: ' + r.numPassedTestSuites + ' passed, ' + r.numFailedTestSuites + ' failed');
  console.log('Tests: ' + r.numPassedTests + ' passed, ' + r.numFailedTests + ' failed');
" || true
exit $status
