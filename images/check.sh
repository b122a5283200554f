#!/usr/bin/env bash
# Runs an image tarball that Jib built (docker save format) without a container runtime: unpacks
# its layers into a scratch root file system and runs the image's entrypoint there with chroot, as
# the image's user, with the arguments given after the tarball. Shows that the base, the JRE, the
# classpath and the main class fit together. Needs root (chroot, mounting /proc).
#
# Usage: images/check.sh [--env NAME=VALUE]... [--copy FILE:PATH]... IMAGE.tar [ARGS...]
#   --env   sets a variable for the entrypoint, besides the image's own
#   --copy  puts a file into the image's file system (readable by all), as a mounted Secret or a
#           ServiceAccount token would be
# The exit code is the entrypoint's; SIGTERM stops the entrypoint and cleans up.
set -euo pipefail

extra_env=()
copies=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --env) extra_env+=("$2"); shift 2 ;;
    --copy) copies+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
image=${1:?usage: images/check.sh [--env NAME=VALUE]... [--copy FILE:PATH]... IMAGE.tar [ARGS...]}
shift
[[ $(id -u) == 0 ]] || { echo "images/check.sh: needs root (chroot)" >&2; exit 2; }
work=$(mktemp -d)
trap 'umount "$work/root/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/image" "$work/root"
tar -C "$work/image" -xf "$image"

# The manifest names the config (entrypoint, user, environment, working directory) and the layers.
eval "$(python3 - "$work/image" <<'PY'
import json, os, shlex, sys
d = sys.argv[1]
manifest = json.load(open(os.path.join(d, "manifest.json")))[0]
config = json.load(open(os.path.join(d, manifest["Config"])))["config"]
print("layers=(" + " ".join(shlex.quote(l) for l in manifest["Layers"]) + ")")
print("entrypoint=(" + " ".join(shlex.quote(a) for a in (config.get("Entrypoint") or []) + (config.get("Cmd") or [])) + ")")
print("user=" + shlex.quote(config.get("User") or "0"))
print("workdir=" + shlex.quote(config.get("WorkingDir") or "/"))
print("env=(" + " ".join(shlex.quote(e) for e in config.get("Env") or []) + ")")
PY
)"
for layer in "${layers[@]}"; do
  tar -C "$work/root" --warning=no-unknown-keyword -xf "$work/image/$layer"
done
mkdir -p "$work/root/proc" "$work/root/tmp"
chmod 1777 "$work/root/tmp"
# Copied inside the chroot, so that the image's own links (Debian's /var/run -> /run) resolve in
# the image and never on this machine.
for copy in "${copies[@]}"; do
  staged=$(mktemp "$work/root/tmp/copy.XXXXXX")
  cp "${copy%%:*}" "$staged"
  chroot "$work/root" /bin/sh -c 'mkdir -p "$(dirname "$2")" && mv "$1" "$2" && chmod 0644 "$2"' \
    sh "/tmp/$(basename "$staged")" "${copy#*:}"
done
mount -t proc proc "$work/root/proc"
[[ $user == *:* ]] || user="$user:$user"
# The entrypoint runs in the background so that a SIGTERM to this script reaches it and the
# unpacked image is still removed afterwards.
env -i "${env[@]}" "${extra_env[@]}" chroot --userspec="$user" "$work/root" \
  /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$workdir" "${entrypoint[@]}" "$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT
rc=0
wait "$child" || rc=$?
if kill -0 "$child" 2>/dev/null; then
  # wait returned for the signal: give the entrypoint time to stop, then collect its code.
  rc=0
  wait "$child" || rc=$?
fi
exit "$rc"
