#!/usr/bin/env bash
# Rolls out a WEOP overlay, each service's migration Job before its Deployment:
#
#   deploy/k8s/rollout.sh deploy/k8s/overlays/production             # everything
#   deploy/k8s/rollout.sh deploy/k8s/overlays/production/content     # one app alone (after setting
#                                                                    # its tag in overlays/production/apps/content)
#   deploy/k8s/rollout.sh deploy/k8s/overlays/production content     # the same, from the whole overlay
# 1. applies what the apps need (namespace, ConfigMaps, NATS, Services, autoscalers) and waits for NATS;
# 2. for each app named (by default every app the overlay holds): replaces its migration Job with the new one and waits for
#    it to succeed (a failed migration stops here, with the running version untouched), then applies
#    its Deployment and waits for the rollout.
# Secrets must exist first (deploy/k8s/create-secrets.sh). KUBECTL and NAMESPACE (weop) may be set.
set -euo pipefail

KUBECTL=${KUBECTL:-kubectl}
NAMESPACE=${NAMESPACE:-weop}
MIGRATION_TIMEOUT_S=${MIGRATION_TIMEOUT_S:-900}
ALL_APPS=(identity content trust-safety awards mentorship community gateway)

if [ $# -lt 1 ] || [ ! -f "$1/kustomization.yaml" ]; then
  echo "usage: $0 <overlay directory> [app ...]   apps: ${ALL_APPS[*]}" >&2
  exit 2
fi
overlay=$1
shift
apps=("$@")

rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
"$KUBECTL" kustomize "$overlay" > "$rendered"
if [ ${#apps[@]} -eq 0 ]; then
  for app in "${ALL_APPS[@]}"; do
    # a document of the rendering that is the app's Deployment
    awk -v RS='\n---\n' -v app="$app" '/(^|\n)kind: Deployment\n/ && index($0, "\n  name: " app "\n") { found = 1 } END { exit !found }' "$rendered" && apps+=("$app")
  done
fi
k() { "$KUBECTL" -n "$NAMESPACE" "$@"; }

echo "[rollout] shared objects, NATS"
"$KUBECTL" apply -f "$rendered" -l 'app.kubernetes.io/component notin (service,migration)'
k rollout status statefulset/weop-nats --timeout=10m

for app in "${apps[@]}"; do
  if grep -q "name: ${app}-migrate$" "$rendered"; then
    echo "[rollout] ${app}: migrations"
    # A Job's pod template cannot change: the previous run goes, the new one starts.
    k delete job "${app}-migrate" --ignore-not-found --wait=true
    "$KUBECTL" apply -f "$rendered" -l "app.kubernetes.io/component=migration,app.kubernetes.io/name=${app}"
    deadline=$((SECONDS + MIGRATION_TIMEOUT_S))
    until [ "$(k get job "${app}-migrate" -o jsonpath='{.status.succeeded}')" = "1" ]; do
      if [ -n "$(k get job "${app}-migrate" -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}')" ] || [ $SECONDS -ge $deadline ]; then
        echo "[rollout] ${app}: the migration Job did not succeed; ${app} was not rolled out. Its log: kubectl -n ${NAMESPACE} logs job/${app}-migrate" >&2
        exit 1
      fi
      sleep 3
    done
  fi
  echo "[rollout] ${app}: deployment"
  "$KUBECTL" apply -f "$rendered" -l "app.kubernetes.io/component=service,app.kubernetes.io/name=${app}"
  k rollout status "deployment/${app}" --timeout=10m
done
echo "[rollout] done: ${apps[*]}"
