#!/usr/bin/env bash
# One GPU-machine run, from the repository root there: GPU tests, encoder benchmarks (eager and
# CUDA graphs, several streams), the reference Python benchmarks on the same card, and files in
# -> embeddings out. Every step has its own time limit and log in $OUT, so one failure does not
# cost the others.
set -u
tar -xJf .gpu/shared.tar.xz -C /tmp && export CLIP4J_SHARED=/tmp/shared PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
R="bash .gpu/run.sh -Xmx16g"
LOG=$OUT/session.log  # one log: at most 8 files come back
step() { local name=$1 limit=$2; shift 2; echo "== $name" | tee -a "$LOG"
  timeout "$limit" "$@" > /tmp/step.log 2>&1; local rc=$?; cat /tmp/step.log >> "$LOG"
  echo "== $name rc=$rc at ${SECONDS}s" | tee -a "$LOG"; grep -E '^\{|Tests|tests|Error|error|Exception' /tmp/step.log | tail -40; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee -a "$LOG"
step tests 100 bash .gpu/run.sh junit --select-class io.clip4j.gpu.GpuStreamsTest --select-class io.clip4j.GpuParityTest \
  --select-class io.clip4j.gpu.StreamApiTest --details=tree
step bench-b32 90 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --mode eager,graph \
  --batch 1,8,32,64,256,1024 --iters 20 --warmup 3 --out "$OUT/b32"
step bench-big 90 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-16,ViT-L-14,text-B-32 \
  --batch 1,32,256,1024 --iters 10 --warmup 3 --out "$OUT/big"
step bench-streams 40 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --streams 4 \
  --batch 8,64 --iters 20 --warmup 3
step peer 90 python3 .gpu/peer_small.py "$OUT/peer.json"
step e2e 90 python3 .gpu/e2e_bench.py "$OUT/e2e.json"
step pipeline 60 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --pipeline /tmp/jpegs --batch 256
for d in b32 big; do [ -f "$OUT/$d/results.json" ] && cp "$OUT/$d/results.json" "$OUT/$d-results.json"; done
rm -rf "$OUT/b32" "$OUT/big"
