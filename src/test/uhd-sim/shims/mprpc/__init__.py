"""Minimal msgpack-RPC server standing in for the ``mprpc`` package.

NF-Testbed test fixture (src/test/uhd-sim). Written for this project; not a
copy of the original ``mprpc`` (a Cython package that Debian does not ship).

Why it exists: ``usrp_mpm.rpc_server`` does ``from mprpc import RPCServer`` and
derives ``MPMServer`` from it. libuhd's ``mpmd`` driver talks to that server
with rpclib over TCP using the msgpack-RPC wire protocol:

    request      [0, msgid, method_name, [params...]]
    response     [1, msgid, error_or_nil, result_or_nil]
    notification [2, method_name, [params...]]          (no reply)

Only the subset of the ``mprpc.RPCServer`` surface that ``usrp_mpm`` uses is
provided:

* ``RPCServer.__init__(pack_params=..., unpack_params=...)``; calling it again
  (``MPMServer.clear_method_registry`` does) drops the method cache.
* instances are gevent ``StreamServer`` handlers: ``server(sock, address)``
  serves one TCP connection until the peer closes it.
* ``self.client_host`` / ``self.client_port`` name the peer of the request
  being handled (``MPMServer.claim`` and friends log and check them).

Methods are looked up by name on the instance; names starting with ``_`` are
never callable remotely.
"""

import msgpack

__all__ = ["RPCServer", "RPCProtocolError"]

_REQUEST = 0
_RESPONSE = 1
_NOTIFY = 2
_RECV_BYTES = 64 * 1024


class RPCProtocolError(Exception):
    """A peer sent something that is not a msgpack-RPC request."""


class RPCServer:
    """Serve the public methods of ``self`` over msgpack-RPC (one handler per
    TCP connection, run inside a gevent greenlet)."""

    def __init__(self, *args, **kwargs):
        pack_params = dict(kwargs.pop("pack_params", {}) or {})
        unpack_params = dict(kwargs.pop("unpack_params", {}) or {})
        # Old mprpc keyword arguments; msgpack >= 1.0 handles text as UTF-8.
        kwargs.pop("pack_encoding", None)
        kwargs.pop("unpack_encoding", None)
        pack_params.setdefault("use_bin_type", True)
        unpack_params.setdefault("raw", False)
        self._rpc_pack_params = pack_params
        self._rpc_unpack_params = unpack_params
        self._rpc_method_cache = {}
        if not hasattr(self, "client_host"):
            self.client_host = None
            self.client_port = None

    # gevent StreamServer handler -------------------------------------------
    def __call__(self, sock, address):
        packer = msgpack.Packer(**self._rpc_pack_params)
        unpacker = msgpack.Unpacker(**self._rpc_unpack_params)
        try:
            while True:
                data = sock.recv(_RECV_BYTES)
                if not data:
                    return
                unpacker.feed(data)
                for message in unpacker:
                    reply = self._rpc_handle(message, address)
                    if reply is not None:
                        sock.sendall(packer.pack(reply))
        except (ConnectionError, OSError):
            return
        finally:
            try:
                sock.close()
            except OSError:
                pass

    # internals ---------------------------------------------------------------
    def _rpc_lookup(self, name):
        method = self._rpc_method_cache.get(name)
        if method is None:
            if not isinstance(name, str) or not name or name.startswith("_"):
                raise AttributeError("Method not found: {}".format(name))
            method = getattr(self, name, None)
            if method is None or not callable(method):
                raise AttributeError("Method not found: {}".format(name))
            self._rpc_method_cache[name] = method
        return method

    def _rpc_handle(self, message, address):
        if not isinstance(message, (list, tuple)) or not message:
            return [_RESPONSE, 0, "Invalid protocol: not an array", None]
        kind = message[0]
        if kind == _REQUEST and len(message) == 4:
            _, msgid, name, params = message
        elif kind == _NOTIFY and len(message) == 3:
            msgid = None
            _, name, params = message
        else:
            return [_RESPONSE, message[1] if len(message) > 1 else 0,
                    "Invalid protocol: bad message type or length", None]
        if address is not None:
            self.client_host, self.client_port = address[0], address[1]
        try:
            result = self._rpc_lookup(name)(*(params or ()))
        except Exception as ex:  # reported to the client, like mprpc does
            if msgid is None:
                return None
            return [_RESPONSE, msgid, str(ex) or type(ex).__name__, None]
        if msgid is None:
            return None
        return [_RESPONSE, msgid, None, result]
