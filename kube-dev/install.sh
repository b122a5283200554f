#!/usr/bin/env bash
# Installs what a real Kubernetes control plane on this machine needs (kube-apiserver,
# kube-controller-manager and etcd) once per machine, and prints the absolute path of one
# directory holding all three as the only line on stdout, so callers write
# `bin=$(kube-dev/install.sh)` and run "$bin/kube-apiserver", "$bin/kube-controller-manager" and
# "$bin/etcd". All progress goes to stderr.
#
# No prebuilt Kubernetes binary can be downloaded on our machines, so both are built from the Go
# module proxy. `go install k8s.io/kubernetes/cmd/kube-apiserver@VERSION` refuses, because
# kubernetes' go.mod replaces every staging module (k8s.io/api, k8s.io/apiserver, ...) with a
# directory of its own repository. A small wrapper module that requires k8s.io/kubernetes and
# replaces each of those staging modules with its published v0.<minor>.<patch> release builds
# the same commands; the list of replacements is read from kubernetes' own go.mod.
#
# etcd is not built: Debian's etcd-server package serves it. When no `etcd` is on PATH (or in
# FLEETFLOW_ETCD) and apt-get is available, this script installs etcd-server with apt-get (its
# post-install step cannot start a systemd service in a container and says so: harmless, the
# project starts etcd itself).
set -euo pipefail

readonly VERSION=${FLEETFLOW_KUBE_VERSION:-v1.34.4}
readonly COMMANDS=(kube-apiserver kube-controller-manager)

cache_root=${FLEETFLOW_CACHE:-${HOME:?HOME is not set}/.cache/fleetflow}
mkdir -p "$cache_root/kube"
cache_root=$(cd "$cache_root" && pwd -P)
readonly kube_dir="$cache_root/kube"
readonly install_dir="$kube_dir/$VERSION"

say() { echo "kube-dev/install.sh: $*" >&2; }

installed() {
  local c
  for c in "${COMMANDS[@]}" etcd; do
    [[ -x $install_dir/$c ]] || return 1
  done
}

# The common case: everything cached. Answer at once, without the lock or Go.
if installed; then
  printf '%s\n' "$install_dir"
  exit 0
fi

# Finds an etcd binary, installing Debian's etcd-server when there is none and apt-get can.
find_etcd() {
  local etcd=${FLEETFLOW_ETCD:-}
  if [[ -n $etcd ]]; then
    [[ -x $etcd ]] || {
      say "FLEETFLOW_ETCD=$etcd is not an executable file."
      return 2
    }
    printf '%s\n' "$etcd"
    return 0
  fi
  if etcd=$(command -v etcd 2>/dev/null); then
    printf '%s\n' "$etcd"
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1 || [[ $(id -u) != 0 ]]; then
    cat >&2 <<EOF
kube-dev/install.sh: etcd is needed for a real Kubernetes API server, but \`etcd\` is not on PATH.
  Install it (on Debian or Ubuntu: apt-get install etcd-server), or set FLEETFLOW_ETCD to an etcd
  binary (3.4 or newer), and run again.
EOF
    return 2
  fi
  say "etcd is not on PATH; installing Debian's etcd-server with apt-get (its complaint that it cannot start a systemd service is harmless)."
  # An old or missing package list finds nothing, so the list is refreshed first.
  # `./fleetflow test` builds the images' base at the same time, whose debootstrap apt-get
  # installs too: each waits for the other's dpkg lock rather than failing on it.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q etcd-server >&2 || true
  if etcd=$(command -v etcd 2>/dev/null); then
    printf '%s\n' "$etcd"
    return 0
  fi
  say "apt-get install etcd-server did not put etcd on PATH (see its output above); install etcd 3.4 or newer, or set FLEETFLOW_ETCD."
  return 2
}

# Two callers (the launcher's background build and a test that needs a cluster) may arrive at
# the same time: the second waits for the first build rather than start its own.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$kube_dir/.install.lock"
  flock 9
  if installed; then
    printf '%s\n' "$install_dir"
    exit 0
  fi
fi

mkdir -p "$install_dir"
etcd=$(find_etcd 9>&-) || exit $?
# A link rather than a copy: the package's etcd stays the one that apt upgrades.
ln -sfn "$etcd" "$install_dir/etcd"

missing=()
for c in "${COMMANDS[@]}"; do
  [[ -x $install_dir/$c ]] || missing+=("$c")
done
if ((${#missing[@]} == 0)); then
  printf '%s\n' "$install_dir"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<EOF
kube-dev/install.sh: Go is needed to build ${missing[*]} $VERSION once per machine, but \`go\` is not on PATH.
  Install Go (1.24 or newer) and run again.
EOF
  exit 2
fi

# The build happens in a scratch directory next to the final one, so the final `mv` is an atomic
# rename: an interrupted build never leaves a half-written binary where the fast path trusts it.
build_dir=$(mktemp -d "$kube_dir/.build-$VERSION.XXXXXX")
go_pid=""
cleanup() {
  if [[ -n $go_pid ]]; then
    # The go command does not stop the compiler and linker it started, so they go first.
    pkill -TERM -P "$go_pid" 2>/dev/null || true
    kill -TERM "$go_pid" 2>/dev/null || true
    wait "$go_pid" 2>/dev/null || true
  fi
  rm -rf "$build_dir"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs one go command in the wrapper module, in the background so that the traps can act.
run_go() {
  (cd "$build_dir/module" && GOTMPDIR="$build_dir/gotmp" GOFLAGS=-mod=mod go "$@" 9>&- >&2) &
  go_pid=$!
  local rc=0
  wait "$go_pid" || rc=$?
  go_pid=""
  return $rc
}

fail() {
  cat >&2 <<EOF
kube-dev/install.sh: building ${missing[*]} $VERSION failed at "$1" (see the Go output above).
  Check \`go env GOPROXY GOSUMDB GOFLAGS\`; the recipe is in kube-dev/README.md.
EOF
  exit 1
}

say "building ${missing[*]} $VERSION from the Go module proxy; this downloads about 100 MB of modules and takes 3 to 15 minutes (about 40 s with a warm Go build cache), once per machine."
start=$SECONDS
mkdir -p "$build_dir/module" "$build_dir/gotmp" "$build_dir/bin"

# kubernetes' own go.mod names the staging modules and the go version its code needs.
mod_file="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$VERSION.mod"
[[ -f $mod_file ]] || (cd "$build_dir/module" && GOTMPDIR="$build_dir/gotmp" go mod download "k8s.io/kubernetes@$VERSION" 9>&- >&2) ||
  fail "go mod download k8s.io/kubernetes@$VERSION"
go_line=$(grep -m1 '^go ' "$mod_file")
# The staging modules are published as v0.<minor>.<patch> for kubernetes v1.<minor>.<patch>.
staging_version="v0.${VERSION#v1.}"
{
  echo "module fleetflow.io/kube-dev"
  echo
  echo "$go_line"
  echo
  echo "require k8s.io/kubernetes $VERSION"
  echo
  sed -n 's#^[[:space:]]*\(k8s.io/[^[:space:]]*\) => ./staging/.*#replace \1 => \1 '"$staging_version"'#p' "$mod_file"
} >"$build_dir/module/go.mod"
replacements=$(grep -c '^replace ' "$build_dir/module/go.mod" || true)
((replacements > 0)) || fail "reading the staging modules from $mod_file"
say "wrapper module: $go_line, $replacements staging modules at $staging_version"

packages=()
for c in "${missing[@]}"; do
  packages+=("k8s.io/kubernetes/cmd/$c")
done
run_go get "${packages[@]/%/@$VERSION}" || fail "go get"

# Without these, /version answers v0.0.0-master+\$Format and clients that parse it are confused.
minor=${VERSION#v1.}
minor=${minor%%.*}
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done
run_go build -trimpath -ldflags "$ldflags" -o "$build_dir/bin/" "${packages[@]}" || fail "go build"

for c in "${missing[@]}"; do
  # A binary that cannot even print its version is no use; refuse to install it.
  "$build_dir/bin/$c" --version >&2 || fail "$c --version"
  mv -f "$build_dir/bin/$c" "$install_dir/$c"
done
say "built in $((SECONDS - start)) s: $install_dir"
printf '%s\n' "$install_dir"
