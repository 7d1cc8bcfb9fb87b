#!/usr/bin/env python3
"""Time from starting `bin/push3 serve` to the first connection it serves.

Starts the image's launcher once (it makes its start-up cache when it stops, unless one
exists), then RUNS times (default 10) on a free loopback port, with the demo user, and
measures from just before the process is spawned until a client that keeps trying to
connect gets the reply to CAPA. Each server is then stopped with SIGTERM. Alternating with
the servers, it times the image's `runtime/bin/java -version`, and prints the ratio of the
medians. Bounded: at most RUNS + 1 servers, one at a time, each given 60 s.

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


def java_version(java):
    start = time.monotonic()
    subprocess.run([java, "-version"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.monotonic() - start


def summary(what, times):
    ms = sorted(round(t * 1000) for t in times)
    print(f"{what} (ms): min {ms[0]}  median {round(statistics.median(ms))}  max {ms[-1]}  all {ms}")
    return statistics.median(times)


def main():
    home = sys.argv[1] if len(sys.argv) > 1 else "push3-app/target/push3"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    launcher = os.path.join(home, "bin", "push3")
    # The first start records the start-up cache and makes it when it stops (unless one exists).
    print(f"first run: {round(one_run(launcher, free_port()) * 1000)} ms")
    # Alternated, so that both see the same load on a shared machine.
    serve, version = [], []
    for _ in range(runs):
        serve.append(one_run(launcher, free_port()))
        version.append(java_version(os.path.join(home, "runtime", "bin", "java")))
    a = summary(f"{runs} runs, start to first served connection", serve)
    b = summary(f"{runs} runs, runtime/bin/java -version", version)
    print(f"ratio of the medians: {a / b:.1f}x")


if __name__ == "__main__":
    main()
