#!/usr/bin/env bash
# Gives an agent outside its cluster exactly the credentials an in-cluster agent has: applies the
# agent's ServiceAccount and least RBAC (deploy/agent/rbac) with the admin's kubeconfig, requests a
# token for the ServiceAccount, and writes into DIR what a pod would see:
#   DIR/token       the ServiceAccount's token (as /var/run/secrets/kubernetes.io/serviceaccount/token)
#   DIR/ca.crt      the cluster's CA
#   DIR/namespace   the agent's namespace
#   DIR/kubeconfig  the same credentials as a kubeconfig, for `fleetflow agent --kubeconfig`
#   DIR/server      the API server's URL
# and prints DIR. Used by `./fleetflow up --cluster-kind real` and the real-cluster test tier.
#
# Usage: kube-dev/agent-credentials.sh --kubeconfig ADMIN_KUBECONFIG --out DIR [--duration 24h]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(cd "$here/.." && pwd -P)
readonly NAMESPACE=fleetflow-agent
readonly ACCOUNT=fleetflow-agent

die() {
  echo "kube-dev/agent-credentials.sh: $*" >&2
  exit 1
}

admin=""
out=""
duration=24h
while [[ $# -gt 0 ]]; do
  case $1 in
    --kubeconfig) [[ $# -ge 2 ]] || die "--kubeconfig needs a file"; admin=$2; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a directory"; out=$2; shift 2 ;;
    --duration) [[ $# -ge 2 ]] || die "--duration needs a value such as 24h"; duration=$2; shift 2 ;;
    *) die "unknown argument: $1 (usage: --kubeconfig FILE --out DIR [--duration 24h])" ;;
  esac
done
[[ -r $admin ]] || die "--kubeconfig must name a readable kubeconfig with the right to apply RBAC"
[[ -n $out ]] || die "--out DIR is required"
command -v kubectl >/dev/null 2>&1 || die "kubectl is needed"

kubectl=(kubectl --kubeconfig "$admin")
"${kubectl[@]}" apply -k "$repo/deploy/agent/rbac" >&2 ||
  die "could not apply deploy/agent/rbac (see above)"
token=$("${kubectl[@]}" create token "$ACCOUNT" -n "$NAMESPACE" --duration "$duration") ||
  die "could not request a token for ServiceAccount $NAMESPACE/$ACCOUNT"
server=$("${kubectl[@]}" config view --minify --raw -o jsonpath='{.clusters[0].cluster.server}')
ca=$("${kubectl[@]}" config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
[[ -n $server && -n $ca ]] || die "the kubeconfig $admin names no server with certificate-authority-data"

mkdir -p "$out"
out=$(cd "$out" && pwd -P)
(
  umask 077
  printf '%s' "$token" >"$out/token"
  base64 -d <<<"$ca" >"$out/ca.crt"
  printf '%s' "$NAMESPACE" >"$out/namespace"
  printf '%s\n' "$server" >"$out/server"
  cat >"$out/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: cluster
  cluster:
    server: $server
    certificate-authority-data: $ca
users:
- name: $ACCOUNT
  user:
    token: $token
contexts:
- name: agent
  context:
    cluster: cluster
    user: $ACCOUNT
    namespace: $NAMESPACE
current-context: agent
EOF
)
printf '%s\n' "$out"
