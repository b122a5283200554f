#!/usr/bin/env bash
# Installs the Temporal CLI (which contains the dev server and its Web UI) once per machine and
# prints the absolute path of the binary as the only line on stdout.
#
# No prebuilt binary can be downloaded on our machines, so the CLI is built from source with
# `go install`. v1.5.1 is the newest tag whose go.mod has no `replace` directive, which
# `go install pkg@version` would refuse. All progress goes to stderr so that callers can write
# `temporal=$(temporal-dev/install.sh)`.
set -euo pipefail

readonly VERSION=v1.5.1
readonly MODULE=github.com/temporalio/cli/cmd/temporal

cache_root=${FLEETFLOW_CACHE:-${HOME:?HOME is not set}/.cache/fleetflow}
# The path we print must be absolute even when FLEETFLOW_CACHE is relative, because callers run
# it from other directories.
mkdir -p "$cache_root/temporal-cli"
cache_root=$(cd "$cache_root" && pwd -P)
readonly cli_dir="$cache_root/temporal-cli"
readonly install_dir="$cli_dir/$VERSION"
readonly binary="$install_dir/temporal"

# The common case is a cached binary: answer at once, without taking the lock or touching Go.
if [[ -x $binary ]]; then
  printf '%s\n' "$binary"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<EOF
install.sh: Go is needed to build the Temporal dev server once per machine, but \`go\` is not on PATH.
  Install Go (1.25 or newer) and run again; the build is:
    GOBIN=$install_dir go install $MODULE@$VERSION
  Or set TEMPORAL_ADDRESS (for example TEMPORAL_ADDRESS=127.0.0.1:7233) to use an existing Temporal server.
EOF
  exit 2
fi

# Two callers (say `./fleetflow test` and a test that starts its own dev server) may arrive at
# the same time; the lock makes the second one wait for the first build instead of starting its
# own. flock is part of util-linux; without it we simply build without the lock.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cli_dir/.install.lock"
  flock 9
  # The build we waited for may have produced the binary already.
  if [[ -x $binary ]]; then
    printf '%s\n' "$binary"
    exit 0
  fi
fi

# Building into a temporary GOBIN next to the final directory keeps both on one file system, so
# the final `mv` is an atomic rename: an interrupted build never leaves a half-written binary
# where the fast path above would trust it.
tmp_bin=$(mktemp -d "$cli_dir/.build-$VERSION.XXXXXX")
go_pid=""
# An interrupted install stops its Go build too, rather than leave it compiling for minutes into
# a directory that is about to be removed.
cleanup() {
  if [[ -n $go_pid ]]; then
    # The go command does not stop the compiler and linker it started, so they go first.
    pkill -TERM -P "$go_pid" 2>/dev/null || true
    kill -TERM "$go_pid" 2>/dev/null || true
    wait "$go_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp_bin"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

echo "install.sh: building the Temporal CLI $VERSION with Go; this downloads a few hundred MB of modules and takes several minutes, once per machine." >&2
start=$SECONDS
# stdout is redirected because it is reserved for the binary's path; the lock descriptor is closed
# for Go so that stray compiler processes cannot keep other callers waiting. Go runs in the
# background only so that the traps above can act while we wait for it.
# Go's scratch directory goes inside ours as well, because a killed go command leaves its
# scratch directory (a few hundred MB while linking) behind.
mkdir "$tmp_bin/gotmp"
GOBIN="$tmp_bin" GOTMPDIR="$tmp_bin/gotmp" go install "$MODULE@$VERSION" 9>&- >&2 &
go_pid=$!
go_rc=0
wait "$go_pid" || go_rc=$?
go_pid=""
if ((go_rc != 0)); then
  cat >&2 <<EOF
install.sh: building the Temporal CLI failed (see the Go output above).
  The command was: GOBIN=<dir> go install $MODULE@$VERSION
  Check \`go env GOPROXY GOSUMDB GOFLAGS\`, or set TEMPORAL_ADDRESS to use an existing Temporal server.
EOF
  exit 1
fi

# A binary that cannot even print its version is no use; refuse to install it.
"$tmp_bin/temporal" --version >&2

mkdir -p "$install_dir"
mv -f "$tmp_bin/temporal" "$binary"
echo "install.sh: built in $((SECONDS - start)) s: $binary" >&2
printf '%s\n' "$binary"
