#!/usr/bin/env bash
# Starts one real Kubernetes control plane on this machine (etcd, kube-apiserver and
# kube-controller-manager, from kube-dev/install.sh), waits until the API server is ready, prints
# one "ready" line on stdout and stays in the foreground until told to stop (SIGTERM, Ctrl-C) or
# until the process that started it is gone.
#
# Usage: kube-dev/start.sh --dir DIR [--name NAME] [--port P] [--no-controller-manager]
#
# DIR keeps the cluster: its CA and keys (pki/), static tokens, etcd's data and the logs, so a
# second start with the same DIR brings the same cluster back. DIR/kubeconfig is the admin's
# (group system:masters, a static bearer token). There is no scheduler and no kubelet: pods stay
# Pending, which is all the agent's tests need. kube-controller-manager adds what a cluster does by
# itself: ServiceAccounts and kube-root-ca.crt in new namespaces, namespace deletion that
# finishes, garbage collection, Deployment -> ReplicaSet -> Pod.
#
# It is started by `./fleetflow up --cluster-kind real` and by the real-cluster tests through
# ProcessBuilder, so it needs no tty and keeps stdout to that single line.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

usage() {
  cat <<EOF
Usage: kube-dev/start.sh --dir DIR [--name NAME] [--port P] [--no-controller-manager]

  --dir DIR                  where the cluster keeps its keys, data, logs and kubeconfig
  --name NAME                the cluster's name in its kubeconfig (default: the directory's name)
  --port P                   the API server's HTTPS port on 127.0.0.1 (default: a free port)
  --no-controller-manager    run etcd and kube-apiserver only
EOF
}

die() {
  echo "kube-dev/start.sh: $*" >&2
  exit 1
}

dir=""
name=""
port=""
controller_manager=true
need_value() {
  [[ $# -ge 2 && -n $2 ]] || { usage >&2; die "option $1 needs a value"; }
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) need_value "$@"; dir=$2; shift 2 ;;
    --name) need_value "$@"; name=$2; shift 2 ;;
    --port) need_value "$@"; port=$2; shift 2 ;;
    --no-controller-manager) controller_manager=false; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ -n $dir ]] || { usage >&2; die "--dir is required"; }
mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P)
[[ -n $name ]] || name=$(basename "$dir")
[[ $name =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "not a valid cluster name: $name"

command -v openssl >/dev/null 2>&1 || die "openssl is needed to make the cluster's CA and keys"
command -v curl >/dev/null 2>&1 || die "curl is needed to wait for the API server"

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
# A port nobody listens on now, from the range Linux does not hand out to outgoing connections.
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 12000))
    if ! port_in_use "$p"; then
      echo "$p"
      return 0
    fi
  done
  die "found no free port"
}
if [[ -n $port ]]; then
  [[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || die "not a valid port: $port"
  ! port_in_use "$port" || die "port $port on 127.0.0.1 is already in use"
else
  port=$(free_port)
fi
etcd_port=$(free_port)
etcd_peer_port=$(free_port)

bin=$("$here/install.sh")

# Keys and certificates are made once per cluster directory.
pki="$dir/pki"
if [[ ! -s $pki/sa.pub ]]; then
  mkdir -p "$pki"
  (
    cd "$pki"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
      -subj "/CN=fleetflow-$name-ca" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr \
      -subj "/CN=kube-apiserver" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\n' >san.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile san.ext -out apiserver.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f apiserver.csr san.ext
  ) || die "openssl could not make the keys in $pki"
fi
if [[ ! -s $dir/tokens.csv ]]; then
  token() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }
  (
    umask 077
    {
      printf '%s,admin,admin,"system:masters"\n' "$(token)"
      printf '%s,system:kube-controller-manager,system:kube-controller-manager\n' "$(token)"
    } >"$dir/tokens.csv"
  )
fi
admin_token=$(awk -F, '$2 == "admin" { print $1 }' "$dir/tokens.csv")
kcm_token=$(awk -F, '$2 == "system:kube-controller-manager" { print $1 }' "$dir/tokens.csv")

# Writes a kubeconfig for this cluster with a bearer token.
write_kubeconfig() {
  local file=$1 user=$2 token=$3 tmp
  tmp=$(umask 077 && mktemp "$file.XXXXXX")
  cat >"$tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $name
  cluster:
    server: https://127.0.0.1:$port
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: $user
  user:
    token: $token
contexts:
- name: $name
  context:
    cluster: $name
    user: $user
    namespace: default
current-context: $name
EOF
  mv -f "$tmp" "$file"
}
write_kubeconfig "$dir/kubeconfig" "$name-admin" "$admin_token"
write_kubeconfig "$dir/controller-manager.kubeconfig" system:kube-controller-manager "$kcm_token"

pids=()
names=()
is_running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $state && $state != Z* ]]
}
# shellcheck disable=SC2317 # Called from the traps below.
stop_all() {
  local i pid waited
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    is_running "$pid" && kill -TERM "$pid" 2>/dev/null || true
    waited=0
    while is_running "$pid" && ((waited < 100)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    is_running "$pid" && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
# shellcheck disable=SC2317 # Called from the trap below.
on_signal() {
  trap - TERM INT HUP
  stop_all
  exit 0
}
trap on_signal TERM INT HUP
trap stop_all EXIT

start() {
  local what=$1 log=$2
  shift 2
  {
    echo
    echo "=== $(date '+%Y-%m-%d %H:%M:%S') kube-dev/start.sh: $*"
  } >>"$log"
  "$@" </dev/null >>"$log" 2>&1 &
  pids+=("$!")
  names+=("$what")
}

fail_with_log() {
  echo "kube-dev/start.sh: $1" >&2
  echo "kube-dev/start.sh: last lines of $2:" >&2
  tail -n 30 "$2" >&2 || true
  exit 1
}

start etcd "$dir/etcd.log" "$bin/etcd" --name "$name" --data-dir "$dir/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "$name=http://127.0.0.1:$etcd_peer_port" --log-level warn

# --endpoint-reconciler-type=none: no loopback endpoint for the kubernetes Service (which a
# cluster without nodes has no use for, and which it would otherwise complain about every 10 s).
start kube-apiserver "$dir/kube-apiserver.log" "$bin/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$port" \
  --endpoint-reconciler-type none \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
  --client-ca-file "$pki/ca.crt" --token-auth-file "$dir/tokens.csv" \
  --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range 10.0.0.0/24 -v 0

deadline=$((SECONDS + 120))
until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 --cacert "$pki/ca.crt" \
  -H "Authorization: Bearer $admin_token" "https://127.0.0.1:$port/readyz" 2>/dev/null) == 200 ]]; do
  is_running "${pids[0]}" || fail_with_log "etcd exited during startup." "$dir/etcd.log"
  is_running "${pids[1]}" || fail_with_log "kube-apiserver exited during startup." "$dir/kube-apiserver.log"
  ((SECONDS < deadline)) || fail_with_log "kube-apiserver was not ready on port $port within 120 s." "$dir/kube-apiserver.log"
  sleep 0.3
done

if [[ $controller_manager == true ]]; then
  # Each controller gets a ServiceAccount of its own, as in kubeadm clusters; --secure-port 0
  # serves no metrics port that parallel clusters would fight over.
  start kube-controller-manager "$dir/kube-controller-manager.log" "$bin/kube-controller-manager" \
    --kubeconfig "$dir/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$dir/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
    --use-service-account-credentials \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --leader-elect=false --secure-port 0 --controllers '*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle' \
    --cluster-name "$name" -v 0
fi

echo "Kubernetes API server $name ready on https://127.0.0.1:$port, kubeconfig $dir/kubeconfig"

# As temporal-dev/start.sh: a starter killed outright cannot send SIGTERM, so when we are
# reparented, the control plane stops too.
parent=$PPID
while true; do
  for i in "${!pids[@]}"; do
    if ! is_running "${pids[i]}"; then
      echo "kube-dev/start.sh: ${names[i]} exited; stopping cluster $name (see $dir/${names[i]}.log)" >&2
      stop_all
      exit 1
    fi
  done
  if [[ $(ps -o ppid= -p "$$" | tr -d '[:space:]') != "$parent" ]]; then
    echo "kube-dev/start.sh: the process that started us (pid $parent) is gone; stopping cluster $name." >&2
    stop_all
    exit 0
  fi
  sleep 1 &
  wait "$!" || true
done
