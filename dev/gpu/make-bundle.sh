#!/usr/bin/env bash
# Packs .gpu/ for the lent GPU machine, which has no network and no Maven but has PyTorch's CUDA build
# of libtorch in its Python environment: the Java code runs there against those libraries.
# dev/gpu/prepare.sh calls it after installing the modules and gathering their classes into
# target/classes and target/test-classes; from the repository root:
#   bash dev/gpu/make-bundle.sh tests|bench
# It writes:
#   .gpu/base.tar.xz  a slim JRE (jlink) and the JNI glue of the bytedeco presets (the GPU build of
#                     jnitorch, cuda, openblas, javacpp, opencv core/imgproc/imgcodecs); rebuilt only when
#                     its recipe (the member BASE) changes, or with FORCE_BASE=1 (it takes a few minutes)
#   .gpu/app.tar.xz   target/classes, the Java jars the GPU runs use and, for tests, target/test-classes
#                     and the JUnit console launcher
#   .gpu/run.sh       on the GPU machine: unpack, then run java with libtorch's library path:
#                       bash .gpu/run.sh [jvm options] some.Main args
#                       bash .gpu/run.sh junit --select-class ...   (JUnit console launcher)
# Everything else in .gpu/ is removed. A device call carries 64 MiB in all, working tree included (the
# tests read testdata/ from it: the GPU machine runs in the repository root too); prepare.sh prints it.
set -euo pipefail
KIND=${1:-}
case "$KIND" in tests|bench) ;; *) echo "usage: make-bundle.sh tests|bench" >&2; exit 2 ;; esac
OUT=$(pwd)/.gpu
JDK=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
M2=${M2:-$HOME/.m2/repository}
mkdir -p "$OUT"
find "$OUT" -mindepth 1 -maxdepth 1 ! -name base.tar.xz -exec rm -rf {} +

# The command line's classpath holds every module the GPU runs use (the tests' core and train included)
cp_file=$(mktemp)
mvn -q -B -o -pl clip4j-cli dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
IFS=: read -r -a JARS < "$cp_file" || true
rm -f "$cp_file"
ver() { { printf '%s\n' "${JARS[@]}" | grep -oE "/org/bytedeco/$1/[^/]+/" | head -1 | cut -d/ -f5; } || true; }
PT=$(ver pytorch); CV=$(ver opencv); OB=$(ver openblas); JC=$(ver javacpp); CU=$(ver cuda)
[ -n "$PT" ] && [ -n "$JC" ] || { echo "make-bundle.sh: pytorch and javacpp must be on the classpath" >&2; exit 2; }
CU=${CU:-13.1-9.19-1.5.13}
get() { [ -f "$M2/$2" ] || mvn -q -B -o dependency:get -Dartifact="$1" >/dev/null; echo "$M2/$2"; }

# The base. The GPU runs need only these modules: jdeps over the bench bundle finds java.desktop
# (the BufferedImage overloads, AwtImages) and java.net.http (the hub, bench-serve) besides, in code
# those runs do not reach; the CLI's bench, embed-image, shapes and probe ran on this JRE (on the CPU).
# The JRE is linked uncompressed (zip-0) and libjvm.so stripped of its symbol table: xz
# over the whole tarball then packs the JRE to about 14 MB, against 23 MB for jlink's own zip-9.
MODULES=java.base,jdk.unsupported,java.logging,java.sql,java.xml
RECIPE="jre $("$JDK/bin/java" -version 2>&1 | head -1) $MODULES zip-0 stripped xz-9e; pytorch $PT gpu, javacpp $JC, openblas $OB, cuda $CU, opencv $CV"
if [ "${FORCE_BASE:-0}" = 1 ] || [ ! -f "$OUT/base.tar.xz" ] \
    || [ "$(tar --occurrence=1 -xJOf "$OUT/base.tar.xz" BASE 2>/dev/null)" != "$RECIPE" ]; then
  echo "make-bundle.sh: building the base ($RECIPE)"
  B=$(mktemp -d)
  mkdir -p "$B/lib"
  printf '%s' "$RECIPE" > "$B/BASE"
  "$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output "$B/jre"
  strip --strip-unneeded "$B/jre/lib/server/libjvm.so"
  "$B/jre/bin/java" -version >/dev/null 2>&1 || { echo "make-bundle.sh: the stripped JRE does not start" >&2; exit 1; }
  unzip -q -j -o "$(get "org.bytedeco:pytorch:$PT:jar:linux-x86_64-gpu" "org/bytedeco/pytorch/$PT/pytorch-$PT-linux-x86_64-gpu.jar")" \
    '*/libjnitorch.so' '*/libjnitorch_cuda.so' -d "$B/lib"
  unzip -q -j -o "$(get "org.bytedeco:javacpp:$JC:jar:linux-x86_64" "org/bytedeco/javacpp/$JC/javacpp-$JC-linux-x86_64.jar")" '*.so*' -d "$B/lib"
  if [ -n "$OB" ]; then
    unzip -q -j -o "$(get "org.bytedeco:openblas:$OB:jar:linux-x86_64" "org/bytedeco/openblas/$OB/openblas-$OB-linux-x86_64.jar")" \
      '*.so*' -x '*jniopenblas_full*' -d "$B/lib"
    ln -sf libopenblas.so.0 "$B/lib/libopenblas_nolapack.so.0"
  fi
  unzip -q -j -o "$(get "org.bytedeco:cuda:$CU:jar:linux-x86_64" "org/bytedeco/cuda/$CU/cuda-$CU-linux-x86_64.jar")" \
    '*/libjnicudart.so' '*/libjnicudnn.so' '*/libjnicusparse.so' '*/libjnicusolver.so' '*/libjnicupti.so' '*/libjnicublas.so' \
    '*/libjninvrtc.so' '*/libjnicurand.so' '*/libjnicufft.so' '*/libjninvjpeg.so' -d "$B/lib"
  if [ -n "$CV" ]; then
    unzip -q -j -o "$(get "org.bytedeco:opencv:$CV:jar:linux-x86_64" "org/bytedeco/opencv/$CV/opencv-$CV-linux-x86_64.jar")" \
      '*/libopencv_core.so*' '*/libopencv_imgproc.so*' '*/libopencv_imgcodecs.so*' \
      '*/libjniopencv_core.so' '*/libjniopencv_imgproc.so' '*/libjniopencv_imgcodecs.so' -d "$B/lib" || true
  fi
  # BASE first, so that the check above stops reading there
  # -9e: 0.5 MB less than tar -J's default, for two minutes more
  (cd "$B" && tar -cf - BASE jre lib | xz -9e -T1 > "$OUT/base.tar.xz.part") && mv "$OUT/base.tar.xz.part" "$OUT/base.tar.xz"
  rm -rf "$B"
fi

# The app: the project's classes and the jars that are neither native (the base has those) nor the
# modules' own jars (target/classes repeats them)
A=$(mktemp -d)
mkdir -p "$A/jars"
for j in "${JARS[@]}"; do
  case "$j" in */clip4j-*.jar|*-linux-x86_64*.jar|*-linux-arm64*.jar|*-macosx-*.jar|*-windows-*.jar|*-android-*.jar|*-ios-*.jar) ;;
    *.jar) cp "$j" "$A/jars/" ;; esac
done
cp -r target/classes "$A/classes"
if [ "$KIND" = tests ]; then
  cp -r target/test-classes "$A/test-classes"
  JU=$( { printf '%s\n' "${JARS[@]}" | grep -oE "junit-platform-engine-[0-9.]+\.jar" | head -1 | sed -E 's/junit-platform-engine-(.*)\.jar/\1/'; } || true)
  [ -n "$JU" ] || { echo "make-bundle.sh: no JUnit platform on the classpath" >&2; exit 2; }
  cp "$(get "org.junit.platform:junit-platform-console-standalone:$JU" \
      "org/junit/platform/junit-platform-console-standalone/$JU/junit-platform-console-standalone-$JU.jar")" "$A/console.jar"
fi
# Not used on the GPU machine: charts (its JRE has no java.desktop; re-plot with bench --report-from), and
# JUnit (console.jar has it).
(cd "$A/jars" && rm -f pdfbox-* fontbox-* junit-* opentest4j-* apiguardian-* VectorGraphics2D-* commons-logging-* \
    graphics2d-* jline-* asm-* xchart-* animated-gif-* 2>/dev/null || true)
# Nor the server and the index: with their jars (about 12 MB) no bundle fits in a call.
(cd "$A/jars" && rm -f lucene-* javalin-* jetty-* jakarta.* micrometer-* prometheus-* kotlin-* HdrHistogram-* \
    LatencyUtils-* websocket-* annotations-* 2>/dev/null || true)
if [ "$KIND" = tests ]; then # nor the command line
  (cd "$A/jars" && rm -f picocli-* progressbar-* 2>/dev/null || true)
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
# The jars stored rather than deflated, entry for entry (the class loaders read either): xz over the
# whole app then packs their classes together, to about half the size of the deflated jars.
find "$A" -name '*.jar' -print0 | xargs -0 python3 -c '
import os, sys, zipfile
for jar in sys.argv[1:]:
    with zipfile.ZipFile(jar) as zin, zipfile.ZipFile(jar + ".stored", "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            info.compress_type = zipfile.ZIP_STORED
            zout.writestr(info, data)
    os.replace(jar + ".stored", jar)'
(cd "$A" && tar -cf - . | xz -9 -T1 > "$OUT/app.tar.xz")
rm -rf "$A"

cat > "$OUT/run.sh" <<'RUN'
#!/usr/bin/env bash
# On the GPU machine: bash .gpu/run.sh [jvm options] Main [args] | bash .gpu/run.sh junit [launcher args]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
G=/tmp/gpu-bundle
if [ ! -f $G/.base-ok ] || [ "$HERE/base.tar.xz" -nt $G/.base-ok ]; then rm -rf $G; mkdir -p $G; tar -xJf "$HERE/base.tar.xz" -C $G; touch $G/.base-ok; fi
rm -rf $G/app; mkdir -p $G/app; tar -xJf "$HERE/app.tar.xz" -C $G/app
TL=${TORCH_LIB:-$(python3 -c "import torch,os;print(os.path.join(os.path.dirname(torch.__file__),'lib'))")}
SP=$(dirname "$(dirname "$TL")")
NV=$( { find "$SP/nvidia" -type d -name lib 2>/dev/null | tr '\n' :; } || true)
# nvJPEG ships only inside torchvision there, under a hashed file name: expose it under its soname
for f in "$SP"/torchvision.libs/libnvjpeg*.so.*; do [ -e "$f" ] && ln -sf "$f" "$G/lib/libnvjpeg.so.${f##*.so.}"; done
export LD_LIBRARY_PATH=$G/lib:$TL:$NV${LD_LIBRARY_PATH:-}
export CP="$G/app/classes:$G/app/test-classes:$G/app/jars/*"
JOPTS=(-Dorg.bytedeco.javacpp.pathsFirst=true "-Djava.library.path=$G/lib:$TL:$NV" --enable-native-access=ALL-UNNAMED)
if [ "${1:-}" = junit ]; then shift; exec $G/jre/bin/java "${JOPTS[@]}" -jar $G/app/console.jar execute -cp "$G/app/classes:$G/app/test-classes:$(ls $G/app/jars/*.jar | tr '\n' ':')" "$@"; fi
exec $G/jre/bin/java "${JOPTS[@]}" -cp "$CP" "$@"
RUN
chmod +x "$OUT/run.sh"
