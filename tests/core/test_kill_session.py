"""kill_session ends every process of a session, those in process groups of their own too."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from ktt_indicators.core.interrupt import kill_session

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

#: A parent that starts a child in a process group of its own (as ktt batch's readers are),
#: prints the child's pid and sleeps.
PARENT = """
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                         process_group=0)
print(child.pid, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_session_is_ended_whole_whatever_group_each_process_is_in() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], stdout=subprocess.PIPE, start_new_session=True, text=True
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    kill_session(parent.pid)
    parent.wait(10)
    end = time.monotonic() + 10
    while _alive(child) and time.monotonic() < end:
        time.sleep(0.05)
    assert not _alive(child)
