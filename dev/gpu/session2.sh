#!/usr/bin/env bash
# The second GPU-machine run: what the first could not finish (CUDA graphs needed the private
# pool without MemPool's constructor; ViT-L/14 at 1024 needed the per-block memory release).
set -u
tar -xJf .gpu/shared.tar.xz -C /tmp && export CLIP4J_SHARED=/tmp/shared PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
R="bash .gpu/run.sh -Xmx16g"
LOG=$OUT/session.log
step() { local name=$1 limit=$2; shift 2; echo "== $name" | tee -a "$LOG"
  timeout "$limit" "$@" > /tmp/step.log 2>&1; local rc=$?; cat /tmp/step.log >> "$LOG"
  echo "== $name rc=$rc at ${SECONDS}s" | tee -a "$LOG"; grep -E '^\{|tests (successful|failed)|✘|Error|error|Exception' /tmp/step.log | cut -c1-600 | tail -30; }
python3 .gpu/gen_jpegs.py /tmp/jpegs > /dev/null 2>&1 &
step tests 90 bash .gpu/run.sh junit --select-class io.clip4j.gpu.GpuStreamsTest --select-class io.clip4j.GpuParityTest \
  --select-class io.clip4j.gpu.StreamApiTest --details=tree
step bench-b32 60 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --mode graph,eager \
  --batch 1,8,32,64,256 --iters 20 --warmup 3 --out "$OUT/b32"
step bench-big 75 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-L-14,text-B-32,ViT-B-16 \
  --mode eager,graph --batch 1,32,1024 --iters 10 --warmup 3 --out "$OUT/big"
wait
step pipeline 60 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --pipeline /tmp/jpegs --batch 256
for d in b32 big; do [ -f "$OUT/$d/results.json" ] && cp "$OUT/$d/results.json" "$OUT/$d-results.json"; done
rm -rf "$OUT/b32" "$OUT/big"
