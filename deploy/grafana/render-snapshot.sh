#!/usr/bin/env bash
# Draws docs/dashboard.png from a real run (about 4 minutes): FaceGate under a scripted load on an embedded broker,
# scraped by a real Prometheus (deploy/prometheus/prometheus-local.yml), and the dashboard's own queries run against
# it and drawn with JFreeChart (org.facegate.deploy.DashboardSnapshot, test sources).
#
#   deploy/grafana/render-snapshot.sh [SECONDS_OF_LOAD] [OUT.png]
#
# Needs the build (`mvn -B -DskipTests package`: models and sample photos), Prometheus on the PATH (Debian:
# `apt-get install prometheus`; its service need not run) and the ports 9400 (FaceGate) and 9099 (Prometheus).
set -euo pipefail
cd "$(dirname "$0")/../.."

load_seconds=${1:-210}
out=${2:-docs/dashboard.png}
command -v prometheus >/dev/null || { echo "render-snapshot: needs prometheus on the PATH (apt-get install prometheus)" >&2; exit 1; }

work=$(mktemp -d)
prometheus --config.file=deploy/prometheus/prometheus-local.yml --storage.tsdb.path="$work/tsdb" \
    --web.listen-address=127.0.0.1:9099 >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
cleanup() {
    kill "$prometheus_pid" 2>/dev/null || true
    wait "$prometheus_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath.txt"
java -Xmx2g -Dfacegate.models.dir=target/models -cp "target/test-classes:target/classes:$(cat "$work/classpath.txt")" \
    org.facegate.deploy.DashboardSnapshot --prometheus http://127.0.0.1:9099 --out "$out" --seconds "$load_seconds"
