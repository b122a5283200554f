#!/usr/bin/env bash
# Starts a local Temporal dev server for Fleetflow with file persistence, Fleetflow's search
# attributes and a long retention, waits until it is healthy, prints one "ready" line on stdout
# and then stays in the foreground until the server exits or this script is told to stop.
#
# Usage: temporal-dev/start.sh [--db FILE] [--port P] [--ui-port U] [--headless]
#                              [--retention DURATION] [--log FILE] [--ui-codec-endpoint URL]
#
# It is started by `./fleetflow up` and by Java tests through ProcessBuilder, so it needs no tty,
# keeps stdout to that single line, and stops the server cleanly on SIGTERM to its own pid.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/.." && pwd -P)

usage() {
  cat <<EOF
Usage: temporal-dev/start.sh [--db FILE] [--port P] [--ui-port U] [--headless] [--retention DURATION] [--log FILE] [--ui-codec-endpoint URL]

  --db FILE             SQLite database (default: $repo/.fleetflow/temporal.db)
  --port P              gRPC port (default: 7233)
  --ui-port U           Web UI port (default: 8233)
  --headless            do not serve the Web UI
  --retention DURATION  retention of namespace "default" (default: 720h)
  --log FILE            server log, appended (default: temporal.log next to the database)
  --ui-codec-endpoint URL  the codec server the Web UI decodes encrypted payloads with (Fleetflow's
                        gateway serves one at https://<gateway>/codec)

If TEMPORAL_ADDRESS is set, nothing is started: that server is used instead.
EOF
}

die() {
  echo "start.sh: $*" >&2
  exit 1
}

# An external server makes a local one pointless; say so on stdout, where callers look for news.
if [[ -n ${TEMPORAL_ADDRESS:-} ]]; then
  echo "TEMPORAL_ADDRESS is set: using the external Temporal server at $TEMPORAL_ADDRESS; no dev server started."
  exit 0
fi

db="$repo/.fleetflow/temporal.db"
port=7233
ui_port=8233
headless=false
retention=720h
log=""
codec_endpoint=""

need_value() {
  [[ $# -ge 2 && -n $2 ]] || { usage >&2; die "option $1 needs a value"; }
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --db) need_value "$@"; db=$2; shift 2 ;;
    --db=*) db=${1#*=}; shift ;;
    --port) need_value "$@"; port=$2; shift 2 ;;
    --port=*) port=${1#*=}; shift ;;
    --ui-port) need_value "$@"; ui_port=$2; shift 2 ;;
    --ui-port=*) ui_port=${1#*=}; shift ;;
    --headless) headless=true; shift ;;
    --retention) need_value "$@"; retention=$2; shift 2 ;;
    --retention=*) retention=${1#*=}; shift ;;
    --log) need_value "$@"; log=$2; shift 2 ;;
    --log=*) log=${1#*=}; shift ;;
    --ui-codec-endpoint) need_value "$@"; codec_endpoint=$2; shift 2 ;;
    --ui-codec-endpoint=*) codec_endpoint=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

for p in "$port" "$ui_port"; do
  if [[ ! $p =~ ^[0-9]+$ ]] || ((p < 1 || p > 65535)); then
    die "not a valid port: $p"
  fi
done

# Absolute paths keep the messages and the server's own view of its files unambiguous, whatever
# directory a caller (or a test's ProcessBuilder) started us from.
mkdir -p "$(dirname "$db")"
db="$(cd "$(dirname "$db")" && pwd -P)/$(basename "$db")"
[[ -n $log ]] || log="$(dirname "$db")/temporal.log"
mkdir -p "$(dirname "$log")"
log="$(cd "$(dirname "$log")" && pwd -P)/$(basename "$log")"

# Something listening on our port would make the server fail with a less obvious message, or
# worse, make the health check below succeed against a different server.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
if port_in_use "$port"; then
  die "port $port on 127.0.0.1 is already in use (another Temporal dev server? try --port, or set TEMPORAL_ADDRESS to use it)"
fi
if [[ $headless == false ]] && port_in_use "$ui_port"; then
  die "UI port $ui_port on 127.0.0.1 is already in use (try --ui-port or --headless)"
fi

# FLEETFLOW_TEMPORAL_CLI lets `./fleetflow test` hand over the binary it already resolved.
if [[ -n ${FLEETFLOW_TEMPORAL_CLI:-} && -x ${FLEETFLOW_TEMPORAL_CLI:-} ]]; then
  temporal=$FLEETFLOW_TEMPORAL_CLI
else
  temporal=$("$here/install.sh")
fi

args=(server start-dev
  --ip 127.0.0.1
  --db-filename "$db"
  --port "$port"
  --sqlite-pragma journal_mode=WAL
  --sqlite-pragma synchronous=NORMAL
  --log-level warn
  # One partition per task queue. Each agent polls its cluster's queue with one poll at a time,
  # and a task written to a partition its poll is not waiting on waited for the poll's next turn:
  # in a 1,000-cluster rollout a few applies waited 30 to 46 s to be picked up (the default is 4
  # partitions, for queues that need more throughput than one partition gives, which none of a
  # dev server's do).
  --dynamic-config-value matching.numTaskqueueReadPartitions=1
  --dynamic-config-value matching.numTaskqueueWritePartitions=1)
if [[ $headless == true ]]; then
  args+=(--headless)
else
  args+=(--ui-ip 127.0.0.1 --ui-port "$ui_port")
  [[ -z $codec_endpoint ]] || args+=(--ui-codec-endpoint "$codec_endpoint")
fi

# The attributes live in a data file so that the Java side and this script read one list.
while IFS= read -r line || [[ -n $line ]]; do
  line=${line%%#*}
  line=${line//[[:space:]]/}
  [[ -n $line ]] || continue
  [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*=[A-Za-z]+$ ]] || die "bad line in $here/search-attributes: $line"
  args+=(--search-attribute "$line")
done <"$here/search-attributes"

server_pid=""

# Reports whether a pid is still a running process. A child that has exited stays a zombie until
# we wait for it, and `kill -0` succeeds on zombies, so the process state is checked as well.
is_running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $state && $state != Z* ]]
}

# shellcheck disable=SC2317 # Called from the traps below, which ShellCheck 0.9 does not follow.
stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid
  server_pid=""
  if is_running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while is_running "$pid" && ((waited < 100)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if is_running "$pid"; then
      echo "start.sh: the Temporal dev server did not stop within 10 s; killing it." >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# A stop request (SIGTERM from a caller, Ctrl-C in a terminal) is a normal end: stop the server and
# exit 0. The EXIT trap covers every other way out, such as a failed health check.
# shellcheck disable=SC2317 # Called from the trap below.
on_signal() {
  trap - TERM INT HUP
  stop_server
  exit 0
}
trap on_signal TERM INT HUP
trap stop_server EXIT

{
  echo
  echo "=== $(date '+%Y-%m-%d %H:%M:%S') start.sh: $temporal ${args[*]}"
} >>"$log"
# stdin is closed so that the server never waits on a terminal, or on a pipe a test left open.
"$temporal" "${args[@]}" </dev/null >>"$log" 2>&1 &
server_pid=$!

fail_with_log() {
  echo "start.sh: $*" >&2
  echo "start.sh: last lines of $log:" >&2
  tail -n 30 "$log" >&2 || true
  exit 1
}

# The server opens its port before it can serve requests, so readiness is the cluster health
# call, not the port.
deadline=$((SECONDS + 60))
until "$temporal" operator cluster health --address "127.0.0.1:$port" --command-timeout 5s >/dev/null 2>&1; do
  if ! is_running "$server_pid"; then
    fail_with_log "the Temporal dev server exited during startup."
  fi
  if ((SECONDS >= deadline)); then
    fail_with_log "the Temporal dev server was not healthy on 127.0.0.1:$port within 60 s."
  fi
  sleep 0.5
done

# The dev server creates namespaces with 24 h retention, so closed workflows would vanish after a
# day even though the database is kept. A refusal is not fatal: everything else still works.
if ! out=$("$temporal" operator namespace update --namespace default --retention "$retention" \
  --address "127.0.0.1:$port" --command-timeout 30s 2>&1); then
  echo "start.sh: warning: could not set the retention of namespace default to $retention: $out" >&2
fi

if [[ $headless == true ]]; then
  echo "Temporal dev server ready on 127.0.0.1:$port, UI disabled (--headless)"
else
  echo "Temporal dev server ready on 127.0.0.1:$port, UI http://127.0.0.1:$ui_port"
fi

# Wait for the server, but also watch the process that started us: a test JVM or `fleetflow up`
# that is killed outright cannot send SIGTERM, and a dev server left running would hold the port
# and fail the next run. When we are reparented, our starter is gone and we stop the server.
# The short sleeps run in the background because `wait` returns as soon as a trapped signal
# arrives, so SIGTERM is handled at once instead of after the current sleep.
parent=$PPID
while is_running "$server_pid"; do
  if [[ $(ps -o ppid= -p "$$" | tr -d '[:space:]') != "$parent" ]]; then
    echo "start.sh: the process that started us (pid $parent) is gone; stopping the Temporal dev server." >&2
    stop_server
    exit 0
  fi
  sleep 1 &
  wait "$!" || true
done
rc=0
wait "$server_pid" || rc=$?
server_pid=""
if ((rc != 0)); then
  echo "start.sh: the Temporal dev server exited with code $rc; see $log" >&2
fi
exit "$rc"
