#!/usr/bin/env bash
# One GPU-machine run, from the repository root there (bundle made by dev/gpu/prepare.sh; see
# ../shared/device/README.md): the steps named on the command line, in order, each with its own
# time limit, all logged to $OUT/session.log (one log: few files come back).
#
#   bash .gpu/session.sh tests bench pipeline         # what regenerates the published H200 figures
#   steps: tests        the gpu-tagged tests (streams, parity, stream API, CUDA training)
#          bench        ViT-B/32 and the text tower, eager and CUDA graphs, batch 1 to 1024
#          bench-big    ViT-B/16, ViT-L/14, batch 1 to 1024
#          streams      ViT-B/32 on 4 CUDA streams
#          peer         transformers on the same card (peer_small.py)
#          e2e          Python files -> embeddings (e2e_bench.py)
#          pipeline     clip4j files -> embeddings on 2,048 generated JPEGs (bench --pipeline, 2 and 16 decode threads)
#          embed-image  the embed-image command itself on those JPEGs
set -u
[ $# -gt 0 ] || { echo "usage: session.sh STEP..." >&2; exit 2; }
tar -xJf .gpu/shared.tar.xz -C /tmp && export CLIP4J_SHARED=/tmp/shared PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
R="bash .gpu/run.sh -Xmx16g"
LOG=$OUT/session.log
run() { local name=$1 limit=$2; shift 2; echo "== $name" | tee -a "$LOG"
  timeout "$limit" "$@" > /tmp/step.log 2>&1; local rc=$?; cat /tmp/step.log >> "$LOG"
  echo "== $name rc=$rc at ${SECONDS}s" | tee -a "$LOG"
  grep -E '^\{"(arch|model)|CUDA fine-tune|tests (successful|failed)|✘|Error|error|Exception|real' /tmp/step.log | cut -c1-300 | tail -30; }
jpegs() { [ -d /tmp/jpegs ] || run jpegs 60 python3 .gpu/gen_jpegs.py /tmp/jpegs; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee -a "$LOG"
for step in "$@"; do
  case "$step" in
    tests) run tests 120 bash .gpu/run.sh junit --select-class io.clip4j.gpu.GpuStreamsTest --select-class io.clip4j.GpuParityTest \
        --select-class io.clip4j.gpu.StreamApiTest --select-class io.clip4j.train.GpuTrainingTest --details=tree ;;
    bench) run bench 90 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32,text-B-32 --mode eager,graph \
        --batch 1,8,32,64,256,1024 --iters 20 --warmup 5 ;;
    bench-big) run bench-big 90 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-16,ViT-L-14 \
        --mode eager,graph --batch 1,32,256,1024 --iters 10 --warmup 3 ;;
    streams) run streams 40 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --streams 4 \
        --batch 8,64 --iters 20 --warmup 3 ;;
    peer) run peer 120 python3 .gpu/peer_small.py "$OUT/peer.json" ;;
    e2e) jpegs; run e2e 90 python3 .gpu/e2e_bench.py "$OUT/e2e.json" ;;
    pipeline) jpegs
      run pipeline 60 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --pipeline /tmp/jpegs --batch 256,128
      run pipeline16 30 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --pipeline /tmp/jpegs --batch 256 --decode-threads 16 ;;
    embed-image) jpegs; run embed-image 40 bash -c "time bash .gpu/run.sh -Xmx16g io.clip4j.cli.Main embed-image \
        --model /tmp/shared/fixtures/tiny-clip --device cuda --dtype bf16 --batch-size 256 /tmp/jpegs | wc -l" ;;
    *) echo "unknown step: $step" | tee -a "$LOG" ;;
  esac
done
