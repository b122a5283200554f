#!/usr/bin/env bash
# Builds the base image of Fleetflow's images (hub, gateway, agent) as a tarball Jib can build on
# (`tar://` base), for machines that reach no container registry but do reach Debian's packages:
# a minimal Debian trixie root file system (debootstrap --variant=minbase) with Debian's
# openjdk-21-jre-headless, written in `docker save` format with one layer. Cached by its recipe
# under ~/.cache/fleetflow/images/; prints the tarball's absolute path as the only line on stdout.
#
# Where a registry is reachable, skip this: the images profile's default base is
# eclipse-temurin:21-jre (set -Dfleetflow.image.base=IMAGE for another).
set -euo pipefail

readonly SUITE=trixie
readonly PACKAGES=openjdk-21-jre-headless,ca-certificates
readonly MIRROR=${FLEETFLOW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
readonly NAME="debian-$SUITE-jre21"

cache=${FLEETFLOW_CACHE:-${HOME:?HOME is not set}/.cache/fleetflow}/images
mkdir -p "$cache"
cache=$(cd "$cache" && pwd -P)
readonly tarball="$cache/$NAME.tar"

say() { echo "images/base.sh: $*" >&2; }

if [[ -s $tarball ]]; then
  printf '%s\n' "$tarball"
  exit 0
fi
exec 9>"$cache/.base.lock"
flock 9
if [[ -s $tarball ]]; then
  printf '%s\n' "$tarball"
  exit 0
fi

[[ $(id -u) == 0 ]] || { say "debootstrap needs root to build the base image"; exit 2; }
if ! command -v debootstrap >/dev/null 2>&1; then
  say "installing debootstrap with apt-get"
  # kube-dev/install.sh may be installing etcd at the same time: wait for its dpkg lock.
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q debootstrap >&2 ||
    { say "could not install debootstrap"; exit 2; }
fi
command -v python3 >/dev/null 2>&1 || { say "python3 is needed to write the image's manifest"; exit 2; }

work=$(mktemp -d "$cache/.build.XXXXXX")
trap 'umount "$work/rootfs/proc" 2>/dev/null || true; rm -rf "$work"' EXIT
root="$work/rootfs"
say "building $NAME with debootstrap from $MIRROR (a few minutes, once per machine)"
start=$SECONDS
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$MIRROR" >&2
# What an image needs no more of: package lists and caches, documentation.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* "$root"/usr/share/locale/*
# The JRE must run inside the image's own file system, with its own libc; the loader finds the
# JRE's libraries relative to /proc/self/exe, so /proc is mounted for the check.
mount -t proc proc "$root/proc"
jre_ok=true
chroot "$root" /usr/lib/jvm/java-21-openjdk-amd64/bin/java -version >&2 2>&1 || jre_ok=false
umount "$root/proc"
[[ $jre_ok == true ]] || { say "the JRE does not run inside the base image"; exit 1; }

mkdir -p "$work/image"
tar --numeric-owner -C "$root" -cf "$work/image/layer.tar" .
python3 - "$work/image" "$NAME" <<'PY'
import hashlib, json, os, sys
out, name = sys.argv[1], sys.argv[2]
with open(os.path.join(out, "layer.tar"), "rb") as f:
    h = hashlib.sha256()
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
diff_id = "sha256:" + h.hexdigest()
config = {
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "Env": ["PATH=/usr/lib/jvm/java-21-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=/usr/lib/jvm/java-21-openjdk-amd64"],
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created_by": "images/base.sh: debootstrap --variant=minbase trixie + openjdk-21-jre-headless"}],
}
data = json.dumps(config).encode()
config_name = hashlib.sha256(data).hexdigest() + ".json"
with open(os.path.join(out, config_name), "wb") as f:
    f.write(data)
with open(os.path.join(out, "manifest.json"), "w") as f:
    json.dump([{"Config": config_name, "RepoTags": ["fleetflow/base:" + name], "Layers": ["layer.tar"]}], f)
PY
# Entries by their bare names: Jib refuses a base tarball with a "./" entry.
config=$(cd "$work/image" && ls -- *.json | grep -vx manifest.json)
(cd "$work/image" && tar -cf "$work/base.tar" manifest.json "$config" layer.tar)
mv -f "$work/base.tar" "$tarball"
say "built in $((SECONDS - start)) s: $tarball ($(du -h "$tarball" | cut -f1))"
printf '%s\n' "$tarball"
