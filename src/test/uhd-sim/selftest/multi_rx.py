"""Two simulators, one libuhd multi_usrp: timed 2-channel RX, sample-exact.

usage: /usr/bin/python3 multi_rx.py ADDR0 ADDR1 FILE0.sc16 FILE1.sc16 [NSAMPS]
Uses libuhd through python3-uhd (uhd.usrp.MultiUSRP). Exit 0 iff both
channels equal the first NSAMPS samples of their source files.
"""
import sys
import numpy as np
import uhd

addr0, addr1, file0, file1 = sys.argv[1:5]
n = int(sys.argv[5]) if len(sys.argv) > 5 else 20000
usrp = uhd.usrp.MultiUSRP("addr0={},addr1={}".format(addr0, addr1))
print("mboards:", usrp.get_num_mboards(), "rx channels:", usrp.get_rx_num_channels())
usrp.set_rx_rate(250e3)
chans = [0, 2]  # channel 0 of each E320 (the simulator serves one RX channel)
sargs = uhd.usrp.StreamArgs("sc16", "sc16")
sargs.channels = chans
streamer = usrp.get_rx_stream(sargs)
usrp.set_time_now(uhd.types.TimeSpec(0.0))
cmd = uhd.types.StreamCMD(uhd.types.StreamMode.num_done)
cmd.num_samps = n
cmd.stream_now = False  # libuhd requires a timed start for >1 channel
cmd.time_spec = uhd.types.TimeSpec(0.5)
streamer.issue_stream_cmd(cmd)
buf = np.zeros((len(chans), n), dtype=np.uint32)  # one sc16 sample = 32 bits
md = uhd.types.RXMetadata()
got = 0
first_ts = None
while got < n:
    r = streamer.recv(buf[:, got:], md, 5.0)
    if first_ts is None:
        first_ts = (md.has_time_spec, md.time_spec.get_real_secs())
    if r == 0:
        print("recv error:", md.strerror())
        break
    got += r
print("first packet has_time_spec={} time={} s".format(*first_ts))
ok = got == n
for row, path in enumerate((file0, file1)):
    ref = np.fromfile(path, "<i2").view(np.uint32)[:n]
    same = np.array_equal(buf[row, :got], ref[:got])
    print("channel {} ({}): {} samples, sample-exact: {}".format(chans[row], path, got, same))
    ok = ok and same
sys.exit(0 if ok else 1)
