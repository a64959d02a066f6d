#!/usr/bin/env bash
# The fourth GPU-machine run: contrastive training on CUDA (the gpu-tagged training test).
set -u
tar -xJf .gpu/shared.tar.xz -C /tmp && export CLIP4J_SHARED=/tmp/shared OMP_WAIT_POLICY=PASSIVE
bash .gpu/run.sh junit --select-class io.clip4j.train.GpuTrainingTest --details=tree 2>&1 | tee "$OUT/session.log" | grep -E 'CUDA fine-tune|tests (successful|failed)|✘|Exception' 
