#!/usr/bin/env bash
# Builds one app's image at its own version (apps/<app>/VERSION), stamped into the image's OCI labels
# (org.opencontainers.image.version, .revision) and its WEOP_VERSION, and tagged with that version:
#
#   deploy/build-image.sh content                                   # weop/content:<apps/content/VERSION>
#   REGISTRY=registry.example.org/weop deploy/build-image.sh content --push
#
# A version is never built twice under the same tag: bump apps/<app>/VERSION for each release of that
# app (the other apps keep theirs), then set the tag in deploy/k8s/overlays/production/apps/<app>.
# DOCKER may name another client (e.g. podman).
set -euo pipefail
cd "$(dirname "$0")/.."

DOCKER=${DOCKER:-docker}
REGISTRY=${REGISTRY:-weop}
APPS=(gateway identity content trust-safety awards mentorship community)

app=${1:-}
push=${2:-}
if [[ ! " ${APPS[*]} " == *" ${app} "* ]] || [[ -n "$push" && "$push" != --push ]]; then
  echo "usage: $0 <app> [--push]   apps: ${APPS[*]}" >&2
  exit 2
fi
version=$(tr -d '[:space:]' < "apps/${app}/VERSION")
if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "build-image: apps/${app}/VERSION holds '${version}', not a version like 1.4.0" >&2
  exit 2
fi
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
image="${REGISTRY}/${app}:${version}"

"$DOCKER" build -f deploy/Dockerfile --target "$app" \
  --build-arg "WEOP_VERSION=${version}" --build-arg "WEOP_REVISION=${revision}" \
  -t "$image" .
[ "$push" != --push ] || "$DOCKER" push "$image"
echo "$image"
