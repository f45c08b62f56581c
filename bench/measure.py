"""Runs a command and appends `{"wall_s": ..., "rss_kb": ..., "rc": ...}` to a file: the
fallback for machines without GNU time (`/usr/bin/time -v`). Peak memory comes from the
kernel's rusage of the child (`os.wait4`), the same figure GNU time reports.

    measure.py OUT_FILE -- CMD [ARGS...]
"""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    out, sep, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    assert sep == "--" and cmd, __doc__
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    rc = os.waitstatus_to_exitcode(status)
    with open(out, "w") as f:
        json.dump({"wall_s": wall, "rss_kb": usage.ru_maxrss, "rc": rc}, f)
    return rc


if __name__ == "__main__":
    sys.exit(main())
