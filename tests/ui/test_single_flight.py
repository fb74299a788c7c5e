"""`state.one_at_a_time`: one computation per cache key at a time, different keys at once."""

from __future__ import annotations

import threading

from dashboard.ui.state import one_at_a_time


def _run_two(first: str, second: str) -> bool:
    """Whether two threads holding `first` and `second` were inside at the same moment."""
    barrier = threading.Barrier(2, timeout=0.5)
    met = []

    def work(key: str) -> None:
        with one_at_a_time(key):
            try:
                barrier.wait()
                met.append(True)
            except threading.BrokenBarrierError:
                met.append(False)

    threads = [threading.Thread(target=work, args=(key,)) for key in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    return all(met) and len(met) == 2


def test_the_same_key_waits_for_the_first():
    assert not _run_two("overview|2018-06-30|''", "overview|2018-06-30|''")


def test_different_keys_run_at_once():
    assert _run_two("overview|2018-06-30|''", "programs|2018-06-30|''")
