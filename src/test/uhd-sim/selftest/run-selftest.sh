#!/usr/bin/env bash
# Proof that the UHD simulator fixture works, using UHD's own example
# programs (uhd-host) and libuhd's Python API. Run as root (namespaces).
#   selftest/run-selftest.sh [--no-netns]
# Exit 0 iff every check passes. Writes to a fresh temp directory.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SIM="$HERE/../uhd-sim"
NETNS="$HERE/../uhd-sim-netns"
EX=/usr/libexec/uhd/examples
PY=/usr/bin/python3
T=$(mktemp -d /tmp/nftb-uhd-selftest.XXXXXX)
FAIL=0
PIDS=()
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAIL=1; }
cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -TERM "$p" 2>/dev/null; done
    sleep 1
    "$NETNS" down all 2>/dev/null
}
trap cleanup EXIT

# start_sim OUTFILE CMD... : start in background, wait for UHD_SIM_READY=1
start_sim() {
    local out=$1; shift
    "$@" >"$out" 2>"$out.err" &
    PIDS+=($!)
    for _ in $(seq 300); do
        grep -q '^UHD_SIM_READY=1' "$out" && return 0
        kill -0 "${PIDS[-1]}" 2>/dev/null || break
        sleep 0.1
    done
    cat "$out.err"; return 1
}
stop_last() { kill -TERM "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null; }

"$SIM" check || exit 3
cd "$T"
# Test signal: 1 M sc16 samples, pseudo-random over the full int16 range.
$PY -c "
import numpy as np
r = np.random.default_rng(42)
r.integers(-32768, 32768, size=2_000_000, dtype=np.int64).astype('<i2').tofile('rx.sc16')
n = 200_000; i = np.arange(n)
for k in (0, 1):
    x = np.empty(2 * n, '<i2'); x[0::2] = (i * (k + 1)) % 65536 - 32768; x[1::2] = k * 1000 + i % 1000
    x.tofile('rx%d.sc16' % k)
"

echo "== loopback: one simulator =="
start_sim sim.out "$SIM" --rx-file rx.sc16 --tx-file "$T/tx.sc16" --workdir "$T/w" || { fail "simulator start"; exit 1; }
cat sim.out
ARGS=$(sed -n 's/^UHD_SIM_DEVICE_ARGS=//p' sim.out)

/usr/bin/uhd_find_devices --args "$ARGS" 2>&1 | grep -q "serial: NFTBSIM" && pass "uhd_find_devices --args $ARGS" || fail "uhd_find_devices"

$EX/rx_samples_to_file --args "$ARGS" --rate 1e6 --nsamps 1000000 --type short --file rx_out.sc16 --stats >rx1.log 2>&1
grep -E "Received|Msps" rx1.log
cmp -s rx.sc16 rx_out.sc16 && pass "RX sc16 1000000 samples sample-exact" || fail "RX sc16 differs"

$EX/rx_samples_to_file --args "$ARGS" --rate 1e6 --nsamps 1000000 --type float --file rx_out.cf32 >rx2.log 2>&1
$PY -c "
import numpy as np, sys
a = np.fromfile('rx.sc16', '<i2'); b = np.fromfile('rx_out.cf32', '<f4')
sys.exit(0 if np.array_equal(a.astype(np.float32) * np.float32(1 / 32767.0), b) else 1)
" && pass "RX fc32 1000000 samples == float32(sc16) * float32(1/32767) bit-exact" || fail "RX fc32 differs"

: >tx.sc16
$EX/tx_samples_from_file --args "$ARGS" --rate 1e6 --freq 1e9 --type short --file rx.sc16 >tx1.log 2>&1
for _ in $(seq 50); do [ "$(stat -c %s tx.sc16)" -ge 4000004 ] && break; sleep 0.1; done
if cmp -s <(head -c 4000000 tx.sc16) rx.sc16 && [ "$(stat -c %s tx.sc16)" = 4000004 ] &&
   [ "$(tail -c 4 tx.sc16 | od -An -tx1 | tr -d ' ')" = 00000000 ]; then
    pass "TX sc16 1000000 samples sample-exact at the sink (+1 zero sample from the EOB send)"
else fail "TX sc16 sink differs (size $(stat -c %s tx.sc16))"; fi

$PY -c "
import numpy as np
a = np.fromfile('rx.sc16', '<i2').astype(np.float64)
((a + 0.25 * np.sign(a)) / 32767.0).astype('<f4').tofile('tx.cf32')"
: >tx.sc16
$EX/tx_samples_from_file --args "$ARGS" --rate 1e6 --freq 1e9 --type float --file tx.cf32 >tx2.log 2>&1
for _ in $(seq 50); do [ "$(stat -c %s tx.sc16)" -ge 4000004 ] && break; sleep 0.1; done
cmp -s <(head -c 4000000 tx.sc16) rx.sc16 && pass "TX fc32 (k+0.25*sign(k))/32767 -> sc16 k sample-exact" || fail "TX fc32 differs"

$EX/benchmark_rate --args "$ARGS" --rx_rate 1e6 --duration 3 >bench.log 2>&1
grep -E "received samples|dropped samples|overruns|timeouts \(Rx\)" bench.log
grep -q "Num dropped samples:      0" bench.log && pass "benchmark_rate RX 1 MS/s, 3 s, 0 dropped (source file holds 1 s: Rx timeouts after it ends are expected)" || fail "benchmark_rate"
stop_last
[ "$(pgrep -fc uhd_sim_daemon.py)" = 0 ] && pass "SIGTERM: no simulator process left" || fail "processes left after SIGTERM"

if [ "${1:-}" != --no-netns ]; then
    echo "== two simulators in two network namespaces, one multi_usrp =="
    start_sim ns0.out "$NETNS" start 0 --rx-file rx0.sc16 --serial NFTBS0 --workdir "$T/w0" || fail "ns0 start"
    start_sim ns1.out "$NETNS" start 1 --rx-file rx1.sc16 --serial NFTBS1 --workdir "$T/w1" || fail "ns1 start"
    A0=$(sed -n 's/^UHD_SIM_ADDR=//p' ns0.out); A1=$(sed -n 's/^UHD_SIM_ADDR=//p' ns1.out)
    $PY "$HERE/multi_rx.py" "$A0" "$A1" rx0.sc16 rx1.sc16 20000 2>multi.err &&
        pass "multi_usrp addr0=$A0,addr1=$A1: 2-channel timed RX sample-exact" ||
        { cat multi.err | grep -v INFO | tail -5; fail "multi_usrp two namespaces"; }
fi
echo "results in $T"
exit $FAIL
