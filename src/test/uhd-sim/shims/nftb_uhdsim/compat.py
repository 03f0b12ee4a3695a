"""Make Debian 12's ``usrp_mpm`` (python3-uhd 4.3, built for MPM_DEVICE=sim)
importable and runnable on a desktop. NF-Testbed test fixture.

Everything here is applied in-process by the simulator daemon before it
imports ``usrp_mpm``; nothing under /usr is modified. Each patch is small and
says why it exists:

1. ``usrp_mpm.libpyusrp_periphs`` -> ``nftb_uhdsim.libpyusrp_periphs``
   (compiled module missing from the Debian package; see that file).
2. ``pyroute2.IPRoute.get_links([idx])``: ``usrp_mpm.sys_utils.net`` passes a
   *list* of interface indices (``ipr.get_links(ipr.link_lookup(...))``), which
   pyroute2 <= 0.5 accepted. pyroute2 0.7 (Debian 12) expects indices as
   separate positional arguments and fails with
   ``TypeError: '>' not supported between instances of 'list' and 'int'``.
   The patch unpacks a single list/tuple argument.
3. ``mprpc`` is provided by ``shims/mprpc`` (put on ``sys.path`` by the
   daemon), see that package.
4. ``restrict_chdr_interfaces(names)``: the sim's ``SimXportMgrUDP`` offers
   *every* host interface (eth0, docker0, ...) as a CHDR link. The fixture
   must only ever use loopback (or a veth inside its own namespace), so the
   offered interfaces are limited to the ones named on the command line.
   This is configuration, not a change of UHD behaviour.
5. ``mender_artifact = None``: ``PeriphManagerBase.generate_device_info``
   expects ``get_mender_artifact()`` to raise ``FileNotFoundError`` on a
   machine without Mender (and then, for simulated devices, leaves the key
   out), but ``get_mender_artifact`` swallows every error and returns
   ``None``. The ``None`` goes over msgpack as nil and libuhd's
   ``get_device_info`` fails with ``std::bad_cast`` (it expects a
   string->string map). The patch turns ``None`` into the
   ``FileNotFoundError`` the caller handles, so the key is left out as the
   sim authors intended.
6. ``ChdrOutputStream.queue_packet``: the simulator's RX output stream puts
   every flow-control status (STRS) packet from libuhd into a 100-entry queue
   with ``put_nowait`` but only drains that queue when it is blocked by flow
   control. With the 2.5 MB downstream buffer libuhd advertises it never
   blocks, so after 100 STRS packets (~260 k samples) ``queue.Full`` is
   raised in the CHDR socket thread, which dies and wedges the device
   (libuhd then reports "Timed out getting recv buff for management
   transaction"). STRS payloads carry cumulative transfer counts, so only the
   newest matters: when the queue is full the oldest entry is dropped.
7. ``StreamSpec.seconds_per_packet`` (RX pacing): the output stream asks its
   sample source for ``packet_samples`` *bytes* per packet (the source API
   counts bytes; sc16 has 4 bytes per sample) but paces packets as if each
   held ``packet_samples`` *samples*, so samples arrived at a quarter of the
   programmed rate (measured: 0.2498 MS/s at a programmed 1 MS/s). The patch
   paces by the samples actually in each packet (``packet_samples / 4``), so
   RX arrives at the rate libuhd programs, up to the simulator's CPU limit.
8. RX stream life cycle in ``StreamEndpointNode`` (all three crash or wedge
   the simulator as shipped; an exception in the CHDR socket thread kills
   it and every later libuhd call times out):
   a. a flow-control status (STRS) that arrives after the stream was stopped
      hits ``self.output_stream.queue_packet`` with ``output_stream = None``
      (``AttributeError``; seen when benchmark_rate runs twice). It is
      dropped: it acknowledges data of a stream that no longer exists.
   b. a stop command while no stream runs calls ``None.finish()``; it is
      ignored.
   c. a finite (num_samps_and_done) stream that ran to completion is never
      cleared, so the next stream command fails the assertion
      "Output Stream already running". A finished worker thread is now
      cleared before a new stream starts. A stream that is still running
      is left alone, so a genuine double start still fails as before.
   d. ``begin_output`` consumes the downstream buffer capacity learnt in the
      stream set-up handshake (sets it to ``None``), so a second stream
      command on the same libuhd rx_streamer crashed with "'NoneType' object
      is not subscriptable". The capacity belongs to the streamer's
      downstream buffer, which is unchanged, so it is kept for later stream
      commands (a new rx_streamer repeats the handshake and overwrites it).
   e. every new output stream restarted the CHDR sequence number at 0, so the
      second stream command on one rx_streamer was reported by libuhd as
      "ERROR_CODE_OVERFLOW (Out of sequence error)". Like the FPGA stream
      endpoint, the sequence number now continues from the previous stream of
      the same endpoint and restarts at 0 only when libuhd sets the endpoint
      up again (new streamer, ``cfg_start``).
9. ``ChdrEndpoint.socket_worker``: any exception while handling a CHDR
   packet ends the simulator's only CHDR thread (by design: "if there is an
   exception here, we just crash"), but the process lives on and every later
   libuhd call just times out. The fixture makes the crash visible: the
   traceback is logged and the RPC process exits (code 70), so the daemon
   stops, reports the error on stderr and exits non-zero.
10. Time source RPCs of the ``sim`` periph manager: it implements the clock
   source calls and ``get_time_sources()`` (-> ``("internal",)``) but not
   ``get_time_source``/``set_time_source``/``get_sync_sources``, which the
   base class answers with ``NotImplementedError``. libuhd calls
   ``get_time_source`` when one session spans several motherboards, so
   ``multi_usrp("addr0=..,addr1=..")`` failed with "Failure to create
   rfnoc_graph". They are added in the style of the existing clock-source
   calls: the only source is "internal" and setting it is a logged no-op.
11. Timed RX (``stream_now = false``): the output stream gives the first
   packet a timestamp but leaves its type ``DATA_NO_TS``. ``uhd.chdr``
   then sizes the packet for a timestamp without writing one, so libuhd saw
   no timestamp (``has_time_spec`` false, time 0) and two extra zero samples
   at the end of the first packet, shifting everything after it (multi-channel
   streams, which libuhd only allows timed, were never sample-exact). The
   packet constructor used by ``usrp_mpm.simulator.chdr_stream`` now marks a
   packet that carries a timestamp as ``DATA_WITH_TS``.
12. A running timekeeper: the ``sim`` periph manager's timekeeper always read
   0 and ignored ``set_timekeeper_time``, so device time never advanced and
   nothing that depends on it (``uhd_usrp_get_time_now``) could be tested.
   It now counts ticks on the host's monotonic clock at the tick period
   libuhd programs (``set_tick_period``, in nanoseconds as Q32.32 fixed
   point, as the FPGA register takes it), from the time last set; a set
   "at the next PPS" takes effect at once (the simulator has no PPS), and
   the time "at the last PPS" is the time now rounded down to a whole
   second. Until a tick period is programmed it reads the time last set, as
   before. Streams are not affected: the simulator still sends samples at
   once and stamps only the first packet of a timed stream.
"""

import sys

_installed = False


def install_libpyusrp_periphs_stand_in():
    from . import libpyusrp_periphs
    # usrp_mpm/__init__ imports the stand-in (via xports -> uio) while the
    # parent package is still initialising; importlib finds the entry in
    # sys.modules before it searches usrp_mpm's directory.
    sys.modules["usrp_mpm.libpyusrp_periphs"] = libpyusrp_periphs


def patch_pyroute2_get_links():
    from pyroute2 import IPRoute
    original = IPRoute.get_links
    if getattr(original, "_nftb_compat", False):
        return

    def get_links(self, *argv, **kwarg):
        if len(argv) == 1 and isinstance(argv[0], (list, tuple)):
            argv = tuple(argv[0])
        return original(self, *argv, **kwarg)

    get_links._nftb_compat = True
    get_links.__doc__ = original.__doc__
    IPRoute.get_links = get_links


def patch_mender_artifact():
    from usrp_mpm.periph_manager import base
    original = base.get_mender_artifact
    if getattr(original, "_nftb_compat", False):
        return

    def get_mender_artifact(*args, **kwargs):
        artifact = original(*args, **kwargs)
        if artifact is None:
            raise FileNotFoundError("no Mender artifact on this host")
        return artifact

    get_mender_artifact._nftb_compat = True
    base.get_mender_artifact = get_mender_artifact


def patch_strs_queue():
    import queue
    from usrp_mpm.simulator import chdr_stream
    cls = chdr_stream.ChdrOutputStream
    if getattr(cls.queue_packet, "_nftb_compat", False):
        return

    def queue_packet(self, packet):
        while True:
            try:
                self.strs_queue.put_nowait(packet)
                return
            except queue.Full:
                try:
                    self.strs_queue.get_nowait()
                except queue.Empty:
                    pass

    queue_packet._nftb_compat = True
    queue_packet.__doc__ = cls.queue_packet.__doc__
    cls.queue_packet = queue_packet


SC16_BYTES_PER_SAMPLE = 4
_next_stream_seq = [0]


def patch_rx_pacing():
    from usrp_mpm.simulator import rfnoc_common
    cls = rfnoc_common.StreamSpec
    original = cls.seconds_per_packet
    if getattr(original, "_nftb_compat", False):
        return

    def seconds_per_packet(self):
        return original(self) / SC16_BYTES_PER_SAMPLE

    seconds_per_packet._nftb_compat = True
    seconds_per_packet.__doc__ = original.__doc__
    cls.seconds_per_packet = seconds_per_packet


def patch_stream_lifecycle():
    from usrp_mpm.simulator import stream_endpoint_node
    cls = stream_endpoint_node.StreamEndpointNode
    if getattr(cls.begin_output, "_nftb_compat", False):
        return
    orig_strs = cls._handle_strs_packet
    orig_begin = cls.begin_output
    orig_end = cls.end_output

    def _handle_strs_packet(self, packet, **kwargs):
        dst_epid = packet.get_header().dst_epid
        if dst_epid not in self.strs_handlers and self.output_stream is None:
            self.log.debug("Dropping STRS for EPID {}: no output stream".format(dst_epid))
            return None
        return orig_strs(self, packet, **kwargs)

    orig_ctrl_out = cls.ctrl_status_callback_out

    def ctrl_status_callback_out(self, status):
        if status.cfg_start:
            self._nftb_new_streamer = True  # new streamer: sequence restarts at 0
        return orig_ctrl_out(self, status)

    def begin_output(self, stream_spec):
        current = self.output_stream
        if current is not None and not current.thread.is_alive():
            self._nftb_prev_stream = current
            self.output_stream = None
        prev = getattr(self, "_nftb_prev_stream", None)
        if getattr(self, "_nftb_new_streamer", True) or prev is None:
            _next_stream_seq[0] = 0
        else:
            _next_stream_seq[0] = prev.data_seq_num
        self._nftb_new_streamer = False
        capacity = self.downstream_capacity
        result = orig_begin(self, stream_spec)
        if capacity is not None:
            self.downstream_capacity = capacity
        return result

    def end_output(self):
        if self.output_stream is None:
            self.log.debug("Stop command without a running output stream: ignored")
            return None
        self._nftb_prev_stream = self.output_stream
        return orig_end(self)

    # ChdrOutputStream.__init__ sets data_seq_num = 0 and starts its worker
    # thread at once; a property makes that first assignment take the value
    # chosen in begin_output above (only the CHDR socket thread creates
    # streams, so one module-level slot is enough).
    from usrp_mpm.simulator import chdr_stream

    def _get_seq(stream):
        return stream.__dict__["_nftb_seq"]

    def _set_seq(stream, value):
        if "_nftb_seq" not in stream.__dict__:
            value = _next_stream_seq[0]
        stream.__dict__["_nftb_seq"] = value

    chdr_stream.ChdrOutputStream.data_seq_num = property(_get_seq, _set_seq)
    ctrl_status_callback_out._nftb_compat = True
    cls.ctrl_status_callback_out = ctrl_status_callback_out

    for fn, orig in ((_handle_strs_packet, orig_strs), (begin_output, orig_begin),
                     (end_output, orig_end)):
        fn._nftb_compat = True
        fn.__doc__ = orig.__doc__
        setattr(cls, fn.__name__, fn)


CHDR_THREAD_DIED_EXIT = 70


def patch_chdr_thread_fail_fast():
    import os
    from usrp_mpm.simulator import chdr_endpoint
    cls = chdr_endpoint.ChdrEndpoint
    original = cls.socket_worker
    if getattr(original, "_nftb_compat", False):
        return

    def socket_worker(self):
        try:
            original(self)
        except BaseException:
            self.log.exception("CHDR socket thread died; stopping the simulator")
            for handler in self.log.handlers + self.log.root.handlers:
                handler.flush()
            os._exit(CHDR_THREAD_DIED_EXIT)

    socket_worker._nftb_compat = True
    socket_worker.__doc__ = original.__doc__
    cls.socket_worker = socket_worker


def patch_time_source_rpcs():
    from usrp_mpm.periph_manager import sim as sim_pm
    cls = sim_pm.sim
    if getattr(cls, "_nftb_time_source_rpcs", False):
        return
    internal = sim_pm.CLOCK_SOURCE_INTERNAL

    def get_time_source(self):
        " Returns the current time source "
        return internal

    def set_time_source(self, source):
        " No-op which sets the time source on a real radio "
        self.log.debug("Setting time source to {}".format(source))

    def get_sync_sources(self):
        " Lists the valid (clock source, time source) combinations "
        return [{"clock_source": internal, "time_source": internal}]

    cls.get_time_source = get_time_source
    cls.set_time_source = set_time_source
    cls.get_sync_sources = get_sync_sources
    cls._nftb_time_source_rpcs = True


def patch_timed_packet_type():
    from uhd.chdr import ChdrPacket, PacketType
    from usrp_mpm.simulator import chdr_stream
    if getattr(chdr_stream.ChdrPacket, "_nftb_compat", False):
        return

    def make_packet(chdr_w, header, *rest):
        timestamp = rest[1] if len(rest) > 1 else None
        if timestamp is None or header.pkt_type != PacketType.DATA_NO_TS:
            return ChdrPacket(chdr_w, header, *rest)
        header.pkt_type = PacketType.DATA_WITH_TS  # ChdrPacket copies the header
        try:
            return ChdrPacket(chdr_w, header, *rest)
        finally:
            header.pkt_type = PacketType.DATA_NO_TS

    make_packet._nftb_compat = True
    chdr_stream.ChdrPacket = make_packet


def patch_running_timekeeper():
    import time
    from usrp_mpm.periph_manager import sim as sim_pm
    cls = sim_pm.sim
    if getattr(cls, "_nftb_running_timekeeper", False):
        return

    def state(self):
        tk = getattr(self, "_nftb_timekeeper", None)
        if tk is None:
            tk = {"ticks": 0, "at": time.monotonic(), "period_ns": None}
            self._nftb_timekeeper = tk
        return tk

    def ticks_now(tk):
        if not tk["period_ns"]:
            return tk["ticks"]
        return tk["ticks"] + int((time.monotonic() - tk["at"]) * 1e9 / tk["period_ns"])

    def set_timekeeper_time(self, tk_idx, ticks, next_pps):
        " Sets the time in ticks (now; the simulator has no PPS) "
        self.log.debug("Setting timekeeper time (tk_idx: {}, ticks: {}, next_pps: {})"
                       .format(tk_idx, ticks, next_pps))
        tk = state(self)
        tk["ticks"] = int(ticks)
        tk["at"] = time.monotonic()

    def get_timekeeper_time(self, tk_idx, last_pps):
        " The time in ticks, now or at the last (whole-second) PPS "
        tk = state(self)
        ticks = ticks_now(tk)
        if last_pps and tk["period_ns"]:
            per_second = 1e9 / tk["period_ns"]
            ticks = int(int(ticks / per_second) * per_second)
        return ticks

    def set_tick_period(self, tk_idx, period_ns):
        " Sets the tick period (ns, Q32.32); the time so far is kept "
        tk = state(self)
        now = ticks_now(tk)
        period = float(period_ns)
        if period >= 2 ** 32:
            period /= 2 ** 32
        self.log.debug("Setting tick period (tk_idx: {}, period_ns: {} -> {} ns)"
                       .format(tk_idx, period_ns, period))
        tk["ticks"] = now
        tk["at"] = time.monotonic()
        tk["period_ns"] = period

    cls.set_timekeeper_time = set_timekeeper_time
    cls.get_timekeeper_time = get_timekeeper_time
    cls.set_tick_period = set_tick_period
    cls._nftb_running_timekeeper = True


def install():
    """Apply patches 1, 2 and 5-12 (idempotent). Imports usrp_mpm."""
    global _installed
    if _installed:
        return
    install_libpyusrp_periphs_stand_in()
    patch_pyroute2_get_links()
    patch_mender_artifact()
    patch_strs_queue()
    patch_rx_pacing()
    patch_stream_lifecycle()
    patch_chdr_thread_fail_fast()
    patch_time_source_rpcs()
    patch_timed_packet_type()
    patch_running_timekeeper()
    _installed = True


def restrict_chdr_interfaces(names):
    """Patch 4: only offer the interfaces in ``names`` for CHDR traffic."""
    from pyroute2 import IPRoute
    from usrp_mpm.periph_manager import sim as sim_pm
    from usrp_mpm.xports import XportMgrUDP

    wanted = list(names)

    def __init__(self, log, args, eth_dispatcher_cls):
        with IPRoute() as ipr:
            present = {link.get_attr("IFLA_IFNAME") for link in ipr.get_links()}
        missing = [n for n in wanted if n not in present]
        if missing:
            raise RuntimeError("CHDR interface(s) not found: {} (present: {})"
                               .format(missing, sorted(present)))
        self.iface_config = {
            n: {"label": n, "type": "forward"} for n in wanted
        }
        XportMgrUDP.__init__(self, log, args, eth_dispatcher_cls)

    sim_pm.SimXportMgrUDP.__init__ = __init__
