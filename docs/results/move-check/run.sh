#!/usr/bin/env bash
# Move check (issue 19): runs reduced forms of every benchmark command the docs show, in worktree $1, outputs to $2.
# Same fixed seeds on both sides; numbers that depend on timing are masked by compare.py, not here.
set -uo pipefail
wt=$1; out=$2
mkdir -p "$out"
cd "$wt"
run() {  # name, then the nftb arguments
  local name=$1; shift
  echo "[$(date +%T)] $name: ./nftb $*" >&2
  /usr/bin/time -f "%e s wall" nice -n 5 env NFTB_JAVA_OPTS="-Duser.home=$out/home" ./nftb "$@" > "$out/$name.out" 2> "$out/$name.err"
  echo "$?" > "$out/$name.rc"
}
run dftmusic-figs   bench dftmusic --trials 20 --baseline-trials 3 --snr-min 20 --snr-max 40 --snr-step 10 --latency-cpis 20 --out "$out/dftmusic-figs"
run dftmusic-sweep  bench dftmusic --sweep --targets 6 --sweep-trials 2 --sweep-snr 30,40 --out "$out/dftmusic-sweep"
run dftmusic-compare bench dftmusic --sweep --compare --targets 4 --sweep-trials 2 --sweep-snr 30 --out "$out/dftmusic-compare"
run dftmusic-cases  bench dftmusic --cases --trials 20 --out "$out/dftmusic-cases"
run dftmusic-two    bench dftmusic --two-targets --sweep-trials 10 --sweep-snr 40 --out "$out/dftmusic-two"
run vmp-n64         bench vmp --elements 64 --pulses 200 --subarray 16 --trials 6 --baseline-trials 1 --snr=0,10 --timing-cpis 0 --out "$out/vmp-n64"
run vmp-table2      bench vmp --trials 3 --snr=-20,10 --timing-cpis 0 --out "$out/vmp-table2"
run vmp-speed       bench vmp --elements 64 --pulses 400 --subarray 16 --sweep speed --values 5,30 --snr=0 --trials 3 --baseline-trials 1 --timing-cpis 0 --out "$out/vmp-speed"
run vmp-distance    bench vmp --elements 64 --pulses 200 --subarray 16 --sweep distance --values 10,40 --snr=10 --trials 3 --timing-cpis 0 --out "$out/vmp-distance"
run vmp-timing      bench vmp --trials 1 --snr=10 --timing-cpis 2
run ispac-fig4      bench ispac --trials 6 --snr-min 0 --snr-max 10 --timing-cpis 5 --out "$out/ispac-fig4"
run ispac-designs   bench ispac --designs --design-link both --design-trials 2 --out "$out/ispac-designs"
run ispac-dtiming   bench ispac --designs --design-link both --design-timing 2 --design-trials 0 --trials 0 --out "$out/ispac-dtiming"
run calibration     bench calibration --snrs 50,60 --trials 20 --watch-cpis 320 --restarts 2 --steps 1 --out "$out/calibration"
run pipeline        bench pipeline --seconds 2 --rounds 1 --lossless-cpis 200
run ingest          bench ingest --rounds 1 --round-ms 100
run calibrate-ref   calibrate --method reference --source 1.816,6.778 --cpis 30 --out "$out/cal-ref.json"
run record          record --cpis 60 --out "$out/capture"
run replay          replay "$out/capture" --out "$out/replay.jsonl"
