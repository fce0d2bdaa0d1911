"""Helpers the browser suite's tests share: the repository's root and `threshold serve` as a process."""

import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    """A loopback port free now (for a server that must come back on the same port after a restart)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`threshold serve ARGS --port 0`, or on a fixed port; reads its first lines up to `until`."""

    def __init__(self, binary, args, cwd=ROOT):
        self.argv = [binary, "serve", *args]
        self.cwd = cwd
        self.proc = None

    def start(self, until=("listening on",)):
        """Returns the URL each of `until`'s lines ends with, by its first word (the port of a killed server
        may still be held: then it tries again)."""
        for attempt in range(20):
            self.proc = subprocess.Popen(self.argv, cwd=self.cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            links = {}
            for line in self.proc.stdout:
                for key in until:
                    if line.startswith(key):
                        links[key.split()[0].rstrip(":")] = line.strip().split(" ")[-1]
                if len(links) == len(until):
                    return links
            err = self.proc.stderr.read()
            self.proc.wait()
            if "in use" not in err.lower() or attempt == 19:
                raise AssertionError(f"{' '.join(self.argv)} did not start: {err.strip()}")
            time.sleep(0.5)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            self.proc.wait()
            self.proc.stdout.close()
            self.proc.stderr.close()
