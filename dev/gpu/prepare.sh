#!/usr/bin/env bash
# Prepares .gpu/ for one GPU-machine run (see ../shared/device/README.md): the bundle from
# ../shared/device/make-bundle.sh, slimmed to what that run needs (a call carries 64 MiB in all,
# working tree included), the reference Python benchmarks, and dev/gpu/session.sh. Run from the
# repository root:
#   bash dev/gpu/prepare.sh tests   the core and training classes and tests, the JUnit launcher and the
#                                   tiny fixture (without its 224-pixel reference tensors): session steps
#                                   tests, fused-tests
#   bash dev/gpu/prepare.sh bench   the classes of the modules that run there, no tests and no fixture
#                                   (benchmarks use random weights; embed-image and probe use
#                                   models/shapes-demo from the working tree): bench, bench-big, streams,
#                                   peer, e2e, pipeline, embed-image, fused, peer-compile, probe
# Neither has the server: its jars (about 12 MB with the index's Lucene) do not fit beside the base.
# Both together would pass 64 MiB; the script prints what a call with this bundle carries.
set -euo pipefail
KIND=${1:-tests}
case "$KIND" in tests|bench) ;; *) echo "usage: prepare.sh tests|bench" >&2; exit 2 ;; esac
# make-bundle.sh resolves the classpath from the local repository and packs the root's
# target/classes and target/test-classes: install the modules there, then gather their classes.
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} mvn -q -B -o -DskipTests install
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
bash ../shared/device/make-bundle.sh
# A slimmer JRE than make-bundle.sh's: the GPU runs need only these modules (jdeps over the bundle; the
# server and bench-serve, which need more, are not in it), and the 1.8 MB saved is the tests bundle's
# margin under 64 MiB. Done once: the repacked base has no java.net.http.
if tar -xJOf .gpu/base.tar.xz jre/release | grep -q java.net.http; then
  B=$(mktemp -d)
  tar -xJf .gpu/base.tar.xz -C "$B" && rm -rf "$B/jre"
  "${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jlink" --add-modules java.base,jdk.unsupported,java.logging,java.sql,java.xml \
      --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$B/jre"
  (cd "$B" && tar -cJf "$OLDPWD/.gpu/base.tar.xz" jre lib)
  rm -rf "$B"
fi
A=$(mktemp -d)
tar -xzf .gpu/app.tar.gz -C "$A"
# the modules' own jars repeat target/classes
rm -f "$A"/jars/clip4j-*.jar
# Not used on the GPU machine: charts (its JRE has no java.desktop; re-plot with bench --report-from), and
# JUnit (console.jar has it).
(cd "$A/jars" && rm -f pdfbox-* fontbox-* junit-* opentest4j-* apiguardian-* VectorGraphics2D-* commons-logging-* \
    graphics2d-* jline-* asm-* xchart-* animated-gif-* 2>/dev/null || true)
# Nor the server and the index: with their jars (about 12 MB) no bundle fits in a call.
(cd "$A/jars" && rm -f lucene-* javalin-* jetty-* jakarta.* micrometer-* prometheus-* kotlin-* HdrHistogram-* \
    LatencyUtils-* websocket-* annotations-* 2>/dev/null || true)
if [ "$KIND" = tests ]; then # nor the command line
  (cd "$A/jars" && rm -f picocli-* progressbar-* 2>/dev/null || true)
else # the benchmarks need no tests
  rm -rf "$A/test-classes" "$A/console.jar"
fi
# Nor Spark (the CLI bundles it for spark-embed), the PostgreSQL store or video decoding: the GPU checks
# run the core, which needs none of them, and with them the bundle would pass 64 MiB.
(cd "$A/jars" && rm -f spark-* hadoop-* scala-* parquet-* avro-* arrow-* orc-* hive-* jackson-module-scala* \
    json4s-* netty-* zookeeper-* curator-* log4j-* janino-* commons-compiler-* snappy-java-* zstd-jni-* lz4-java-* \
    RoaringBitmap-* kryo* chill* ivy-* xbean-* py4j-* rocksdbjni-* datasketches-* antlr4-* stream-* metrics-* \
    jersey-* javax.* commons-lang* commons-math3-* commons-text-* \
    commons-collections* commons-compress-* commons-crypto-* commons-cli-* commons-configuration2-* commons-net-* \
    commons-beanutils-* aircompressor-* protobuf-* guava-* failureaccess-* \
    jul-to-slf4j-* jcl-over-slf4j-* oro-* paranamer-* objenesis-* minlog-* leveldbjni-* univocity-* threeten-* \
    postgresql-* pgvector-* javacv-* ffmpeg-* icu4j-* tink-* jts-core-* javassist-* hk2-* gson-* jjwt-* snakeyaml-* \
    jackson-dataformat-yaml-* jackson-datatype-jsr310-* xmlschema-core-* checker-qual-* flatbuffers-* compress-lzf-* \
    pickle-* xz-* jsr305-* audience-annotations-* aopalliance-* osgi-resource-locator-* error_prone_annotations-* \
    2>/dev/null || true)
# xz rather than gzip: about 0.6 MB less, which the tests bundle needs to fit
(cd "$A" && tar -cJf "$OLDPWD/.gpu/app.tar.xz" .)
rm -rf "$A" .gpu/app.tar.gz .gpu/shared.tar.xz
sed -i 's|tar -xzf "$HERE/app.tar.gz"|tar -xJf "$HERE/app.tar.xz"|' .gpu/run.sh
grep -q 'app.tar.xz' .gpu/run.sh || { echo "prepare.sh: run.sh no longer unpacks app.tar.gz as expected" >&2; exit 1; }
if [ "$KIND" = tests ]; then
F=.gpu/shared/fixtures/tiny-clip
rm -rf .gpu/shared && mkdir -p "$F"
cp -r ../shared/fixtures/tiny-clip/{config.json,preprocessor_config.json,tokenizer.json,tokenizer_config.json,reference.json,model.safetensors,images} "$F"/
python3 - ../shared/fixtures/tiny-clip/reference.safetensors "$F/reference.safetensors" <<'PY'
import json, struct, sys
src, dst = sys.argv[1], sys.argv[2]
f = open(src, 'rb'); n = struct.unpack('<Q', f.read(8))[0]; header = json.loads(f.read(n)); data = f.read()
out, blobs, offset = {}, [], 0
for name, info in header.items():
    if name == '__metadata__' or name.startswith('pixel_values_224'):
        continue
    a, b = info['data_offsets']; blob = data[a:b]
    out[name] = dict(info, data_offsets=[offset, offset + len(blob)]); blobs.append(blob); offset += len(blob)
h = json.dumps(out).encode(); h += b' ' * (-len(h) % 8)
open(dst, 'wb').write(struct.pack('<Q', len(h)) + h + b''.join(blobs))
PY
(cd .gpu && tar -cJf shared.tar.xz shared && rm -rf shared)  # the tokenizer JSON packs 6:1
fi
cp ../shared/device/e2e_bench.py dev/gpu/*.py dev/gpu/session*.sh .gpu/
# what a call carries: the bundle, the tracked files and the untracked files git does not ignore
tree=$( { git ls-files -z; git ls-files -z --others --exclude-standard; } | xargs -0 du -cb 2>/dev/null | awk '/total$/ {s += $1} END {print s}')
bundle=$(du -cb .gpu/* | tail -1 | cut -f1)
echo "prepare.sh $KIND: .gpu $((bundle / 1024)) KiB + working tree $((tree / 1024)) KiB = $(((bundle + tree) / 1048576)) MiB of 64"

