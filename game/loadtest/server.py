"""Find the server processes behind a URL and read how much memory they hold.

A process serves a port when it holds the listening socket's inode among its
open files (with `--workers N`, uvicorn's parent and every worker hold it), so
/proc alone answers: no extra package, and no help needed from the server. The
processes a server started (resolver processes) count as part of it.
"""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
LISTEN = "0A"


def listening_inodes(port: int) -> set[str]:
    """Return the inodes of the TCP sockets listening on `port` (IPv4 and IPv6)."""
    inodes = set()
    for table in ("net/tcp", "net/tcp6"):
        try:
            lines = (PROC / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if (
                len(fields) > 9
                and fields[3] == LISTEN
                and int(fields[1].split(":")[-1], 16) == port
            ):
                inodes.add(fields[9])
    return inodes


def server_pids(port: int) -> list[int]:
    """Return the ids of the processes holding a socket that listens on `port`."""
    targets = {f"socket:[{inode}]" for inode in listening_inodes(port)}
    if not targets:
        return []
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in targets:
                    found.append(int(entry.name))
                    break
        except OSError:
            continue  # gone, or not ours to read
    return sorted(found)


def with_children(pids: list[int]) -> list[int]:
    """Return `pids` and every process they started, such as `serve --resolvers`' resolvers."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for line in (entry / "status").read_text().splitlines():
                if line.startswith("PPid:"):
                    parents[int(entry.name)] = int(line.split()[1])
                    break
        except OSError:
            continue  # gone, or not ours to read
    found = set(pids)
    grew = True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in found} - found
        found |= children
        grew = bool(children)
    return sorted(found)


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MiB (0 if it is gone)."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def total_rss_mb(pids: list[int]) -> float:
    """Return the resident memory of all `pids` together, in MiB."""
    return sum(rss_mb(pid) for pid in pids)


def command_of(pid: int) -> str:
    """Return what a process runs, shortly: 'serve', 'worker' (uvicorn's), 'resolver', ..."""
    try:
        args = (PROC / str(pid) / "cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return "gone"
    if "runworker" in args:
        return "resolver"
    if "serve" in args:
        return "serve"
    if any("resource_tracker" in arg for arg in args):
        return "resource tracker"  # multiprocessing's helper beside uvicorn's workers
    if any("multiprocessing" in arg for arg in args):
        return "worker"
    return " ".join(arg for arg in args[:3] if arg)[:60]


def cpu_seconds(pids: list[int]) -> float:
    """Return the CPU time (user and system) the processes have used so far, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            stat = (PROC / str(pid) / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces: the fields we want follow its closing parenthesis.
        fields = stat.rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total
