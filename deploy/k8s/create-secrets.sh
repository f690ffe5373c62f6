#!/usr/bin/env bash
# Writes the Secrets a WEOP deployment references, as Kubernetes manifests on stdout. Nothing is
# written to disk; pipe it where secrets belong:
#
#   deploy/k8s/create-secrets.sh | kubectl apply -n weop -f -        # the first time, into the cluster
#   deploy/k8s/create-secrets.sh --initial | kubeseal -o yaml > sealed.yaml   # a first set, sealed for Git
#   deploy/k8s/create-secrets.sh --rotate <KEY> | kubectl apply -n weop -f -  # later: one key, nothing else
#
# First time (no flag): fresh random NATS passwords and keys for every Secret. It asks the cluster
# first and refuses (exit 3) when any WEOP Secret exists already: a second set would replace
# DOCUMENT_ENCRYPTION_KEY and EVIDENCE_KEY (ID documents and evidence files already stored could no
# longer be opened) and every NATS password. --initial skips that question, for a set made without
# a cluster (sealed secrets); never apply its output over existing Secrets.
#
# --rotate <KEY> reads the Secret holding KEY from the cluster and prints it (for a NATS password,
# also the app's Secret holding its NATS_URL) with that one value new and every other kept:
#   WEOP_JWT_PRIVATE_KEY       identity's token-signing key (identity retires the old one itself)
#   DOCUMENT_ENCRYPTION_KEY    identity's document key; the old one moves to DOCUMENT_ENCRYPTION_KEYS_OLD,
#                              so documents sealed before still open
#   NATS_PASSWORD_<USER>       one NATS user's password (GATEWAY, IDENTITY, …, WEOP_OPERATOR), in
#                              weop-nats-users and in that app's NATS_URL
# EVIDENCE_KEY is refused: awards opens evidence with its one key only.
# What to restart afterwards: docs/operations.md "Rotate a key".
#
# Reads (never echoes) from the environment, for the first set:
#   <APP>_DATABASE_URL   required for each service (IDENTITY_, CONTENT_, TRUST_SAFETY_, AWARDS_,
#                        MENTORSHIP_, COMMUNITY_): the URL of that service's own database with its own
#                        role, e.g. postgresql://weop_identity:…@db.internal:5432/weop_identity
#                        (given to the service as SERVICE_DATABASE_URL: it creates no database).
#   WEOP_ADMIN_EMAIL, WEOP_ADMIN_PASSWORD   optional: the first admin, made when identity finds none.
#   SMTP_URL             optional: identity's mail server (smtp://user:pass@host:587).
#   WEOP_METRICS_TOKEN   optional: a bearer token for the gateway's /metrics on its public port (the
#                        cluster's scraper uses the gateway's METRICS_PORT and needs none).
# Generated: a NATS password per app (in weop-nats-users and in that app's NATS_URL), identity's
# token-signing key (WEOP_JWT_PRIVATE_KEY) and document key, awards' evidence key, and the operator's
# NATS user for the `weop` command line (Secret weop-operator).
# KUBECTL, NAMESPACE (weop) and NATS_HOST (weop-nats:4222) may be set.
set -euo pipefail

KUBECTL=${KUBECTL:-kubectl}
NAMESPACE=${NAMESPACE:-weop}
NATS_HOST=${NATS_HOST:-weop-nats:4222}
SERVICES=(identity content trust-safety awards mentorship community)
USERS=(gateway "${SERVICES[@]}" weop-operator)

random() { openssl rand -hex 24; }
key32() { openssl rand -base64 32; }
upper() { echo "$1" | tr 'a-z-' 'A-Z_'; }
jwt_key() {
  # An env file holds one line per value: the PEM key's line breaks are written as \n and identity
  # reads WEOP_JWT_PRIVATE_KEY as PEM either way.
  openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt | awk '{printf "%s\\n", $0}'
}

# One Secret from NAME=VALUE lines on stdin (values never appear in a command line).
secret() {
  "$KUBECTL" create secret generic "$1" --dry-run=client -o yaml --from-env-file=/dev/stdin
  echo '---'
}
# A Secret in the cluster as NAME=VALUE lines.
current() {
  "$KUBECTL" -n "$NAMESPACE" get secret "$1" -o go-template='{{range $k, $v := .data}}{{$k}}={{$v | base64decode}}{{"\n"}}{{end}}'
}

mode=first
case "${1:-}" in
  '') ;;
  --initial) mode=initial ;;
  --rotate)
    mode=rotate
    key=${2:-}
    [ -n "$key" ] || { echo "create-secrets: --rotate needs a key: WEOP_JWT_PRIVATE_KEY, DOCUMENT_ENCRYPTION_KEY or NATS_PASSWORD_<USER>" >&2; exit 2; }
    ;;
  *) echo "usage: $0 [--initial | --rotate <KEY>]" >&2; exit 2 ;;
esac

if [ "$mode" = rotate ]; then
  case "$key" in
    WEOP_JWT_PRIVATE_KEY|DOCUMENT_ENCRYPTION_KEY)
      values=$(current weop-identity) || { echo "create-secrets: could not read Secret weop-identity in namespace ${NAMESPACE}" >&2; exit 3; }
      if [ "$key" = WEOP_JWT_PRIVATE_KEY ]; then new=$(jwt_key); else new=$(key32); fi
      old_key=$(sed -n "s/^DOCUMENT_ENCRYPTION_KEY=//p" <<<"$values")
      old_keys=$(sed -n "s/^DOCUMENT_ENCRYPTION_KEYS_OLD=//p" <<<"$values")
      {
        grep -v -e "^${key}=" -e '^DOCUMENT_ENCRYPTION_KEYS_OLD=' <<<"$values" || true
        echo "${key}=${new}"
        if [ "$key" = DOCUMENT_ENCRYPTION_KEY ] && [ -n "$old_key" ]; then
          # Documents sealed with the key being replaced (and with earlier ones) still open.
          echo "DOCUMENT_ENCRYPTION_KEYS_OLD=${old_key}${old_keys:+,${old_keys}}"
        elif [ -n "$old_keys" ]; then
          echo "DOCUMENT_ENCRYPTION_KEYS_OLD=${old_keys}"
        fi
      } | secret weop-identity
      echo "create-secrets: weop-identity with a new ${key}; apply it, then restart identity (docs/operations.md \"Rotate a key\")" >&2
      ;;
    NATS_PASSWORD_*)
      user=""
      for candidate in "${USERS[@]}"; do [ "NATS_PASSWORD_$(upper "$candidate")" = "$key" ] && user=$candidate; done
      [ -n "$user" ] || { echo "create-secrets: no NATS user for ${key}; one of: $(for u in "${USERS[@]}"; do printf 'NATS_PASSWORD_%s ' "$(upper "$u")"; done)" >&2; exit 2; }
      app_secret=weop-${user#weop-}
      users=$(current weop-nats-users) || { echo "create-secrets: could not read Secret weop-nats-users in namespace ${NAMESPACE}" >&2; exit 3; }
      app=$(current "$app_secret") || { echo "create-secrets: could not read Secret ${app_secret} in namespace ${NAMESPACE}" >&2; exit 3; }
      url=$(sed -n 's/^NATS_URL=//p' <<<"$app")
      [[ "$url" == *"://${user}:"*@* ]] || { echo "create-secrets: ${app_secret}'s NATS_URL does not name NATS user ${user}" >&2; exit 3; }
      password=$(random)
      { grep -v "^${key}=" <<<"$users" || true; echo "${key}=${password}"; } | secret weop-nats-users
      { grep -v '^NATS_URL=' <<<"$app" || true; echo "NATS_URL=${url%%://*}://${user}:${password}@${url#*@}"; } | secret "$app_secret"
      echo "create-secrets: a new password for NATS user ${user} in weop-nats-users and ${app_secret}; apply both, then restart the NATS nodes and ${user} (docs/operations.md \"Rotate a key\")" >&2
      ;;
    EVIDENCE_KEY)
      echo "create-secrets: EVIDENCE_KEY is not rotated: awards opens evidence files with its one key, so a new key would make every stored evidence file unreadable" >&2
      exit 2
      ;;
    *)
      echo "create-secrets: cannot rotate ${key}: one of WEOP_JWT_PRIVATE_KEY, DOCUMENT_ENCRYPTION_KEY, NATS_PASSWORD_<USER>" >&2
      exit 2
      ;;
  esac
  exit 0
fi

missing=()
for service in "${SERVICES[@]}"; do
  variable="$(upper "$service")_DATABASE_URL"
  [ -n "${!variable:-}" ] || missing+=("$variable")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "create-secrets: set ${missing[*]} (each service's own database URL)" >&2
  exit 2
fi

if [ "$mode" = first ]; then
  names=(weop-nats-users weop-operator); for user in gateway "${SERVICES[@]}"; do names+=("weop-$user"); done
  if ! existing=$("$KUBECTL" -n "$NAMESPACE" get secret "${names[@]}" --ignore-not-found -o name 2>/dev/null); then
    echo "create-secrets: could not ask the cluster (namespace ${NAMESPACE}) whether WEOP's Secrets exist. For a first set made without a cluster, pass --initial; to change one key of a running deployment, --rotate <KEY>" >&2
    exit 3
  fi
  if [ -n "$existing" ]; then
    echo "create-secrets: refused: namespace ${NAMESPACE} has WEOP Secrets already ($(echo $existing | tr ' ' ',')). A new set would replace DOCUMENT_ENCRYPTION_KEY and EVIDENCE_KEY, and stored ID documents and evidence files could no longer be opened, and every NATS password. Rotate one key with --rotate <KEY> (docs/operations.md \"Rotate a key\")" >&2
    exit 3
  fi
fi

declare -A password
for user in "${USERS[@]}"; do password[$user]=$(random); done
nats_url() { echo "nats://$1:${password[$1]}@${NATS_HOST}"; }

for user in "${USERS[@]}"; do
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
        echo "WEOP_JWT_PRIVATE_KEY=$(jwt_key)"
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
