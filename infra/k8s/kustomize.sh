#!/usr/bin/env bash
# Renders a kustomization (e.g. deploy/k8s/overlays/prod) to stdout with a real kustomize:
# a `kustomize` binary on PATH, or kubectl's built-in one (`kubectl kustomize`), version 5
# or newer (the manifests use `labels:` and `patches:` with targets). No cluster needed.
#
#   bash infra/k8s/kustomize.sh deploy/k8s/overlays/prod
#   KUSTOMIZE=/path/to/kustomize bash infra/k8s/kustomize.sh ...   # a given binary
#
# Nothing is downloaded: this machine kind has kubectl 1.32 (kustomize 5.5); Debian's
# kubernetes-client package (kubectl 1.20, kustomize 2.0) is too old for these files.
set -euo pipefail

dir="${1:-}"
[[ -n "$dir" && -d "$dir" ]] || { echo "usage: kustomize.sh <folder with a kustomization.yaml>" >&2; exit 2; }

die() { echo "kustomize.sh: error: $*" >&2; exit 1; }

major_of() { # the first "v<major>" in a version line
  sed -n 's/.*v\([0-9][0-9]*\)\..*/\1/p' | head -n1
}

if [[ -n "${KUSTOMIZE:-}" ]]; then
  exec "$KUSTOMIZE" build "$dir"
fi
if command -v kustomize >/dev/null 2>&1; then
  major="$(kustomize version 2>/dev/null | major_of)"
  if [[ "${major:-0}" -ge 5 ]]; then exec kustomize build "$dir"; fi
fi
if command -v kubectl >/dev/null 2>&1; then
  major="$(kubectl version --client 2>/dev/null | grep -i kustomize | major_of)"
  if [[ "${major:-0}" -ge 5 ]]; then exec kubectl kustomize "$dir"; fi
  die "kubectl is on PATH but its kustomize is older than v5 ($(kubectl version --client 2>&1 | tr '\n' ' '))"
fi
die "no kustomize v5+: install kubectl 1.27+ or kustomize 5 (https://kubectl.docs.kubernetes.io), or set KUSTOMIZE=/path/to/kustomize"
