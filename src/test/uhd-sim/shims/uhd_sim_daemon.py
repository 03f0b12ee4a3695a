"""Entry point run by ../uhd-sim as `/usr/bin/python3 -E -s -B uhd_sim_daemon.py`.

Its directory (shims/) becomes sys.path[0], which makes the `mprpc` and
`nftb_uhdsim` shim packages importable without PYTHONPATH.
"""
from nftb_uhdsim.daemon import main

if __name__ == "__main__":
    main()
