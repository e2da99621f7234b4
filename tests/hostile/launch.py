"""Start a command and report its own peak memory: ``launch.py RESULT_FILE CMD...``.

The test process is large (it generated the corpus); a child forked straight from it starts with the
parent's resident pages and ru_maxrss would report those. This launcher is small, so the figure it
writes (ru_maxrss of its child, from os.wait4) is the command's own. SIGINT/SIGTERM are forwarded.
"""

import json
import os
import signal
import sys


def main() -> int:
    result_file, cmd = sys.argv[1], sys.argv[2:]
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    while True:
        try:
            _, status, usage = os.wait4(pid, 0)
            break
        except InterruptedError:
            continue
    with open(result_file, "w") as fh:
        json.dump({"max_rss_kb": usage.ru_maxrss, "status": status}, fh)
    return os.waitstatus_to_exitcode(status) & 0xFF if os.waitstatus_to_exitcode(status) >= 0 \
        else 128 - os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
