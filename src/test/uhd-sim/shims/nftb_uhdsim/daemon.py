"""NF-Testbed UHD simulator daemon: runs Debian's ``usrp_mpm`` sim device.

Run through the ``uhd-sim`` launcher (``/usr/bin/python3 -E -s -B
shims/uhd_sim_daemon.py``, so shims/ is sys.path[0]). It is this project's equivalent of UHD's ``usrp_hwd.py``,
which Debian does not ship:

1. applies the compatibility shims (``nftb_uhdsim.compat``),
2. writes the simulator .ini ([hardware] preset E320, [sample.source],
   [sample.sink]) unless ``--config`` names one,
3. starts the MPM RPC server process (TCP 49601) and, once the device reports
   ``system_ready``, the discovery process (UDP 49600); the CHDR endpoint
   (UDP 49153) lives in the RPC process,
4. confirms with libuhd's own discovery (``uhd_find_devices --args
   addr=127.0.0.1``, run in the simulator's own network namespace) that the
   device can be found,
5. prints ``KEY=value`` lines on stdout, the last one ``UHD_SIM_READY=1``,
6. on SIGTERM/SIGINT/SIGHUP (or if a child dies) stops every process of its
   process group and exits. Children also get PR_SET_PDEATHSIG, so a SIGKILL of
   the daemon does not leave them running.
"""

import argparse
import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

EXIT_USAGE = 2
EXIT_MISSING_PACKAGE = 3
EXIT_START_FAILED = 4
EXIT_PORT_BUSY = 5

MPM_DISCOVERY_PORT = 49600
MPM_RPC_PORT = 49601
CHDR_PORT = 49153

_PR_SET_PDEATHSIG = 1


class _Stop(Exception):
    """Raised in the daemon's main loop by SIGTERM/SIGINT/SIGHUP."""


def _raise_stop(*_):
    raise _Stop()


def _die_with_parent():
    """Child processes get SIGKILL when the daemon dies, even by SIGKILL.
    They also drop the daemon's signal handlers (default: die on SIGTERM)."""
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except OSError:
        pass


def _rpc_child(state, port, default_args, chdr_ifaces):
    _die_with_parent()
    # Re-apply the class patch in the child (fork keeps it, spawn would not).
    from nftb_uhdsim import compat
    compat.install()
    compat.restrict_chdr_interfaces(chdr_ifaces)
    from usrp_mpm import rpc_server
    # Note: usrp_mpm.rpc_server.spawn_rpc_process() in UHD 4.3 passes
    # (port, state) to a target declared as (state, port); we call the target
    # directly with the right order.
    rpc_server._rpc_server_process(state, port, default_args)


def _discovery_child(state, discovery_addr):
    _die_with_parent()
    from usrp_mpm import discovery
    discovery._discovery_process(state, discovery_addr)


def _err(msg):
    sys.__stderr__.write("uhd-sim: error: {}\n".format(msg))
    sys.__stderr__.flush()


def _check_imports():
    """Name the Debian package for every missing module."""
    needed = [
        ("uhd", "python3-uhd"),
        ("usrp_mpm", "python3-uhd"),
        ("gevent", "python3-gevent"),
        ("msgpack", "python3-msgpack"),
        ("pyroute2", "python3-pyroute2"),
        ("pyudev", "python3-pyudev"),
        ("netaddr", "python3-netaddr"),
        ("six", "python3-six"),
        ("numpy", "python3-numpy"),
    ]
    import importlib.util
    missing = sorted({pkg for mod, pkg in needed
                      if importlib.util.find_spec(mod) is None})
    if missing:
        _err("missing Python modules; install with: apt-get install -y "
             + " ".join(missing))
        sys.exit(EXIT_MISSING_PACKAGE)


def _port_busy(proto, port, addr="0.0.0.0"):
    kind = socket.SOCK_DGRAM if proto == "udp" else socket.SOCK_STREAM
    s = socket.socket(socket.AF_INET, kind)
    try:
        if kind == socket.SOCK_STREAM:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        return False
    except OSError:
        return True
    finally:
        s.close()


def _iface_ipv4(ifname):
    from pyroute2 import IPRoute
    with IPRoute() as ipr:
        idx = ipr.link_lookup(ifname=ifname)
        if not idx:
            return None
        for a in ipr.get_addr(family=socket.AF_INET, index=idx[0]):
            return a.get_attr("IFA_ADDRESS")
    return None


def _cf32_to_sc16(src, dst):
    """cf32 file (interleaved float32 I/Q, full scale +-1.0) -> sc16 file.

    sc16 is what the simulator puts on the wire (CHDR payload = file bytes).
    libuhd converts sc16 -> fc32 by multiplying with 1/32767, so the value
    written is round(x * 32767), clipped to int16.
    """
    import numpy as np
    x = np.fromfile(src, dtype="<f4")
    if x.size % 2:
        raise ValueError("{}: odd number of float32 values".format(src))
    y = np.clip(np.rint(x * 32767.0), -32768, 32767).astype("<i2")
    y.tofile(dst)
    return x.size // 2


def _write_config(path, args, rx_path):
    lines = ["[hardware]", "preset = E320", "serial_num = {}".format(args.serial), ""]
    if rx_path:
        lines += ["[sample.source]", "class = FileSource",
                  "read_file = {}".format(rx_path),
                  "repeat = {}".format("True" if args.rx_repeat else "False"), ""]
    elif args.source_class:
        lines += ["[sample.source]", "class = {}".format(args.source_class)]
        if args.source_import_path:
            lines += ["import_path = {}".format(os.path.abspath(args.source_import_path))]
        for kv in args.source_arg:
            k, _, v = kv.partition("=")
            lines += ["{} = {}".format(k, v)]
        lines += [""]
    if args.tx_file:
        # Our unbuffered sink (sinks.py), not the stock FileSink, which only
        # flushes when the stream is torn down.
        lines += ["[sample.sink]", "class = UnbufferedFileSink",
                  "import_path = {}".format(os.path.join(os.path.dirname(
                      os.path.abspath(__file__)), "sinks.py")),
                  "write_file = {}".format(os.path.abspath(args.tx_file)), ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def _uhd_find(device_args, timeout_s):
    """libuhd's own discovery, polled until it lists a device or time is up."""
    exe = "/usr/bin/uhd_find_devices"
    if not os.path.exists(exe):
        _err("{} not found; install with: apt-get install -y uhd-host".format(exe))
        sys.exit(EXIT_MISSING_PACKAGE)
    deadline = time.monotonic() + timeout_s
    last = ""
    while time.monotonic() < deadline:
        try:
            p = subprocess.run([exe, "--args", device_args],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               timeout=max(1.0, deadline - time.monotonic()),
                               env=dict(os.environ, UHD_LOG_CONSOLE_LEVEL="error"))
            last = p.stdout.decode(errors="replace")
            if p.returncode == 0 and "Device Address" in last:
                return last
        except subprocess.TimeoutExpired:
            last = "uhd_find_devices timed out"
        time.sleep(0.2)
    raise TimeoutError(last.strip())


def parse_args(argv):
    p = argparse.ArgumentParser(prog="uhd-sim", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_argument_group("sample source (device RX)")
    src.add_argument("--rx-file", help="IQ file streamed to libuhd on RX")
    src.add_argument("--rx-format", choices=("sc16", "cf32"), default="sc16",
                     help="format of --rx-file (cf32 is converted to sc16 = x*32767)")
    src.add_argument("--rx-repeat", action="store_true", help="loop --rx-file forever")
    src.add_argument("--source-class", help="Python SampleSource class name")
    src.add_argument("--source-import-path", help=".py file defining --source-class")
    src.add_argument("--source-arg", action="append", default=[], metavar="K=V",
                     help="constructor argument for --source-class (repeatable)")
    p.add_argument("--tx-file", help="file receiving the sc16 samples libuhd transmits")
    p.add_argument("--config", help="use this simulator .ini as-is (overrides the above)")
    p.add_argument("--rate", type=float,
                   help="force the simulator's RX pacing rate in S/s (default: the "
                        "rate libuhd programs, i.e. the master clock rate)")
    p.add_argument("--iface", default="lo",
                   help="network interface offered for CHDR (default lo)")
    p.add_argument("--serial", default="NFTBSIM",
                   help="serial number reported by the device (max 7 chars)")
    p.add_argument("--pidfile", help="pid file written by the launcher; removed on exit")
    p.add_argument("--log", help="MPM log file (default: <workdir>/mpm.log)")
    p.add_argument("--log-level", default="info",
                   choices=("trace", "debug", "info", "warning", "error"))
    p.add_argument("--workdir", help="directory for config/log/converted files")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds to wait until libuhd can discover the device")
    p.add_argument("--no-uhd-check", action="store_true",
                   help="skip the uhd_find_devices confirmation")
    a = p.parse_args(argv)
    if a.rx_file and a.source_class:
        p.error("--rx-file and --source-class are exclusive")
    if len(a.serial) > 7:
        p.error("--serial: at most 7 characters")
    return a


class Daemon:
    def __init__(self, args):
        self.args = args
        self.children = []
        self.stopping = False

    def stop(self, *_):
        if self.stopping:
            return
        self.stopping = True
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        for proc in self.children:
            if proc.is_alive():
                proc.terminate()
        deadline = time.monotonic() + 3.0
        for proc in self.children:
            proc.join(max(0.0, deadline - time.monotonic()))
        for proc in self.children:
            if proc.is_alive():
                proc.kill()
                proc.join(1.0)
        # Anything else in our process group (e.g. a uhd_find_devices poll).
        try:
            if os.getpgrp() == os.getpid():
                os.killpg(os.getpgrp(), signal.SIGTERM)
        except OSError:
            pass

    def run(self):
        a = self.args
        _check_imports()
        workdir = a.workdir or tempfile.mkdtemp(prefix="nftb-uhd-sim-")
        os.makedirs(workdir, exist_ok=True)
        log_path = a.log or os.path.join(workdir, "mpm.log")

        ip = _iface_ipv4(a.iface)
        if ip is None:
            _err("interface {} has no IPv4 address".format(a.iface))
            return EXIT_START_FAILED
        busy = [n for n, pr, po in (("discovery udp/49600", "udp", MPM_DISCOVERY_PORT),
                                    ("rpc tcp/49601", "tcp", MPM_RPC_PORT),
                                    ("chdr udp/49153", "udp", CHDR_PORT))
                if _port_busy(pr, po)]
        if busy:
            _err("port(s) already in use in this network namespace: {}. Another "
                 "simulator (or a real MPM daemon) is running here; stop it "
                 "('uhd-sim stop') or use another namespace ('uhd-sim-netns')."
                 .format(", ".join(busy)))
            return EXIT_PORT_BUSY

        if a.config:
            config_path = os.path.abspath(a.config)
        else:
            rx_path = None
            if a.rx_file:
                if not os.path.isfile(a.rx_file):
                    _err("--rx-file {} does not exist".format(a.rx_file))
                    return EXIT_USAGE
                rx_path = os.path.abspath(a.rx_file)
                if a.rx_format == "cf32":
                    rx_path = os.path.join(workdir, "rx-source.sc16")
                    _cf32_to_sc16(a.rx_file, rx_path)
            if a.tx_file:
                open(a.tx_file, "wb").close()  # start every simulator with an empty sink
            config_path = os.path.join(workdir, "sim.ini")
            _write_config(config_path, a, rx_path)

        # From here on MPM logs go to the log file (fd 2); our own errors still
        # reach the caller through the saved stderr.
        saved_err = os.dup(2)
        sys.__stderr__ = os.fdopen(saved_err, "w", buffering=1)
        logf = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(logf, 2)
        os.close(logf)

        from nftb_uhdsim import compat
        compat.install()
        compat.restrict_chdr_interfaces([a.iface])
        if a.rate:
            _force_rate(a.rate)
        import multiprocessing
        from usrp_mpm import mpmlog, prefs
        from usrp_mpm.mpmtypes import SharedState
        prefs.get_prefs().set("mpm", "log_level", a.log_level.upper())
        mpmlog.get_main_logger(use_console=True, use_journal=False,
                               console_color=False)
        shared = SharedState()
        default_args = {"config": config_path}
        ctx = multiprocessing.get_context("fork")

        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, _raise_stop)
        try:
            rpc = ctx.Process(target=_rpc_child, name="uhd-sim-rpc",
                              args=(shared, MPM_RPC_PORT, default_args, [a.iface]))
            rpc.start()
            self.children.append(rpc)
            deadline = time.monotonic() + a.timeout
            while not shared.system_ready.value:
                if not rpc.is_alive():
                    raise RuntimeError("RPC server exited with code {} during start-up; "
                                       "see {}".format(rpc.exitcode, log_path))
                if time.monotonic() > deadline:
                    raise RuntimeError("RPC server not ready after {} s; see {}"
                                       .format(a.timeout, log_path))
                time.sleep(0.05)
            disc = ctx.Process(target=_discovery_child, name="uhd-sim-discovery",
                               args=(shared, "0.0.0.0"))
            disc.start()
            self.children.append(disc)

            device_args = "type=e3xx,addr={ip},mgmt_addr={ip}".format(ip=ip)
            if not a.no_uhd_check:
                # libuhd ignores discovery replies that come from one of the
                # host's own non-loopback addresses ("executed directly on
                # device", mpmd_find.cpp), so inside a namespace the simulator
                # is only discoverable from the namespace itself via loopback.
                # The discovery socket binds 0.0.0.0, so 127.0.0.1 checks the
                # same server the caller will reach at `ip`.
                check_addr = "127.0.0.1"
                try:
                    _uhd_find("addr={}".format(check_addr),
                              max(1.0, deadline - time.monotonic()))
                except TimeoutError as ex:
                    raise RuntimeError("libuhd could not discover the simulator at {} "
                                       "within {} s: {}".format(check_addr, a.timeout, ex))
            out = sys.stdout
            out.write("UHD_SIM_PID={}\n".format(os.getpid()))
            out.write("UHD_SIM_PGID={}\n".format(os.getpgrp()))
            out.write("UHD_SIM_ADDR={}\n".format(ip))
            out.write("UHD_SIM_DEVICE_ARGS={}\n".format(device_args))
            out.write("UHD_SIM_SERIAL={}\n".format(a.serial))
            out.write("UHD_SIM_CONFIG={}\n".format(config_path))
            out.write("UHD_SIM_LOG={}\n".format(log_path))
            out.write("UHD_SIM_WORKDIR={}\n".format(workdir))
            out.write("UHD_SIM_READY=1\n")
            out.flush()
            while True:
                for proc in self.children:
                    if not proc.is_alive():
                        raise RuntimeError("{} exited with code {}; see {}"
                                           .format(proc.name, proc.exitcode, log_path))
                time.sleep(0.2)
        except (_Stop, KeyboardInterrupt):
            self.stop()
            return 0
        except Exception as ex:  # start-up or runtime failure
            _err(str(ex))
            self.stop()
            return EXIT_START_FAILED


def _force_rate(rate):
    """--rate: pace the simulator's RX at ``rate`` whatever libuhd programs."""
    from usrp_mpm.simulator import chdr_endpoint
    original = chdr_endpoint.ChdrEndpoint.set_sample_rate

    def set_sample_rate(self, _requested):
        original(self, rate)

    chdr_endpoint.ChdrEndpoint.set_sample_rate = set_sample_rate


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Own process group, so stop() can take down everything we started.
    try:
        if os.getpgrp() != os.getpid():
            os.setpgid(0, 0)
    except OSError:
        pass
    code = Daemon(args).run()
    _remove_pidfile(args.pidfile)
    sys.exit(code)


def _remove_pidfile(path):
    """Remove the launcher's pid file if it still names this process."""
    if not path:
        return
    try:
        with open(path) as f:
            if f.read().strip() == str(os.getpid()):
                os.unlink(path)
    except OSError:
        pass


if __name__ == "__main__":
    main()
