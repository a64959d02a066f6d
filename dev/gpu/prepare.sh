#!/usr/bin/env bash
# Prepares .gpu/ for one GPU-machine run (docs/gpu.md): the bundle from dev/gpu/make-bundle.sh, holding
# only what that run needs (a call carries 64 MiB in all, working tree included), the Python peers of
# dev/gpu/ and dev/gpu/session.sh. Run from the repository root:
#   bash dev/gpu/prepare.sh tests   the core and training classes and tests and the JUnit launcher (the
#                                   tests read the fixture from testdata/ in the working tree): session
#                                   steps tests, fused-tests
#   bash dev/gpu/prepare.sh bench   the classes of the modules that run there, no tests (benchmarks use
#                                   random weights; embed-image and probe use models/shapes-demo from the
#                                   working tree): bench, bench-big, streams, peer, e2e, pipeline,
#                                   embed-image, fused, peer-compile, probe
# Neither has the server: its jars (about 12 MB with the index's Lucene) do not fit beside the base.
# Both together would pass 64 MiB; the script prints what a call with this bundle carries.
set -euo pipefail
KIND=${1:-tests}
case "$KIND" in tests|bench) ;; *) echo "usage: prepare.sh tests|bench" >&2; exit 2 ;; esac
# make-bundle.sh resolves the classpath from the local repository and packs the root's
# target/classes and target/test-classes: install the modules there, then gather their classes.
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
mvn -q -B -o -DskipTests install
rm -rf target/classes target/test-classes && mkdir -p target/classes target/test-classes
for m in clip4j-*/target; do
  case "$m" in clip4j-spark/*|clip4j-index-pgvector/*) continue ;; esac # not run on the GPU machine (the CLI needs video's classes to start)
  if [ "$KIND" = tests ]; then
    case "$m" in clip4j-core/*|clip4j-train/*) ;; *) continue ;; esac # the GPU tests live in these two
    [ -d "$m/test-classes" ] && cp -r "$m/test-classes/." target/test-classes/
  fi
  [ -d "$m/classes" ] && cp -r "$m/classes/." target/classes/
done
# the gpu-tagged tests are in io.clip4j, .gpu, .internal and .train, and use only Fixtures and NativeMemory besides
rm -rf target/test-classes/io/clip4j/{text,image,zeroshot,moderation,batch,pipeline,model} \
    target/test-classes/io/clip4j/train/{data,probe,tokenizer}
bash dev/gpu/make-bundle.sh "$KIND"
cp dev/gpu/*.py dev/gpu/session.sh .gpu/
# what a call carries: the bundle, the tracked files and the untracked files git does not ignore
tree=$( { git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 du -cb 2>/dev/null | awk '/total$/ {s += $1} END {print s}')
bundle=$(du -cb .gpu/* | tail -1 | cut -f1)
echo "prepare.sh $KIND: .gpu $((bundle / 1024)) KiB + working tree $((tree / 1024)) KiB = $(((bundle + tree) / 1048576)) MiB of 64"

