#!/usr/bin/env bash
# FaceGate container entrypoint.
#
#   entrypoint.sh [COMMAND [ARGS...]]   java -jar facegate.jar COMMAND ARGS... (default: run)
#   entrypoint.sh health live|ready     exit 0 when GET /health/live|ready on the metrics port answers 200
#                                       (for Docker's HEALTHCHECK: bash's /dev/tcp, no curl in the image)
#
# Environment:
#   FACEGATE_HOME         where facegate.jar, lib/ and models/ are (default /opt/facegate)
#   FACEGATE_TMP_DIR      java.io.tmpdir (default /tmp): ONNX Runtime and RocksDB unpack their native libraries there
#                         at every start (about 15 MB on CPU, several hundred MB with CUDA), so it must be writable
#                         and not mounted noexec. With a read-only root filesystem, mount a volume on /tmp (the JVM
#                         also keeps its perf data and attach socket in /tmp, whatever java.io.tmpdir says).
#   FACEGATE_HEAP_PERCENT heap as a share of the container's memory limit (default 50: ONNX Runtime, RocksDB,
#                         Kafka client buffers and CUDA's host memory live outside the Java heap)
#   JAVA_OPTS             more JVM options, after ours (so they win)
#   FACEGATE_STREAMS_STATE_DIR, FACEGATE_METRICS_PORT, ... any setting of docs/configuration.md
set -euo pipefail

FACEGATE_HOME=${FACEGATE_HOME:-/opt/facegate}
TMP_DIR=${FACEGATE_TMP_DIR:-/tmp}

health() {
    local what=${1:-ready}
    local port=${FACEGATE_METRICS_PORT:-9400}
    if [[ $what != live && $what != ready ]]; then
        echo "usage: entrypoint.sh health live|ready" >&2
        return 2
    fi
    local status_line=""
    # A connection refused fails at once; a server that accepts but never answers is cut off by read -t.
    { exec 3<>"/dev/tcp/127.0.0.1/${port}"; } 2>/dev/null || return 1
    printf 'GET /health/%s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$what" >&3
    IFS= read -r -t 5 status_line <&3 || true
    exec 3<&-
    [[ $status_line =~ ^HTTP/1\.[01]\ 200 ]]
}

require_writable() {
    local dir=$1 what=$2
    mkdir -p "$dir" 2>/dev/null || true
    if [[ ! -d $dir || ! -w $dir ]]; then
        echo "facegate: $what '$dir' is not writable by uid $(id -u); mount a writable volume there" \
             "(the root filesystem may be read-only)" >&2
        exit 1
    fi
}

if [[ $# -eq 0 ]]; then
    set -- run
fi

if [[ $1 == health ]]; then
    shift
    health "$@"
    exit $?
fi

case $1 in
    run | demo | broker)
        require_writable "$TMP_DIR" "java.io.tmpdir (FACEGATE_TMP_DIR)"
        if [[ $1 != broker ]]; then
            require_writable "${FACEGATE_STREAMS_STATE_DIR:-facegate-state}" "state directory (FACEGATE_STREAMS_STATE_DIR)"
        fi
        ;;
esac

jvm_options=(
    "-XX:MaxRAMPercentage=${FACEGATE_HEAP_PERCENT:-50}"
    "-XX:InitialRAMPercentage=${FACEGATE_HEAP_PERCENT:-50}"
    -XX:+UseG1GC
    -XX:+ExitOnOutOfMemoryError
    "-XX:ErrorFile=${TMP_DIR}/hs_err_pid%p.log"
    "-Djava.io.tmpdir=${TMP_DIR}"
    -Dfile.encoding=UTF-8
)
# JAVA_OPTS is a space-separated list by convention; split it into words (no globbing).
read -r -a extra_options <<< "${JAVA_OPTS:-}"

exec java "${jvm_options[@]}" "${extra_options[@]}" -jar "${FACEGATE_HOME}/facegate.jar" "$@"
