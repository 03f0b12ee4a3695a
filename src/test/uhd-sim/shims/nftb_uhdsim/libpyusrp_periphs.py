"""Pure-Python stand-in for ``usrp_mpm.libpyusrp_periphs`` (simulator only).

NF-Testbed test fixture (src/test/uhd-sim). Written for this project.

On a real USRP, ``libpyusrp_periphs`` is a compiled pybind11 module that
wraps the device's C++ peripheral drivers (SPI, UIO register maps, the C++
log buffer, ...). Debian's ``python3-uhd`` builds ``usrp_mpm`` for the
``sim`` device and does not ship it, yet the sim code path still imports it:

* ``usrp_mpm.xports`` -> ``xport_adapter_ctrl`` -> ``sys_utils.uio`` does
  ``import usrp_mpm.libpyusrp_periphs as lib`` at import time; the only use is
  ``lib.types.mmap_regs_iface`` in ``UIO.__init__``, which the simulator never
  calls (it has no FPGA registers).
* ``usrp_mpm.mpmlog.MPMLogger`` calls ``lib.types.log_buf.make_singleton()``
  when the import succeeds and hooks a notify callback on it to forward C++
  log lines. There is no C++ code here, so the buffer is always empty.

This module supplies exactly those two names. Anything else a non-sim code
path would need raises, so a mistake shows up as an error, not silence.
"""

import types as _types

__all__ = ["types"]


class _NullLogBuf:
    """Log buffer of a C++ layer that does not exist: it never holds records."""

    _instance = None

    @classmethod
    def make_singleton(cls):
        if cls._instance is None:
            cls._instance = cls()
        return cls._instance

    def set_notify_callback(self, callback):
        """Accepted and ignored: no C++ code will ever log."""
        self._callback = callback

    def pop(self):
        """(level, component, message); level 0 means 'nothing logged'."""
        return (0, "", "")


class _NoRegisterMap:
    """``mmap_regs_iface`` needs /dev/uioN of an FPGA; the simulator has none."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError(
            "libpyusrp_periphs stand-in (NF-Testbed uhd-sim): UIO register "
            "maps do not exist on the simulated device; args={}".format(args))


types = _types.SimpleNamespace(
    log_buf=_NullLogBuf,
    mmap_regs_iface=_NoRegisterMap,
)
