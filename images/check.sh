#!/usr/bin/env bash
# Runs an image tarball that Jib built (docker save format) without a container runtime: unpacks
# its layers into a scratch root file system and runs the image's entrypoint there with chroot, as
# the image's user, with the arguments given after the tarball. Shows that the base, the JRE, the
# classpath and the main class fit together. Needs root (chroot, mounting /proc).
#
# Usage: images/check.sh IMAGE.tar [ARGS...]      (exit code: the entrypoint's)
set -euo pipefail

image=${1:?usage: images/check.sh IMAGE.tar [ARGS...]}
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
  tar -C "$work/root" -xf "$work/image/$layer"
done
mkdir -p "$work/root/proc" "$work/root/tmp"
chmod 1777 "$work/root/tmp"
mount -t proc proc "$work/root/proc"
[[ $user == *:* ]] || user="$user:$user"
rc=0
env -i "${env[@]}" chroot --userspec="$user" "$work/root" \
  /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$workdir" "${entrypoint[@]}" "$@" || rc=$?
exit "$rc"
