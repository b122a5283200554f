#!/usr/bin/env bash
# Installs OCM's own CLI, clusteradm, once per machine and prints the absolute path of the binary as
# the only line on stdout. The end-to-end tests drive the gateway with it, as OCM users do.
#
# `go install ...@v1.3.1` fails here (the module proxy refuses the module's version list, which
# `go install` reads for deprecations), but the exact version is served: `go mod download` gives its
# source (read-only, no vendor/), which is copied somewhere writable and built with
# `CGO_ENABLED=0 go build ./cmd/clusteradm` (dependencies come from the proxy by go.sum). That takes
# about 8 minutes on two cores, once per machine; the binary is cached by version. All progress
# goes to stderr so that callers can write `clusteradm=$(clusteradm-dev/install.sh)`.
set -euo pipefail

readonly VERSION=v1.3.1
readonly MODULE=open-cluster-management.io/clusteradm
readonly OCM_MODULE=open-cluster-management.io/ocm
readonly OCM_FALLBACK=v1.2.0

cache_root=${FLEETFLOW_CACHE:-${HOME:?HOME is not set}/.cache/fleetflow}
mkdir -p "$cache_root/clusteradm"
cache_root=$(cd "$cache_root" && pwd -P)
readonly tool_dir="$cache_root/clusteradm"
readonly install_dir="$tool_dir/$VERSION"
readonly binary="$install_dir/clusteradm"

# The common case is a cached binary: answer at once, without taking the lock or touching Go.
if [[ -x $binary ]]; then
  printf '%s\n' "$binary"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<MSG
install.sh: Go is needed to build clusteradm $VERSION once per machine, but \`go\` is not on PATH.
  Install Go (1.25 or newer) and run again.
MSG
  exit 2
fi

# Two callers (the launcher's background build and a test) may arrive together; the second waits
# for the first build instead of starting its own.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$tool_dir/.install.lock"
  flock 9
  if [[ -x $binary ]]; then
    printf '%s\n' "$binary"
    exit 0
  fi
fi

# Building in a temporary directory next to the final one keeps both on one file system, so the
# final `mv` is an atomic rename: an interrupted build never leaves a half-written binary behind.
work=$(mktemp -d "$tool_dir/.build-$VERSION.XXXXXX")
go_pid=""
cleanup() {
  if [[ -n $go_pid ]]; then
    # The go command does not stop the compiler and linker it started, so they go first.
    pkill -TERM -P "$go_pid" 2>/dev/null || true
    kill -TERM "$go_pid" 2>/dev/null || true
    wait "$go_pid" 2>/dev/null || true
  fi
  chmod -R u+w "$work" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

echo "install.sh: building clusteradm $VERSION with Go; this downloads its modules and takes several minutes, once per machine." >&2
start=$SECONDS
source_dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$MODULE@$VERSION" 9>&- |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -n $source_dir && -d $source_dir ]] || {
  echo "install.sh: go mod download gave no source directory for $MODULE@$VERSION" >&2
  exit 1
}
cp -r "$source_dir" "$work/src"
chmod -R u+w "$work/src"
# clusteradm imports one package of OCM's own module (open-cluster-management.io/ocm: the operator
# charts that `init` and `join` install). The module proxy refuses that module at v1.3.1, so the
# build takes it at v1.2.0, the newest version it serves; the charts are all that differ, and the
# hub commands Fleetflow is driven with (get, accept, clusterset, work) do not use them.
if ! (cd "$work" && GOFLAGS=-mod=mod go mod download "$OCM_MODULE@$VERSION" 9>&- >/dev/null 2>&1); then
  echo "install.sh: the module proxy does not serve $OCM_MODULE@$VERSION; building against $OCM_MODULE@$OCM_FALLBACK" >&2
  (cd "$work/src" && go mod edit -replace "$OCM_MODULE=$OCM_MODULE@$OCM_FALLBACK")
fi
mkdir "$work/gotmp"
(cd "$work/src" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOTMPDIR="$work/gotmp" go build -o "$work/clusteradm" ./cmd/clusteradm 9>&- >&2) &
go_pid=$!
go_rc=0
wait "$go_pid" || go_rc=$?
go_pid=""
if ((go_rc != 0)); then
  echo "install.sh: building clusteradm failed (see the Go output above); check \`go env GOPROXY GOSUMDB GOFLAGS\`." >&2
  exit 1
fi

# A binary that cannot even print its version is no use; refuse to install it.
"$work/clusteradm" version --help >/dev/null 2>&1 || {
  echo "install.sh: the built clusteradm does not run" >&2
  exit 1
}

mkdir -p "$install_dir"
mv -f "$work/clusteradm" "$binary"
echo "install.sh: built in $((SECONDS - start)) s: $binary" >&2
printf '%s\n' "$binary"
