#!/usr/bin/env bash
# A larger fuzz run than CI's (FuzzTest runs 300 images and 60 videos with a fixed seed):
#   dev/fuzz/run.sh images|videos COUNT [SEED]     (from the repository root, after mvn install -DskipTests)
# Prints the count of inputs, decoded, clean errors, unexpected exceptions, crashes and timeouts, then each
# finding with the input that caused it (rerun one with the same seed: input n is the same every time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[ $# -ge 2 ] || { echo "usage: dev/fuzz/run.sh images|videos COUNT [SEED]" >&2; exit 2; }
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cp_file=$(mktemp)
mvn -q -B -o dependency:build-classpath -pl clip4j-video -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
CP="clip4j-video/target/test-classes:clip4j-video/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
OMP_WAIT_POLICY=PASSIVE exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" io.clip4j.video.FuzzTest "$@"
