"""A bounded pool of worker processes: jobs run off the event loop, each with a time limit, never queued without bound.

Each worker is a process of its own (started with ``spawn``, so it shares nothing with the server's event loop)
that imports the library once and then runs one job at a time from :data:`itu_contrib.web._pipeline.JOBS`. At most
``size`` jobs run and ``queue`` more wait; any request beyond that gets :class:`PoolBusy` at once (the app answers
503 with ``Retry-After``). A job over its time limit, or a worker that dies on a hostile file, costs only that
worker: it is killed and replaced, and the server goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

#: How long a new worker may take to import the library before it is taken for dead, in seconds.
START_TIMEOUT = 120.0


class PoolBusy(Exception):
    """Every worker is busy and the waiting line is full: try again later."""


class JobTimeout(Exception):
    """A job ran past its time limit and its worker was stopped."""


class JobFailed(Exception):
    """A job raised an error, or its worker died (the message says which, without any file content)."""


def _worker_main(conn: Connection, memory: int) -> None:
    """The loop of one worker process: warm up, then run each job received and send back its result."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its workers
    if memory:
        try:
            import resource

            # A file that gets past the library's guards fails with MemoryError here, not the machine.
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX, or a lower hard limit
            pass
    from itu_contrib.web import _pipeline

    try:
        _pipeline.warm_up()
    finally:
        conn.send(("ready", None))
    while True:
        try:
            name, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result: tuple[str, Any] = ("ok", _pipeline.JOBS[name](**kwargs))
        except Exception as exc:  # reported to the server, which answers 500 and goes on
            result = ("error", type(exc).__name__)
        conn.send(result)


class _Worker:
    """One worker process and the pipe to it; used by one thread at a time."""

    def __init__(self, context: Any, memory: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child, memory), daemon=True, name="itu-contrib-worker"
        )
        self.process.start()
        child.close()
        self.ready = False
        self.dead = False

    def call(self, name: str, kwargs: dict[str, Any], timeout: float) -> Any:
        """Run one job in the worker and return its result (blocking: called from a thread, not the loop)."""
        try:
            if not self.ready:
                if not self.conn.poll(START_TIMEOUT):
                    raise JobFailed("the worker did not start")
                self.conn.recv()
                self.ready = True
            self.conn.send((name, kwargs))
            if not self.conn.poll(timeout):
                self.stop()
                raise JobTimeout(f"{name} took longer than {timeout:g} s")
            status, value = self.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self.stop()
            raise JobFailed("the worker stopped while checking the file") from exc
        if status != "ok":
            raise JobFailed(str(value))
        return value

    def stop(self) -> None:
        """Kill the process (a job over its time limit cannot be interrupted any other way)."""
        self.dead = True
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class WorkerPool:
    """``size`` worker processes, ``queue`` waiting places, ``timeout`` seconds per job, ``memory`` bytes each."""

    def __init__(self, size: int, queue: int, timeout: float, memory: int = 0) -> None:
        self.size, self.queue, self.timeout, self.memory = size, queue, timeout, memory
        self._context = multiprocessing.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self._threads: ThreadPoolExecutor | None = None
        self._pending = 0
        self._running = 0
        self._lock = threading.Lock()

    async def start(self) -> None:
        """Start the workers (they import the library in the background)."""
        self._idle = asyncio.Queue()
        self._threads = ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="itu-contrib-job")
        for _ in range(self.size):
            worker = self._spawn()
            self._idle.put_nowait(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self._context, self.memory)
        with self._lock:
            self._all = [w for w in self._all if not w.dead] + [worker]
        return worker

    async def stop(self) -> None:
        """Stop every worker."""
        for worker in list(self._all):
            worker.stop()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)

    @property
    def full(self) -> bool:
        """Whether a new job would be refused now."""
        return self._pending >= self.size + self.queue

    def status(self) -> dict[str, int]:
        """Workers, jobs running and jobs waiting (for /healthz)."""
        return {
            "workers": self.size,
            "running": self._running,
            "waiting": max(0, self._pending - self._running),
            "capacity": self.size + self.queue,
        }

    async def run(self, name: str, **kwargs: Any) -> Any:
        """Run job ``name`` in a worker; raises PoolBusy, JobTimeout or JobFailed."""
        if self._idle is None or self._threads is None:
            raise RuntimeError("the pool is not started")
        if self.full:
            raise PoolBusy
        self._pending += 1
        try:
            worker = await self._idle.get()
        except BaseException:
            self._pending -= 1
            raise
        self._running += 1
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._threads, worker.call, name, kwargs, self.timeout)

        def release(_: object) -> None:  # on the loop, when the job is over (even if the request went away)
            self._running -= 1
            self._pending -= 1
            assert self._idle is not None
            self._idle.put_nowait(self._spawn() if worker.dead else worker)

        future.add_done_callback(release)
        return await asyncio.shield(future)


__all__ = ["JobFailed", "JobTimeout", "PoolBusy", "WorkerPool"]
