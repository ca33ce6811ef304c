"""Load test of the web app: concurrent uploads answered correctly, latency and peak memory, a burst past the pool.

Starts `itu-contrib serve` on 127.0.0.1 (a free port), then:

1. ``--uploads`` uploads (default 50) of a typical 50-row workbook through the validate page (the focal point's flow:
   validation, annotated copy, downloads) from ``--clients`` concurrent clients (default 10); every answer must be a
   200 with the expected verdict and number of problem rows. Reports median and 95th-percentile latency and the
   peak resident memory of the server with its checker processes (sampled every 50 ms, and the sum of each
   process's own peak).
2. A burst of ``--burst`` simultaneous uploads (default 60, beyond workers + queue): each must be a 200 or a 503
   with Retry-After, none lost or failed, while /healthz is polled and must answer 200 throughout.

Traffic goes to 127.0.0.1 only; every loop is bounded. Not a test: it prints the numbers (and ``--markdown`` a
section for benchmarks/README.md).

    .venv/bin/python benchmarks/web_load.py [--uploads 50] [--clients 10] [--burst 60] [--workers N] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def multipart(name: str, data: bytes, fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = "itu-contrib-load-" + os.urandom(8).hex()
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def post(url: str, body: bytes, content_type: str, timeout: float = 300) -> tuple[int, Any, bytes, float]:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})  # noqa: S310
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:  # noqa: S310 - 127.0.0.1 only
            status, headers, payload = r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        status, headers, payload = exc.code, exc.headers, exc.read()  # case-insensitive .get
    return status, headers, payload, time.perf_counter() - started


def get(url: str, timeout: float = 30) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - 127.0.0.1 only
            r.read()
            status = r.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError:
        status = -1
    return status, time.perf_counter() - started


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def status_kb(pid: int, key: str) -> int:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    m = re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE)
    return int(m.group(1)) if m else 0


class MemorySampler(threading.Thread):
    """The largest summed RSS of the server's process tree, sampled every 50 ms; and each process's own peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb = pid, 0
        self.hwm: dict[int, int] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(status_kb(p, "VmRSS") for p in pids))
            for p in pids:
                self.hwm[p] = max(self.hwm.get(p, 0), status_kb(p, "VmHWM"))
            self.stop.wait(0.05)


def start_server(port: int, workers: int | None) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "itu_contrib", "-q", "serve", "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        if get(f"http://{HOST}:{port}/healthz", timeout=1)[0] == 200:
            return proc
        if proc.poll() is not None:
            raise SystemExit("the server stopped")
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--burst", type=int, default=60)
    parser.add_argument("--workers", type=int, default=None, help="checker processes (default: the server's)")
    parser.add_argument("--markdown", action="store_true", help="print a section for benchmarks/README.md")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="itu-web-load-"))
    workbook = folder / f"activities-{args.rows}.xlsx"
    generate.write_xlsx(workbook, args.rows, bad_fraction=0.06)
    data = workbook.read_bytes()
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(port, args.workers)
    try:
        health = json.loads(urllib.request.urlopen(f"{base}/healthz").read())  # noqa: S310
        pool = health["pool"]
        body, ctype = multipart(workbook.name, data, {"year": "2025"})
        reference = json.loads(post(f"{base}/api/validate", body, ctype)[2])
        expected_rows = len(reference["problems"])
        verdict = "valid" if reference["valid"] else "invalid"

        # 1. uploads from concurrent clients, through the validate page
        sampler = MemorySampler(server.pid)
        sampler.start()
        idle_kb = sum(status_kb(p, "VmRSS") for p in tree(server.pid))

        def one(_: int) -> tuple[bool, float, int]:
            status, _h, payload, seconds = post(f"{base}/validate", body, ctype)
            html = payload.decode("utf-8", "replace")
            ok = (
                status == 200
                and f'data-verdict="{verdict}"' in html
                and html.count('<tr class="problem">') == expected_rows
                and html.count('href="/download/') == 3
            )
            return ok, seconds, status

        alone = [one(i)[1] for i in range(5)]  # one client at a time, for comparison
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as clients:
            results = list(clients.map(one, range(args.uploads)))
        wall = time.perf_counter() - started
        sampler.stop.set()
        sampler.join()
        latencies = [s for _, s, _ in results]
        correct = sum(ok for ok, _, _ in results)
        statuses = sorted({st for _, _, st in results})

        # 2. a burst past the pool while /healthz is polled
        polls: list[tuple[int, float]] = []
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set():
                polls.append(get(f"{base}/healthz", timeout=10))
                stop.wait(0.1)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        barrier = threading.Barrier(args.burst)

        def burst(_: int) -> tuple[int, str | None]:
            barrier.wait(timeout=60)
            status, headers, _p, _s = post(f"{base}/api/validate", body, ctype)
            return status, headers.get("Retry-After")

        with ThreadPoolExecutor(args.burst) as clients:
            burst_results = list(clients.map(burst, range(args.burst)))
        stop.set()
        poller.join()
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()

    ok_burst = sum(s == 200 for s, _ in burst_results)
    busy = [(s, r) for s, r in burst_results if s == 503]
    other = [s for s, _ in burst_results if s not in (200, 503)]
    health_ok = sum(s == 200 for s, _ in polls)
    health_worst = max((t for _, t in polls), default=0.0)
    summary: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "pool": pool,
        "workbook": f"{args.rows} rows, {len(data)} bytes, {expected_rows} problems ({verdict})",
        "uploads": args.uploads,
        "clients": args.clients,
        "correct": correct,
        "statuses": statuses,
        "wall_s": round(wall, 2),
        "throughput_per_s": round(args.uploads / wall, 2),
        "median_s": round(statistics.median(latencies), 2),
        "p95_s": round(pct(latencies, 0.95), 2),
        "max_s": round(max(latencies), 2),
        "one_client_median_s": round(statistics.median(alone), 2),
        "idle_mb": round(idle_kb / 1024),
        "peak_mb_sampled": round(sampler.peak_kb / 1024),
        "peak_mb_sum_of_process_peaks": round(sum(sampler.hwm.values()) / 1024),
        "burst": args.burst,
        "burst_200": ok_burst,
        "burst_503": len(busy),
        "burst_503_with_retry_after": sum(r is not None for _, r in busy),
        "burst_other": other,
        "healthz_polls": len(polls),
        "healthz_200": health_ok,
        "healthz_worst_s": round(health_worst, 3),
    }
    print(json.dumps(summary, indent=2))
    retry_missing = len(busy) != summary["burst_503_with_retry_after"]
    failed = correct != args.uploads or other or health_ok != len(polls) or not busy or retry_missing
    if args.markdown:
        print(
            "\n| uploads | clients | correct | median s | p95 s | max s | one client alone, median s | throughput /s | "
            "idle MB | peak MB (sampled) | peak MB (sum of process peaks) |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|\n"
            f"| {args.uploads} | {args.clients} | {correct}/{args.uploads} | {summary['median_s']} | "
            f"{summary['p95_s']} | {summary['max_s']} | {summary['one_client_median_s']} | "
            f"{summary['throughput_per_s']} | {summary['idle_mb']} | "
            f"{summary['peak_mb_sampled']} | {summary['peak_mb_sum_of_process_peaks']} |\n\n"
            f"| burst | 200 | 503 (with Retry-After) | other | /healthz polls | /healthz 200 | slowest /healthz s |\n"
            f"|---|---|---|---|---|---|---|\n"
            f"| {args.burst} | {ok_burst} | {len(busy)} ({summary['burst_503_with_retry_after']}) | {len(other)} | "
            f"{len(polls)} | {health_ok} | {summary['healthz_worst_s']} |"
        )
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
