#!/usr/bin/env bash
# Installs the real programs the integration tests and the local demo run against, into a cache
# outside the repo (so every clone on this machine shares it):
#   kafka 3.9.1           jars from Maven Central           -> $CACHE/kafka/libs/*.jar
#   fake-gcs-server       go install (pinned)               -> $CACHE/bin/fake-gcs-server
#   bigquery-emulator     go build of dev/bigquery-emulator -> $CACHE/bin/bigquery-emulator
#   pubsub-emulator       go build of dev/pubsub-emulator   -> $CACHE/bin/pubsub-emulator
# Idempotent: a component is skipped when its files exist and its stamp (version plus a hash of the
# files in dev/ that define it) matches, so editing dev/<component> triggers exactly that rebuild.
# Needs java 17+, mvn and go on PATH. Prints one line per component.
set -euo pipefail

REPO_DEV="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${DEV_CACHE_DIR:-$HOME/.cache/market-data-dev}"
BIN="$CACHE/bin"
STAMPS="$CACHE/stamps"

KAFKA_VERSION=3.9.1
FAKE_GCS_VERSION=v1.55.1
BIGQUERY_EMULATOR_VERSION=v0.8.1

mkdir -p "$BIN" "$STAMPS"
# Two runs at once (make test beside make demo) would race on the same files: take turns.
exec 9>"$CACHE/.install.lock"
flock 9
# Our checkout is a git repo; VCS stamping of the wrapper modules adds nothing and can fail in CI.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-buildvcs=false"

require_tool() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "dev/install.sh: '$1' is not on PATH; $2" >&2
    exit 1
  fi
}

# The stamp of a component: its pinned version plus a hash of the dev/ files that define it.
stamp_of() {
  local version="$1"; shift
  local files_hash=""
  if [ "$#" -gt 0 ]; then
    files_hash="$(cat "$@" | sha256sum | cut -c1-16)"
  fi
  echo "$version $files_hash"
}

# True when every listed artefact exists and the stored stamp equals the wanted one.
is_current() {
  local name="$1" want="$2"; shift 2
  local f
  for f in "$@"; do [ -e "$f" ] || return 1; done
  [ -f "$STAMPS/$name" ] && [ "$(cat "$STAMPS/$name")" = "$want" ]
}

# Runs the install function $3 unless the component is current; prints one line either way.
component() {
  local label="$1" name="$2" fn="$3" want="$4"; shift 4
  if is_current "$name" "$want" "$@"; then
    echo "$label: cached"
    return
  fi
  local started=$SECONDS
  "$fn"
  echo "$want" > "$STAMPS/$name"
  echo "$label: built in $((SECONDS - started)) s"
}

install_kafka() {
  require_tool java "install a Java 17+ runtime (Debian: apt-get install -y openjdk-17-jre-headless)"
  require_tool mvn "install Maven (Debian: apt-get install -y maven)"
  local staging="$CACHE/kafka/libs.tmp"
  rm -rf "$staging"
  mkdir -p "$staging"
  # Resolved into a staging folder and swapped in whole, so an interrupted download never leaves a
  # libs/ folder that looks complete. Maven keeps its own download cache in ~/.m2.
  # mvn's output goes to a log (even -q prints colour codes) and is shown only when it fails.
  if ! mvn -q -B -f "$REPO_DEV/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$staging" > "$CACHE/kafka/mvn.log" 2>&1; then
    cat "$CACHE/kafka/mvn.log" >&2
    echo "dev/install.sh: mvn could not resolve the Kafka jars (log above)" >&2
    exit 1
  fi
  rm -rf "$CACHE/kafka/libs"
  mv "$staging" "$CACHE/kafka/libs"
}

install_fake_gcs() {
  require_tool go "install Go 1.25+"
  GOBIN="$BIN" go install "github.com/fsouza/fake-gcs-server@$FAKE_GCS_VERSION"
}

# `go install github.com/goccy/bigquery-emulator/cmd/bigquery-emulator@v0.8.1` fails here with
# "loading deprecation ... @v/list: 403 Forbidden", so the command is built from a wrapper module
# whose go.mod/go.sum pin it (dev/bigquery-emulator/tools.go).
install_bigquery_emulator() {
  require_tool go "install Go 1.25+"
  echo "bigquery-emulator $BIGQUERY_EMULATOR_VERSION: building from source; this takes several minutes and a few GiB of RAM"
  (cd "$REPO_DEV/bigquery-emulator" &&
    go build -trimpath -o "$BIN/bigquery-emulator.tmp" github.com/goccy/bigquery-emulator/cmd/bigquery-emulator)
  mv "$BIN/bigquery-emulator.tmp" "$BIN/bigquery-emulator"
}

install_pubsub_emulator() {
  require_tool go "install Go 1.25+"
  (cd "$REPO_DEV/pubsub-emulator" && go build -trimpath -o "$BIN/pubsub-emulator.tmp" .)
  mv "$BIN/pubsub-emulator.tmp" "$BIN/pubsub-emulator"
}

component "kafka $KAFKA_VERSION" kafka install_kafka \
  "$(stamp_of "$KAFKA_VERSION" "$REPO_DEV/kafka/pom.xml")" \
  "$CACHE/kafka/libs/kafka_2.13-$KAFKA_VERSION.jar" "$CACHE/kafka/libs/kafka-tools-$KAFKA_VERSION.jar"

component "fake-gcs-server $FAKE_GCS_VERSION" fake-gcs-server install_fake_gcs \
  "$(stamp_of "$FAKE_GCS_VERSION")" "$BIN/fake-gcs-server"

component "bigquery-emulator $BIGQUERY_EMULATOR_VERSION" bigquery-emulator install_bigquery_emulator \
  "$(stamp_of "$BIGQUERY_EMULATOR_VERSION" "$REPO_DEV/bigquery-emulator/go.mod" "$REPO_DEV/bigquery-emulator/go.sum")" \
  "$BIN/bigquery-emulator"

component "pubsub-emulator (pstest)" pubsub-emulator install_pubsub_emulator \
  "$(stamp_of pstest-v2.6.1 "$REPO_DEV/pubsub-emulator/go.mod" "$REPO_DEV/pubsub-emulator/go.sum" "$REPO_DEV/pubsub-emulator/main.go")" \
  "$BIN/pubsub-emulator"
