#!/usr/bin/env bash
# One GPU-machine run, from the repository root there (bundle made by dev/gpu/prepare.sh; see
# docs/gpu.md): the steps named on the command line, in order, each with its own time limit, all
# logged to $OUT/session.log (one log: few files come back). The tests read testdata/ from the
# working tree; the Python peers are dev/gpu/'s, copied beside this file into .gpu/.
#
#   bash .gpu/session.sh tests bench pipeline         # what regenerates the published H200 figures
#   Steps need the bundle of their kind (dev/gpu/prepare.sh tests|bench): tests and fused-tests the tests
#   bundle, every other step the bench bundle.
#   steps: tests        the gpu-tagged tests (streams, parity, stream API, CUDA training: fp32 and bf16 images/s)
#          bench        ViT-B/32 and the text tower, eager and CUDA graphs, batch 1 to 1024
#          bench-big    ViT-B/16, ViT-L/14, batch 1 to 1024
#          streams      ViT-B/32 on 4 CUDA streams
#          peer         transformers on the same card (peer_small.py)
#          e2e          Python files -> embeddings (e2e_bench.py)
#          pipeline     clip4j files -> embeddings on 2,048 generated JPEGs (bench --pipeline, 2 and 16 decode threads)
#          embed-image  the embed-image command itself on those JPEGs
#   issue 19 (fused kernels, FP8; see docs/gpu.md "Not yet measured"):
#          fused-tests  the gpu-tagged native-kernel, fused-encoder, FP8 and nvJPEG tests
#          fused        ViT-B/32 b256/b1024 and ViT-L/14 b256, bf16 and fp8, eager and fused; b1/b32 graphs
#          peer-compile transformers eager and torch.compile on the same card, FP8 vs bf16 GEMM (peer_compile.py)
#          probe        the linear probe on CUDA over 2,048 shapes (bf16 training's images/s against fp32 come
#                       from the tests step's GpuTrainingTest: finetune's loss chart needs java.desktop, not in the JRE)
set -u
[ $# -gt 0 ] || { echo "usage: session.sh STEP..." >&2; exit 2; }
export PYTHONUNBUFFERED=1 OMP_WAIT_POLICY=PASSIVE
R="bash .gpu/run.sh -Xmx16g"
LOG=$OUT/session.log
run() { local name=$1 limit=$2; shift 2; echo "== $name" | tee -a "$LOG"
  timeout "$limit" "$@" > /tmp/step.log 2>&1; local rc=$?; cat /tmp/step.log >> "$LOG"
  echo "== $name rc=$rc at ${SECONDS}s" | tee -a "$LOG"
  grep -E '^\{"(arch|model|epoch|route|requests)|CUDA fine-tune|nvJPEG vs|cosine|worst|tests (successful|failed)|✘|Error|error|Exception|real' /tmp/step.log | cut -c1-300 | tail -30; }
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
        --model models/shapes-demo --device cuda --dtype bf16 --batch-size 256 /tmp/jpegs | wc -l" ;;
    fused-tests) run fused-tests 150 bash .gpu/run.sh junit --select-class io.clip4j.internal.FusedKernelsTest \
        --select-class io.clip4j.FusedEncoderTest --select-class io.clip4j.Fp8Test --select-class io.clip4j.internal.NvJpegTest \
        --details=tree ;;
    fused) run fused 150 $R io.clip4j.cli.Main bench --device cuda --dtype bf16,fp8 --arch ViT-B-32 --mode eager,fused \
        --batch 256,1024 --iters 20 --warmup 5
      run fused-l14 120 $R io.clip4j.cli.Main bench --device cuda --dtype bf16,fp8 --arch ViT-L-14 --mode eager,fused \
        --batch 256 --iters 10 --warmup 3
      run fused-graph 60 $R io.clip4j.cli.Main bench --device cuda --dtype bf16 --arch ViT-B-32 --mode graph,fused-graph \
        --batch 1,32 --iters 50 --warmup 5 ;;
    peer-compile) run peer-compile 240 python3 .gpu/peer_compile.py "$OUT/peer-compile.json" ;;
    probe) [ -d /tmp/shapes ] || run shapes 60 $R io.clip4j.cli.Main shapes generate --out /tmp/shapes --count 2048 --seed 3
      run probe 60 $R io.clip4j.cli.Main probe --model models/shapes-demo --train /tmp/shapes/data.csv --label-column label \
        --out /tmp/head.safetensors --device cuda --dtype bf16 ;;
    *) echo "unknown step: $step" | tee -a "$LOG" ;;
  esac
done
