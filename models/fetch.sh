#!/usr/bin/env bash
# Downloads a CLIP model in Hugging Face layout into models/<name>/ and checks the files.
#   models/fetch.sh openai/clip-vit-base-patch32        -> models/clip-vit-base-patch32/
# Needs network access to huggingface.co (set HF_TOKEN for gated models; HF_ENDPOINT for a mirror).
set -euo pipefail
repo="${1:?usage: models/fetch.sh OWNER/NAME (e.g. openai/clip-vit-base-patch32)}"
[[ "$repo" =~ ^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$ ]] || { echo "fetch: '$repo' is not OWNER/NAME" >&2; exit 2; }
endpoint="${HF_ENDPOINT:-https://huggingface.co}"
dest="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/${repo#*/}"
mkdir -p "$dest"
auth=()
[ -n "${HF_TOKEN:-}" ] && auth=(-H "Authorization: Bearer $HF_TOKEN")

get() { # get FILE [optional]
  local url="$endpoint/$repo/resolve/main/$1"
  if curl -fL --retry 3 -sS "${auth[@]}" -o "$dest/$1.part" "$url"; then
    mv "$dest/$1.part" "$dest/$1"; echo "fetch: $1" >&2
  else
    rm -f "$dest/$1.part"
    [ "${2:-}" = optional ] && return 1
    echo "fetch: could not download $url" >&2; exit 1
  fi
}

get config.json
get preprocessor_config.json
get tokenizer_config.json optional || true
get tokenizer.json optional || { get vocab.json; get merges.txt; }
if ! get model.safetensors optional; then
  get model.safetensors.index.json
  for shard in $(grep -o '"[^"]*\.safetensors"' "$dest/model.safetensors.index.json" | tr -d '"' | sort -u); do
    get "$shard"
  done
fi

# Check: JSON parses, and each safetensors header length fits its file.
if command -v python3 >/dev/null; then
  for f in "$dest"/*.json; do
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$f" 2>/dev/null \
      || { echo "fetch: $f is not valid JSON" >&2; exit 1; }
  done
fi
for f in "$dest"/*.safetensors; do
  size=$(stat -c %s "$f")
  header=$(od -An -t u8 -N 8 "$f" | tr -d ' ')
  [ "$size" -gt 8 ] && [ "$header" -lt "$size" ] || { echo "fetch: $f is not a safetensors file" >&2; exit 1; }
done
echo "fetch: $repo is in $dest" >&2
echo "$dest"
