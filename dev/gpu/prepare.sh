#!/usr/bin/env bash
# Prepares .gpu/ for one GPU-machine run (see ../shared/device/README.md): the bundle from
# ../shared/device/make-bundle.sh, slimmed to the jars a GPU run needs (the 64 MiB limit), the
# tiny fixture without its 224-pixel reference tensors, the reference Python benchmarks, and
# dev/gpu/session.sh. Run from the repository root.
set -euo pipefail
# make-bundle.sh resolves the classpath from the local repository and packs the root's
# target/classes and target/test-classes: install the modules there, then gather their classes.
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64} mvn -q -B -o -DskipTests install
rm -rf target/classes target/test-classes && mkdir -p target/classes target/test-classes
for m in clip4j-*/target; do
  case "$m" in clip4j-spark/*|clip4j-video/*|clip4j-index-pgvector/*) continue ;; esac # not run on the GPU machine
  [ -d "$m/classes" ] && cp -r "$m/classes/." target/classes/
  [ -d "$m/test-classes" ] && cp -r "$m/test-classes/." target/test-classes/
done
bash ../shared/device/make-bundle.sh
A=$(mktemp -d)
tar -xzf .gpu/app.tar.gz -C "$A"
# the modules' own jars repeat target/classes
rm -f "$A"/jars/clip4j-*.jar
# Not used on the GPU machine: the server, the index, metrics, charts (its JRE has no java.desktop; re-plot
# with bench --report-from), and JUnit (console.jar has it).
(cd "$A/jars" && rm -f lucene-* javalin-* jetty-* jakarta.* micrometer-* prometheus-* pdfbox-* fontbox-* kotlin-* \
    junit-* opentest4j-* apiguardian-* HdrHistogram-* LatencyUtils-* websocket-* VectorGraphics2D-* commons-logging-* \
    annotations-* graphics2d-* jline-* asm-* xchart-* animated-gif-* 2>/dev/null || true)
# Nor Spark (the CLI bundles it for spark-embed), the PostgreSQL store or video decoding: the GPU checks
# run the core, which needs none of them, and with them the bundle would pass 64 MiB.
(cd "$A/jars" && rm -f spark-* hadoop-* scala-* parquet-* avro-* arrow-* orc-* hive-* jackson-module-scala* \
    json4s-* netty-* zookeeper-* curator-* log4j-* janino-* commons-compiler-* snappy-java-* zstd-jni-* lz4-java-* \
    RoaringBitmap-* kryo* chill* ivy-* xbean-* py4j-* rocksdbjni-* datasketches-* antlr4-* stream-* metrics-* \
    jersey-* jakarta.* javax.* commons-lang* commons-io-* commons-codec-* commons-math3-* commons-text-* \
    commons-collections* commons-compress-* commons-crypto-* commons-cli-* commons-configuration2-* commons-net-* \
    commons-beanutils-* aircompressor-* protobuf-* guava-* failureaccess-* \
    jul-to-slf4j-* jcl-over-slf4j-* oro-* paranamer-* objenesis-* minlog-* leveldbjni-* univocity-* threeten-* \
    postgresql-* pgvector-* javacv-* ffmpeg-* icu4j-* tink-* jts-core-* javassist-* hk2-* gson-* jjwt-* snakeyaml-* \
    jackson-dataformat-yaml-* jackson-datatype-jsr310-* xmlschema-core-* checker-qual-* flatbuffers-* compress-lzf-* \
    pickle-* xz-* jsr305-* audience-annotations-* aopalliance-* osgi-resource-locator-* error_prone_annotations-* \
    2>/dev/null || true)
(cd "$A" && tar -czf "$OLDPWD/.gpu/app.tar.gz" .)
rm -rf "$A"
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
cp ../shared/device/e2e_bench.py dev/gpu/*.py dev/gpu/session*.sh .gpu/
du -ch .gpu/* | tail -1
