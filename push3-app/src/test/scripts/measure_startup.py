#!/usr/bin/env python3
"""Time from starting `bin/push3 serve` to the first connection it serves.

Starts the image's launcher RUNS times (default 10) on a free loopback port, with the
demo user, and measures from just before the process is spawned until a client that
keeps trying to connect gets the reply to CAPA. Each server is then stopped with SIGTERM.
Bounded: at most RUNS servers, one at a time, each given 60 s.

    push3-app/src/test/scripts/measure_startup.py push3-app/target/push3 [RUNS]

Environment variables such as PUSH3_JAVA or PUSH3_JAVA_OPTS are passed on, to compare
runtimes and options.
"""
import os
import signal
import socket
import statistics
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_reply(port, deadline):
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                conn.sendall(b"CAPA\r\n")
                if conn.makefile("rb").readline().startswith(b"->SUCCESS"):
                    return True
        except OSError:
            time.sleep(0.005)
    return False


def one_run(launcher, port):
    start = time.monotonic()
    server = subprocess.Popen([launcher, "serve", "--demo", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not first_reply(port, start + 60):
            raise SystemExit("the server did not answer within 60 s")
        return time.monotonic() - start
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main():
    home = sys.argv[1] if len(sys.argv) > 1 else "push3-app/target/push3"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    launcher = os.path.join(home, "bin", "push3")
    times = [one_run(launcher, free_port()) for _ in range(runs)]
    ms = sorted(round(t * 1000) for t in times)
    print(f"{runs} runs, start to first served connection (ms): "
          f"min {ms[0]}  median {round(statistics.median(ms))}  max {ms[-1]}  all {ms}")


if __name__ == "__main__":
    main()
