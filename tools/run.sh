#!/usr/bin/env bash
# The run command: installs what is missing, starts Kafka, every service and the public
# entry point on http://127.0.0.1:8080, loads demo data and prints the demo accounts.
# Ctrl-C stops the services (Kafka keeps running: tools/kafka/kafka.sh stop).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/kafka/kafka.sh start
exec node -r @swc-node/register tools/system/run.ts
