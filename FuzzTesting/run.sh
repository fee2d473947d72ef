#!/usr/bin/env bash
# Builds Rapport's libFuzzer targets and runs them.
#
#   ./run.sh [FUZZER] [LIMIT] [-- LIBFUZZER_FLAGS...]
#   ./run.sh smoke                  each fuzzer for 20 seconds (CI)
#   ./run.sh regress                each fuzzer over the saved crash inputs in crashes/
#   ./run.sh FUZZER FILE...         runs FUZZER on the given inputs once each (reproduce a crash)
#   ./run.sh build                  builds only
#
# FUZZER is FuzzDispatcher (default) or FuzzJSONParser. LIMIT is a time in seconds (`300` or
# `300s`, default 60) or a number of executions (`10000000runs` or `runs=10000000`).
#
# The build is, in this directory (its own .build/, never the parent's):
#
#   swift build -c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address
#
# libFuzzer brings `main`; the fuzzers define only `LLVMFuzzerTestOneInput`. Why these flags and
# not swift-nio-http2's `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`:
#  - SwiftPM (tools 5.5 and later) links every executable on Linux with `--defsym
#    main=<Module>_main`, a symbol that `-parse-as-library` never emits, so that form fails to
#    link with Swift 6.3 ("undefined symbol 'FuzzJSONParser_main' referenced in expression").
#    SwiftPM's own `--sanitize=fuzzer` drops the alias and adds `-parse-as-library` itself.
#  - But SwiftPM passes `--sanitize=fuzzer --sanitize=address` to swiftc as two flags,
#    `-sanitize=fuzzer -sanitize=address`, and swiftc keeps only the last: the Swift code gets
#    ASan and no coverage at all (libFuzzer then saw 546 coverage counters in all instead of
#    about 480,000). The trailing `-Xswiftc -sanitize=fuzzer,address` restores both.
#
# A run starts from scratch/FUZZER/corpus, a working copy that the committed corpus/NAME/ is
# copied into first; libFuzzer writes the new inputs it finds there, never into corpus/. A crash
# input goes to crashes/ (prefix FUZZER-), the log to scratch/FUZZER/fuzz.log. Flags every run
# gets: -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1.
#
# FUZZ_CPUS=1 pins the fuzzer to that CPU list (taskset), so that it uses one core at most.
#
# Exit status: 0 when every run ended without a finding; libFuzzer's (non-zero) status when a
# fuzzer crashed, timed out, ran out of memory or leaked; 2 for a usage or build error.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

fuzzers=(FuzzDispatcher FuzzJSONParser)
# FUZZ_CONFIG=release builds and runs the optimised configuration instead (faster, finds other
# things; swift-nio-http2 builds both).
config=${FUZZ_CONFIG:-debug}
binaries=.build/$config

corpus_name() {
  case "$1" in
    FuzzDispatcher) echo dispatcher ;;
    FuzzJSONParser) echo json ;;
    *) echo "unknown fuzzer: $1 (${fuzzers[*]})" >&2; exit 2 ;;
  esac
}

build() {
  local started=$SECONDS
  local command=(swift build -c "$config" --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
  echo "== ${command[*]}" >&2
  # SwiftPM rebuilds everything when any environment variable differs from the last build's
  # (TMPDIR or a RAPPORT_FUZZ_* setting for the run is enough), so it builds in a fixed one.
  if ! env -i HOME="$HOME" PATH="$PATH" "${command[@]}"; then
    echo "run.sh: the build failed" >&2
    exit 2
  fi
  echo "== built in $((SECONDS - started)) s" >&2
}

# Runs a fuzzer binary with its environment, on FUZZ_CPUS if set.
pin() {
  if [[ -n "${FUZZ_CPUS:-}" ]] && command -v taskset > /dev/null; then
    LSAN_OPTIONS=$lsan_options taskset -c "$FUZZ_CPUS" "$@"
  else
    LSAN_OPTIONS=$lsan_options "$@"
  fi
}

common_flags=(-max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1)
# The Swift weak-reference false positive is suppressed inside FuzzDispatcher itself; this only
# keeps LSan from listing the suppression after every leak check. Set for the fuzzers alone.
lsan_options=${LSAN_OPTIONS:-print_suppressions=0}

# fuzz FUZZER LIMIT [LIBFUZZER_FLAGS...]
fuzz() {
  local fuzzer=$1 limit=$2
  shift 2
  local name limit_flag
  name=$(corpus_name "$fuzzer")
  case "$limit" in
    runs=[0-9]*) limit_flag="-runs=${limit#runs=}" ;;
    [0-9]*runs) limit_flag="-runs=${limit%runs}" ;;
    [0-9]*s) limit_flag="-max_total_time=${limit%s}" ;;
    *[!0-9]* | "") echo "bad limit: $limit (seconds, or Nruns)" >&2; exit 2 ;;
    *) limit_flag="-max_total_time=$limit" ;;
  esac
  local work=scratch/$fuzzer
  mkdir -p "$work/corpus" crashes
  # The committed corpus seeds the working copy; what libFuzzer adds stays in scratch/.
  cp -n "corpus/$name"/* "$work/corpus/" 2> /dev/null || true
  echo "== $fuzzer $limit_flag (log: $work/fuzz.log)" >&2
  local status=0
  pin "$binaries/$fuzzer" "${common_flags[@]}" "$limit_flag" \
    -artifact_prefix="crashes/$fuzzer-" "$@" "$work/corpus" 2>&1 | tee "$work/fuzz.log" || status=$?
  if [[ $status -ne 0 ]]; then
    echo "run.sh: $fuzzer failed with status $status; inputs:" >&2
    grep -E "^artifact_prefix|Test unit written to" "$work/fuzz.log" >&2 || true
    return "$status"
  fi
  echo "== $fuzzer: no finding" >&2
}

mode=${1:-FuzzDispatcher}
case "$mode" in
  -h | --help)
    sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
    ;;
  build)
    build
    ;;
  smoke)
    build
    failed=0
    for fuzzer in "${fuzzers[@]}"; do
      fuzz "$fuzzer" 20 || failed=$?
    done
    exit "$failed"
    ;;
  regress)
    build
    failed=0
    for fuzzer in "${fuzzers[@]}"; do
      shopt -s nullglob
      inputs=(crashes/"$fuzzer"-*)
      shopt -u nullglob
      [[ ${#inputs[@]} -eq 0 ]] && continue
      echo "== $fuzzer over ${#inputs[@]} saved inputs" >&2
      for input in "${inputs[@]}"; do
        pin "$binaries/$fuzzer" "${common_flags[@]}" "$input" > /dev/null 2>&1 || { echo "still fails: $input" >&2; failed=1; }
      done
    done
    exit "$failed"
    ;;
  FuzzDispatcher | FuzzJSONParser)
    shift
    if [[ $# -gt 0 && -f "$1" ]]; then
      build
      pin "$binaries/$mode" "${common_flags[@]}" "$@"
      exit
    fi
    limit=${1:-60}
    [[ $# -gt 0 ]] && shift
    [[ "${1:-}" == "--" ]] && shift
    build
    fuzz "$mode" "$limit" "$@"
    ;;
  *)
    echo "usage: $0 [FuzzDispatcher|FuzzJSONParser] [SECONDS|Nruns] [-- FLAGS] | smoke | regress | build" >&2
    exit 2
    ;;
esac
