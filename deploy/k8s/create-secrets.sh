#!/usr/bin/env bash
# Writes the Secrets a WEOP deployment references, as Kubernetes manifests on stdout, with fresh
# random NATS passwords and keys. Nothing is written to disk; pipe it where secrets belong:
#
#   deploy/k8s/create-secrets.sh | kubectl apply -n weop -f -        # straight into the cluster
#   deploy/k8s/create-secrets.sh | kubeseal -o yaml > sealed.yaml    # or seal it for Git
#
# Reads (never echoes) from the environment:
#   <APP>_DATABASE_URL   required for each service (IDENTITY_, CONTENT_, TRUST_SAFETY_, AWARDS_,
#                        MENTORSHIP_, COMMUNITY_): the URL of that service's own database with its own
#                        role, e.g. postgresql://weop_identity:…@db.internal:5432/weop_identity
#                        (given to the service as SERVICE_DATABASE_URL: it creates no database).
#   WEOP_ADMIN_EMAIL, WEOP_ADMIN_PASSWORD   optional: the first admin, made when identity finds none.
#   SMTP_URL             optional: identity's mail server (smtp://user:pass@host:587).
#   WEOP_METRICS_TOKEN   optional: the bearer token Prometheus sends to the gateway's /metrics.
# Generated here: a NATS password per app (in weop-nats-users and in that app's NATS_URL), identity's
# token-signing key (WEOP_JWT_PRIVATE_KEY) and document key, awards' evidence key, and the operator's
# NATS user for the `weop` command line (Secret weop-operator).
# Running it again makes new passwords and keys: apply it once; rotate deliberately (docs/operations.md).
set -euo pipefail

KUBECTL=${KUBECTL:-kubectl}
NATS_HOST=${NATS_HOST:-weop-nats:4222}
SERVICES=(identity content trust-safety awards mentorship community)

random() { openssl rand -hex 24; }
key32() { openssl rand -base64 32; }
upper() { echo "$1" | tr 'a-z-' 'A-Z_'; }

missing=()
for service in "${SERVICES[@]}"; do
  variable="$(upper "$service")_DATABASE_URL"
  [ -n "${!variable:-}" ] || missing+=("$variable")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "create-secrets: set ${missing[*]} (each service's own database URL)" >&2
  exit 2
fi

# One Secret from NAME=VALUE lines on stdin (values never appear in a command line).
secret() {
  "$KUBECTL" create secret generic "$1" --dry-run=client -o yaml --from-env-file=/dev/stdin
  echo '---'
}

declare -A password
for user in gateway "${SERVICES[@]}" weop-operator; do password[$user]=$(random); done
nats_url() { echo "nats://$1:${password[$1]}@${NATS_HOST}"; }

for user in gateway "${SERVICES[@]}" weop-operator; do
  echo "NATS_PASSWORD_$(upper "$user")=${password[$user]}"
done | secret weop-nats-users

{
  echo "NATS_URL=$(nats_url gateway)"
  [ -z "${WEOP_METRICS_TOKEN:-}" ] || echo "WEOP_METRICS_TOKEN=${WEOP_METRICS_TOKEN}"
} | secret weop-gateway

for service in "${SERVICES[@]}"; do
  database="$(upper "$service")_DATABASE_URL"
  {
    echo "NATS_URL=$(nats_url "$service")"
    echo "SERVICE_DATABASE_URL=${!database}"
    case "$service" in
      identity)
        # An env file holds one line per value: the PEM key's line breaks are written as \n and
        # identity reads WEOP_JWT_PRIVATE_KEY as PEM either way.
        echo "WEOP_JWT_PRIVATE_KEY=$(openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt | awk '{printf "%s\\n", $0}')"
        echo "DOCUMENT_ENCRYPTION_KEY=$(key32)"
        [ -z "${WEOP_ADMIN_EMAIL:-}" ] || echo "WEOP_ADMIN_EMAIL=${WEOP_ADMIN_EMAIL}"
        [ -z "${WEOP_ADMIN_PASSWORD:-}" ] || echo "WEOP_ADMIN_PASSWORD=${WEOP_ADMIN_PASSWORD}"
        [ -z "${SMTP_URL:-}" ] || echo "SMTP_URL=${SMTP_URL}"
        ;;
      awards) echo "EVIDENCE_KEY=$(key32)" ;;
    esac
  } | secret "weop-$service"
done

echo "NATS_URL=$(nats_url weop-operator)" | secret weop-operator
