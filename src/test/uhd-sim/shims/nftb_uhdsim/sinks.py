"""Sample sinks for the simulator's TX path. NF-Testbed test fixture.

The stock ``usrp_mpm.simulator.sample_source.FileSink`` writes through a
buffered file object that is only flushed when the stream is torn down,
which the simulator does not do when a TX burst ends; the last few kB of a
burst then sit in Python's buffer while the test reads the file. This sink
writes every CHDR payload straight to the file descriptor, so the sink file is
complete as soon as the simulator has received the last packet.

Loaded by the simulator through the .ini ``[sample.sink]`` section
(``class = UnbufferedFileSink``, ``import_path = <this file>``).
"""

import os


class UnbufferedFileSink:
    """Appends each received payload (sc16, as sent on the wire) to a file."""


    def __init__(self, write_file):
        # The simulator makes one sink per TX stream; appending keeps every
        # burst of the simulator's lifetime (the daemon truncates the file
        # once at start-up).
        self._fd = os.open(write_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def accept_packet(self, packet):
        payload = bytes(packet.get_payload_bytes())
        view = memoryview(payload)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    def close(self):
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
