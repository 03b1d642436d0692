#!/usr/bin/env bash
# Builds and pushes every image the chart uses: build-all.sh REGISTRY TAG (run from anywhere).
set -euo pipefail
registry=${1:?usage: build-all.sh REGISTRY TAG}
tag=${2:?usage: build-all.sh REGISTRY TAG}
root=$(cd "$(dirname "$0")/../.." && pwd)

build() { # module flavour image-tag
  docker build -f "$root/helm/images/Dockerfile" --build-arg MODULE="$1" --build-arg FLAVOUR="$2" \
    -t "$registry/$1:$3" "$root"
  docker push "$registry/$1:$3"
}

for module in api dataset-service standalone; do
  build "$module" cpu "$tag"
done
# The GPU workers come in both flavours; the chart picks -cuda when a worker gets GPUs, -cpu otherwise.
for module in training-jobs inference-worker; do
  build "$module" cpu "$tag-cpu"
  build "$module" cuda "$tag-cuda"
done
