#!/usr/bin/env bash
# The third GPU-machine run: clip4j (eager and CUDA graphs) and transformers on the same card in
# one run with nothing else on the CPUs, then files -> embeddings (bench --pipeline, and the
# embed-image command itself).
set -u
tar -xJf .gpu/shared.tar.xz -C /tmp && export CLIP4J_SHARED=/tmp/shared PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
R="bash .gpu/run.sh -Xmx16g"
LOG=$OUT/session.log
step() { local name=$1 limit=$2; shift 2; echo "== $name" | tee -a "$LOG"
  timeout "$limit" "$@" > /tmp/step.log 2>&1; local rc=$?; cat /tmp/step.log >> "$LOG"
  echo "== $name rc=$rc at ${SECONDS}s" | tee -a "$LOG"; grep -E '^\{"(arch|model)|tests (successful|failed)|✘|Error|error|Exception|real' /tmp/step.log | cut -c1-300 | tail -30; }
step jpegs 60 python3 .gpu/gen_jpegs.py /tmp/jpegs
step peer 120 python3 .gpu/peer_small.py "$OUT/peer.json"
step bench 90 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32,text-B-32 --mode eager,graph \
  --batch 1,8,32,64,256,1024 --iters 20 --warmup 5
step pipeline 60 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --pipeline /tmp/jpegs --batch 256,128
step pipeline16 30 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --pipeline /tmp/jpegs --batch 256 --decode-threads 16
step embed-image 40 bash -c "time bash .gpu/run.sh -Xmx16g io.clip4j.cli.Main embed-image --model /tmp/shared/fixtures/tiny-clip --device cuda --dtype bf16 --batch-size 256 /tmp/jpegs | wc -l"
