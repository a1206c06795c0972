"""`venster app [SCENARIO] [--port N] [--lang nl|en] [--host ADDRESS] [--out DIR]`.

The page listens on 127.0.0.1 only, so nobody else on the network reaches it; `--host` opens
it wider, with a warning. Saved variants and reports go into `--out` (default results/app/).
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import webbrowser
from pathlib import Path
from typing import Any

from sim.errors import InputError

DEFAULT_PORT = 8050
LOCAL = "127.0.0.1"


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {value}")
    return value


def add_parsers(sub: Any) -> None:
    """Add `app` to the `venster` parser."""
    a = sub.add_parser("app", help="the local what-if page (offline, 127.0.0.1)",
                       description="Serve the what-if page: change the window, cameras, fine "
                       "or evening parking and see the paired difference against the scenario.")
    a.add_argument("scenario", nargs="?", type=Path, default=Path("scenarios/assen-2023.yaml"),
                   help="scenario YAML, or a shipped scenario's name (default assen-2023)")
    a.add_argument("--port", type=_port, default=DEFAULT_PORT,
                   help=f"port (default {DEFAULT_PORT})")
    a.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (default nl)")
    a.add_argument("--host", default=LOCAL, help="address to listen on (default 127.0.0.1: "
                   "this computer only; 0.0.0.0 opens the page to the network)")
    a.add_argument("--out", type=Path, default=Path("results") / "app",
                   help="folder for saved variants and reports (default results/app/)")
    a.add_argument("--no-browser", action="store_true", help="do not open a browser")
    a.set_defaults(handler=cmd_app)


def _check_port(host: str, port: int) -> None:
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        raise InputError("command line", "--port", f"a free port on {host}; {port} cannot be "
                         f"used ({exc.strerror or exc})") from None


def cmd_app(args: argparse.Namespace) -> int:
    import uvicorn

    from sim.app.page import make_app
    from sim.app.worker import Simulator
    from sim.scenario.shipped import resolve

    path = resolve(args.scenario)
    from sim.app.logic import Base

    Base.load(path)  # a bad scenario is refused here, with exit status 2
    if args.out.exists() and not args.out.is_dir():
        raise InputError(args.out, "--out", "a folder for saved variants; this is a file")
    _check_port(args.host, args.port)
    if args.host != LOCAL:
        print(f"warning: the page listens on {args.host}: anyone who can reach this computer "
              "on the network can use it, and run simulations on it", file=sys.stderr)
    url = f"http://{LOCAL if args.host in ('0.0.0.0', '::') else args.host}:{args.port}/"
    simulator = Simulator()
    try:
        app = make_app(path, args.out, args.lang, simulator)
        print(f"venster app: {url} (Ctrl-C stops it); saved variants go to "
              f"{args.out.resolve()}", file=sys.stderr)
        if not args.no_browser:
            threading.Timer(1.0, webbrowser.open, args=(url,)).start()
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        simulator.close()
    return 0
