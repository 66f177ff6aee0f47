"""The README's first command on an empty Python, timed to the dashboard's first chart (run by hand; prints a table).

    python benchmarks/first_run.py [--runs 1] [--also COMMAND]

Each round makes a new virtual environment (nothing installed but what `python -m venv` puts there) and a fresh
`git clone` of this checkout's HEAD, then runs the README's first command in the clone, exactly as the README
writes it, with pip's cache off (`PIP_NO_CACHE_DIR=1`: every package is downloaded again). A headless Debian
chromium (already running, as a reader's browser would be) opens the dashboard as soon as the server answers its
health check, and the clock stops when the first chart is drawn. The guide's budget is 60 s from the command.

The floor, measured the same way in the same round: a hello-world app (a slider and two Altair charts) on the same
stack, `pip install` of the pinned streamlit, altair and pandas then `streamlit run`: what any dashboard on these
packages needs on this machine and network. The port is set through Streamlit's environment
(`STREAMLIT_SERVER_PORT`), so the command itself is the README's.

--also COMMAND: a third column, another command run the same way in a fresh clone (to try a change to the README's
command before writing it there).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.dashboard_timing import HELLO  # noqa: E402
from tests.browser_support import browser_page, free_port, wait_for_first_chart  # noqa: E402

BUDGET = 60.0  # seconds from the command to the first chart, install included (the developers' guide)
_INSTALLED = "Successfully installed"


def readme_command() -> str:
    """The README's first fenced bash command: the one that installs and opens the dashboard."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"```bash\n(.+?)\n```", text, re.S)
    if match is None:
        raise SystemExit("README.md: no ```bash block found")
    return match.group(1).strip()


def hello_command() -> str:
    """pip install of the pinned streamlit, altair and pandas of requirements.txt, then the hello-world app."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, _, version = line.partition("==")
        if version:
            pins[name.strip().lower()] = f"{name.strip()}=={version.strip()}"
    wanted = " ".join(pins[name] for name in ("streamlit", "altair", "pandas"))
    return f"pip install {wanted} && python -m streamlit run hello.py --server.headless true"


def _environment(venv: Path, port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"}}
    env.update({"PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", "VIRTUAL_ENV": str(venv),
                "PIP_NO_CACHE_DIR": "1", "STREAMLIT_SERVER_PORT": str(port),
                "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "PYTHONUNBUFFERED": "1"})
    return env


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def timed_run(command: str, workdir: Path, venv: Path, page, *, timeout: float = 600.0) -> dict[str, float]:
    """Seconds from starting ``command`` (bash, in ``workdir``, with ``venv`` first on PATH) until pip reports its
    install done, the server answers, and ``page`` has drawn the first chart."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = workdir / "first_run.log"
    times: dict[str, float] = {}
    with log_path.open("wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(["bash", "-c", command], cwd=workdir, env=_environment(venv, port), stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = started + timeout
            while not _answers(url):
                if "install" not in times and _INSTALLED in log_path.read_text(errors="replace"):
                    times["install"] = time.perf_counter() - started
                if process.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-2000:]
                    raise SystemExit(f"the command exited ({process.returncode}) before the server answered:\n{tail}")
                if time.perf_counter() > deadline:
                    raise SystemExit(f"no answer on {url} within {timeout:.0f} s")
                time.sleep(0.1)
            times["server"] = time.perf_counter() - started
            times.setdefault("install", float("nan"))
            page.goto(url)
            wait_for_first_chart(page, timeout_ms=120_000)
            times["chart"] = time.perf_counter() - started
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 15)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait(timeout=15)
    return times


def one_round(kind: str, page, command: str | None = None) -> dict[str, float]:
    """A fresh venv and workdir for ``kind`` ("hello-world", or a clone of HEAD and ``command``, by default the
    README's), timed by :func:`timed_run`."""
    with tempfile.TemporaryDirectory(prefix="first-run-") as temp:
        base = Path(temp)
        venv = base / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        if kind != "hello-world":
            workdir = base / "project"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(workdir)], check=True)
            command = command or readme_command()
        else:
            workdir = base / "hello"
            workdir.mkdir()
            (workdir / "hello.py").write_text(HELLO, encoding="utf-8")
            command = hello_command()
        return timed_run(command, workdir, venv, page)


def _cell(values: list[float]) -> str:
    values = [value for value in values if value == value]  # NaN: pip's line not seen
    if not values:
        return "-"
    return f"{statistics.median(values):.1f} s ({min(values):.1f}-{max(values):.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="rounds (each: hello-world, then the dashboard)")
    parser.add_argument("--also", metavar="COMMAND", help="another command to time in each round, in a fresh clone")
    args = parser.parse_args()
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(f"HEAD {head.strip()}; README command: {readme_command()}", file=sys.stderr)
    commands = {"hello-world": None, "dashboard (README's first command)": None}
    if args.also:
        commands[f"`{args.also}`"] = args.also
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in commands}
    with browser_page() as page:
        for number in range(args.runs):
            for kind, command in commands.items():
                results[kind].append(one_round(kind, page, command))
                figures = ", ".join(f"{key} {value:.1f} s" for key, value in results[kind][-1].items())
                print(f"round {number + 1}, {kind}: {figures}", file=sys.stderr)
    rows = [("command to pip's 'Successfully installed'", "install"), ("command to the server answering", "server"),
            ("command to the first chart", "chart")]
    print(f"| what ({args.runs} round{'s' * (args.runs != 1)}, pip cache off, medians) | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for label, key in rows:
        print(f"| {label} | " + " | ".join(_cell([r[key] for r in results[kind]]) for kind in results) + " |")
    verdicts = []
    for runs in list(results.values())[1:]:
        chart = statistics.median(r["chart"] for r in runs)
        verdicts.append(f"{'met' if chart <= BUDGET else 'NOT met'} ({chart:.1f} s)")
    print(f"| budget: command to first chart <= {BUDGET:.0f} s | - | " + " | ".join(verdicts) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
