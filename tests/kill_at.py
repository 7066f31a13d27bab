"""Run the congkhai command line and kill the whole build (SIGKILL to its process group, workers
included) at the first audit event named EVENT whose arguments mention TEXT (for `open`, with
MODE, only a file opened to write):

    python tests/kill_at.py EVENT TEXT [w] -- build --data … --output …

A build that never reaches that point ends as usual, with its own exit code; one killed there
ends with -SIGKILL. The hook is installed before the workers are forked, so they carry it too.
A foreign call raises no event of its own: for `ctypes.dlsym` (atomic.exchange looking up
renameat2), TEXT is looked for in the arguments of the exchange that looks it up.
"""

from __future__ import annotations

import os
import signal
import sys


def _mentions(values, text: str) -> bool:
    wanted = text.encode()
    return any(
        (isinstance(v, str) and text in v)
        or (isinstance(v, bytes) and wanted in v)
        or (isinstance(v, os.PathLike) and text in os.fspath(v))
        for v in values
    )


def _exchange_arguments() -> tuple:
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_name != "exchange":
        frame = frame.f_back
    return tuple(frame.f_locals.values()) if frame is not None else ()


def main(argv: list[str]) -> int:
    split = argv.index("--")
    (event, text, *writing), command = argv[:split], argv[split + 1 :]

    def hook(name: str, args: tuple) -> None:
        if name != event:
            return
        if writing and not (name == "open" and "w" in str(args[1])):
            return
        if name == "ctypes.dlsym":
            args = _exchange_arguments()
        if _mentions(args, text):
            os.killpg(os.getpgrp(), signal.SIGKILL)

    sys.addaudithook(hook)
    from generator.cli import main as congkhai

    return congkhai(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
