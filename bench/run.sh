#!/usr/bin/env bash
# The benchmark of issue 6: ctrldoc's full build of a large generated set,
# against the Typst CLI compiling the same Typst sources one process per
# output (and per portal picture), and against the floor (the same
# compilations in one process with nothing else); then a no-op and a
# one-form rebuild of the sample, a one-form rebuild of the large set, and
# a check of the large set with nothing built.
#
#   bench/run.sh [--forms N] [--copies N] [--repeat N]
#
# The full build and the floor are each run PAIRS times (3 unless set),
# taking turns, the sample's rebuilds REBUILDS times (15 unless set), and
# the large set's LARGE_REBUILDS times (5 unless set); the median of each
# is given, with the fastest and slowest.
#
# The baseline is the Typst CLI 0.15: a `typst` 0.15 on PATH, or else the
# one under target/typst-cli, which the first run installs there with
# `cargo install` (about 11 minutes on 2 cores, once). NO_CLI=1 skips the
# baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
args=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jobs=$(nproc)
rebuilds=${REBUILDS:-15}
large_rebuilds=${LARGE_REBUILDS:-5}
pairs=${PAIRS:-3}

# GNU time gives the peak memory; a shell's `time` and BSD's do not.
if ! /usr/bin/time -f '%M' true > /dev/null 2>&1; then
  echo "bench/run.sh needs GNU time at /usr/bin/time (on Debian and Ubuntu: apt install time)" >&2
  exit 1
fi
cargo build --release --quiet --bin ctrldoc --example generate --example floor
bin=target/release/ctrldoc

# The Typst CLI of the baseline, of the Typst version ctrldoc is built on.
typst=
if [ "${NO_CLI:-}" != 1 ]; then
  for candidate in "$(command -v typst || true)" target/typst-cli/bin/typst; do
    if [ -x "$candidate" ] && [[ $("$candidate" --version) = "typst 0.15."* ]]; then
      typst=$candidate
      break
    fi
  done
  if [ -z "$typst" ]; then
    echo "== installing the Typst CLI 0.15 into target/typst-cli for the baseline (once; NO_CLI=1 skips the baseline)"
    cargo install --quiet typst-cli --version '~0.15' --locked --root target/typst-cli || {
      # It downloads packages over TLS, on Linux with OpenSSL, which ctrldoc
      # does not use.
      echo "could not install the Typst CLI (on Linux it needs pkg-config and OpenSSL's headers: apt install pkg-config libssl-dev on Debian and Ubuntu); NO_CLI=1 runs the benchmark without its baseline" >&2
      exit 1
    }
    typst=target/typst-cli/bin/typst
  fi
  # As it is named, not resolved: a launcher may tell by its name what to run.
  [[ $typst = /* ]] || typst=$PWD/$typst
  export TYPST_BIN=$typst
fi

# time_of LABEL CMD...: wall seconds, peak memory and CPU seconds (user
# and system) of a command, from GNU time.
time_of() {
  local label=$1; shift
  /usr/bin/time -v "$@" > "$work/$label.out" 2> "$work/$label.err" || { cat "$work/$label.err"; exit 1; }
  local wall rss cpu
  wall=$(grep 'Elapsed (wall clock)' "$work/$label.err" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep 'Maximum resident set size' "$work/$label.err" | awk '{print $NF}')
  cpu=$(awk -F: '/User time|System time/ { s += $2 } END { print s }' "$work/$label.err")
  printf '%s %s %s %s\n' "$label" "$wall" "$((rss / 1024))" "$cpu" >> "$work/times"
}

echo "== generating the large set"
target/release/examples/generate "$work/set" "${args[@]}"

# The machine varies by up to 40 % from one run to the next, and whichever
# of two runs goes second is mostly the slower, so the build and the floor
# take turns going first, and each one's median is taken.
echo "== ctrldoc build (full, $jobs threads) and the floor (the same compilations in one process), $pairs times each, taking turns"
"$bin" --root "$work/set" emit-typst "$work/typst" 2> /dev/null
for i in $(seq "$pairs"); do
  if (( i % 2 )); then order="full floor"; else order="floor full"; fi
  for what in $order; do
    case $what in
      full)
        rm -rf "$work/set/output"
        time_of "full$i" "$bin" --root "$work/set" build
        ;;
      floor) time_of "floor$i" target/release/examples/floor "$work/typst" "$jobs" ;;
    esac
  done
done
outputs=$(grep -c '"path"' "$work/set/output/manifest.json" || true)
pages=$(grep -o 'built [0-9]* outputs\? ([0-9]* pages\?)' "$work/full1.err" | grep -o '([0-9]*' | tr -d '(')
echo "   $outputs outputs, $pages pages"
# The median wall time of each, its largest peak memory, its fastest and
# slowest, and its median CPU time.
column() { awk -v l="$1" -v c="$2" '$1 ~ "^" l "[0-9]+$" { print $c }' "$work/times" | sort -n; }
median() { awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for label in full floor; do
  printf '%s %s %s %s %s %s\n' "$label" "$(column "$label" 2 | median)" "$(column "$label" 3 | tail -1)" \
    "$(column "$label" 2 | head -1)" "$(column "$label" 2 | tail -1)" "$(column "$label" 4 | median)"
done >> "$work/results"

if [ -n "$typst" ]; then
  echo "== $("$typst" --version), one process per output, $jobs at a time"
  mkdir -p "$work/cli"
  # The labels, fonts and language ctrldoc passes house.typ as sys.inputs.
  export CTRLDOC_INPUT="ctrldoc=$(cat "$work/typst/ctrldoc.json")"
  time_of cli bash -c "set -o pipefail; ls '$work/typst/mains' | xargs -P $jobs -I{} \"\$TYPST_BIN\" compile --root '$work/typst' \
    --input \"\$CTRLDOC_INPUT\" --font-path fonts --ignore-system-fonts --pdf-standard a-2b --creation-timestamp 1472688000 \
    '$work/typst/mains/{}' '$work/cli/{}.pdf'"
  # The portal's pictures, which the build and the floor make too: the CLI
  # makes one format per process, so a picture is one more process. 0.3
  # pixels a point is 21.6 pixels an inch.
  time_of cli_pictures bash -c "set -o pipefail; awk -F '\t' '\$3 == \"true\" { print \$1 }' '$work/typst/mains.tsv' \
    | xargs -P $jobs -I{} \"\$TYPST_BIN\" compile --root '$work/typst' \
    --input \"\$CTRLDOC_INPUT\" --font-path fonts --ignore-system-fonts --pages 1 --ppi 21.6 \
    '$work/typst/mains/{}' '$work/cli/{}.png'"
  grep '^cli' "$work/times" >> "$work/results"
  pictures=$(ls "$work/cli" | grep -c '\.png$' || true)
  wanted=$(awk -F '\t' '$3 == "true"' "$work/typst/mains.tsv" | wc -l)
  echo "   $pictures pictures"
  if [ "$pictures" -ne "$wanted" ] || [ "$pictures" -eq 0 ]; then
    echo "the Typst CLI made $pictures pictures, not $wanted" >&2
    exit 1
  fi
else
  echo "== Typst CLI: baseline skipped (NO_CLI=1)"
fi

echo "== the sample: $rebuilds no-op and $rebuilds one-form rebuilds"
mkdir -p "$work/sample"
cp -r data forms "$work/sample/"
"$bin" --root "$work/sample" build 2> /dev/null
form="$work/sample/data/forms/QR-XS-006.yaml"
# rebuild LABEL ROOT: one build of the set at ROOT, its wall milliseconds
# (to the millisecond, where GNU time gives hundredths; bash 5 tells the
# time without starting a process) and peak memory.
rebuild() {
  local start end
  start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$work/$1.rss" "$bin" --root "$2" build 2> "$work/$1.err" \
    || { cat "$work/$1.err"; exit 1; }
  end=$EPOCHREALTIME
  printf '%s %s %s\n' "$1" "$(( (${end/./} - ${start/./}) / 1000 ))" "$(( $(cat "$work/$1.rss") / 1024 ))" >> "$work/rebuilds"
}
# retitle FILE: changes the title of the form in FILE, or changes it back;
# each one-form rebuild comes after one.
retitle() {
  if grep -q '^title: .*（改）$' "$1"; then
    sed -i 's/^\(title: .*\)（改）$/\1/' "$1"
  else
    sed -i '0,/^title: .*/s//&（改）/' "$1"
  fi
}
for _ in $(seq "$rebuilds"); do
  rebuild noop "$work/sample"
  retitle "$form"
  rebuild oneform "$work/sample"
  rebuilt=$(grep -o 'built [0-9]* outputs\?' "$work/oneform.err")
  [ "$rebuilt" = "built 5 outputs" ] || { echo "a one-form rebuild $rebuilt, not 5" >&2; exit 1; }
done
echo "== the large set: $large_rebuilds one-form rebuilds"
# Of the form in the middle of the set.
large_form="$work/set/data/forms/$(ls "$work/set/data/forms" | awk '{ f[NR] = $0 } END { print f[int((NR + 1) / 2)] }')"
for _ in $(seq "$large_rebuilds"); do
  retitle "$large_form"
  rebuild large "$work/set"
  large_rebuilt=$(grep -o 'built [0-9]* outputs\?' "$work/large.err")
  [ "$large_rebuilt" != "built 0 outputs" ] || { echo "a one-form rebuild of the large set built nothing" >&2; exit 1; }
done
echo "== the large set: a check with nothing built"
# It compiles and exports every output as the build does, but makes no
# pictures for the portal, and writes nothing.
mv "$work/set/output" "$work/set/built"
time_of check "$bin" --root "$work/set" check
grep '^check' "$work/times" >> "$work/results"
# The median, fastest and slowest of each, in seconds, and the largest peak.
for label in noop oneform large; do
  awk -v l="$label" '$1 == l { print $2, $3 }' "$work/rebuilds" | sort -n | awk -v l="$label" '
    { ms[NR] = $1; if ($2 > rss) rss = $2 }
    END { printf "%s %.3f %d %.3f %.3f\n", l, ms[int((NR + 1) / 2)] / 1000, rss, ms[1] / 1000, ms[NR] / 1000 }'
done >> "$work/results"
echo
echo "== results ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
awk -v outputs="$outputs" -v rebuilt="$rebuilt" -v large_rebuilt="$large_rebuilt" '
  { wall[$1] = $2; rss[$1] = $3; fastest[$1] = $4; slowest[$1] = $5; cpu[$1] = $6 }
  END {
    printf "%-52s %9s %9s\n", "", "wall (s)", "peak MB"
    printf "%-52s %9.2f %9d   (%.2f-%.2f; CPU %.2f s)\n", "ctrldoc build, " outputs " outputs, median", wall["full"], rss["full"], fastest["full"], slowest["full"], cpu["full"]
    printf "%-52s %9.1f\n", "  per output (ms)", wall["full"] * 1000 / outputs
    printf "%-52s %9.2f %9d   (%.2f-%.2f; CPU %.2f s)\n", "floor (compile, export, portal pictures), median", wall["floor"], rss["floor"], fastest["floor"], slowest["floor"], cpu["floor"]
    printf "%-52s %8.1f%%\n", "  ctrldoc overhead over the floor, wall", (wall["full"] - wall["floor"]) * 100 / wall["full"]
    printf "%-52s %8.1f%%\n", "  ctrldoc overhead over the floor, CPU", (cpu["full"] - cpu["floor"]) * 100 / cpu["full"]
    if ("cli" in wall) {
      printf "%-52s %9.2f\n", "Typst CLI, one process per output", wall["cli"]
      printf "%-52s %8.1fx\n", "  ctrldoc speed-up, the CLI making PDFs only", wall["cli"] / wall["full"]
      printf "%-52s %9.2f\n", "Typst CLI, the portal pictures", wall["cli_pictures"]
      printf "%-52s %8.1fx\n", "  ctrldoc speed-up over the whole CLI loop", (wall["cli"] + wall["cli_pictures"]) / wall["full"]
      # What no less work of ctrldoc could beat: the speed-ups of the floor.
      printf "%-52s %8.1fx\n", "  floor speed-up, the CLI making PDFs only", wall["cli"] / wall["floor"]
      printf "%-52s %8.1fx\n", "  floor speed-up over the whole CLI loop", (wall["cli"] + wall["cli_pictures"]) / wall["floor"]
    }
    printf "%-52s %9.3f %9d   (%.3f-%.3f)\n", "sample, no-op rebuild, median", wall["noop"], rss["noop"], fastest["noop"], slowest["noop"]
    printf "%-52s %9.3f %9d   (%.3f-%.3f)\n", "sample, one form changed (" rebuilt "), median", wall["oneform"], rss["oneform"], fastest["oneform"], slowest["oneform"]
    printf "%-52s %9.3f %9d   (%.3f-%.3f)\n", "large set, one form changed (" large_rebuilt "), median", wall["large"], rss["large"], fastest["large"], slowest["large"]
    printf "%-52s %9.2f %9d\n", "large set, check with nothing built", wall["check"], rss["check"]
  }' "$work/results"
echo
echo "== each run: label, wall (s), peak MB, CPU (s)"
cat "$work/times"
echo "== each rebuild: label, wall (ms), peak MB"
cat "$work/rebuilds"
