"""Where a key's time goes: frontline in a pseudo-terminal, with its main thread's work stamped.

    python tests/benchmarks/pty_trace.py --db events.db --key down --where middle --n 30

`pty_bench.py` says how long a key takes; this says why. It drives the app as `pty_bench.py` does (the
same `Terminal`, the same keys and places) and runs it under a tracer that wraps, with `perf_counter`
stamps on the harness's clock (both are CLOCK_MONOTONIC): Textual's message dispatch (each message that
takes over 0.3 ms), the screen's compositor, each widget's `render_lines`, the driver's writes, and the
collector's passes. For every press it prints the phases: the key's handler done, the frame written,
its first and last bytes read, the compositor's share, the bytes, and which widgets were dirty; then
the medians. `--log` keeps the stamps and key marks, merged in time order, for reading one key whole.

No figure here is a benchmark: the wrappers cost time of their own. Compare runs of this tool only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def install(log_path: str) -> None:
    """In the app's process: wrap what a frame goes through, writing a line per stamp to `log_path`."""
    import gc

    from textual.message_pump import MessagePump
    from textual.screen import Screen
    from textual.widget import Widget

    from frontline.tui import frame_driver

    log = open(log_path, "w", buffering=1)  # noqa: SIM115  open for the life of the process

    def stamp(what: str) -> None:
        log.write(f"{time.perf_counter() * 1000:.2f} {what}\n")

    dispatch = MessagePump._dispatch_message

    async def dispatched(self: Any, message: Any) -> Any:
        start = time.perf_counter()
        result = await dispatch(self, message)
        took = (time.perf_counter() - start) * 1000
        if took > 0.3:
            stamp(f"msg {type(self).__name__}.{type(message).__name__} {took:.2f}")
        return result

    compositor = Screen._compositor_refresh

    def composited(self: Any) -> None:
        dirty = " ".join(sorted({type(w).__name__ for w in self._dirty_widgets}))
        start = time.perf_counter()
        compositor(self)
        stamp(f"compositor {(time.perf_counter() - start) * 1000:.2f} dirty={dirty}")

    render_lines = Widget.render_lines

    def rendered(self: Any, crop: Any) -> Any:
        start = time.perf_counter()
        lines = render_lines(self, crop)
        stamp(f"render {type(self).__name__} {crop.height} {(time.perf_counter() - start) * 1000:.2f}")
        return lines

    write = frame_driver.FrameDriver.write

    def written(self: Any, data: str) -> None:
        stamp(f"write {len(data.encode())}")
        write(self, data)

    started: dict[str, float] = {}

    def collected(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started["at"] = time.perf_counter()
        elif (took := (time.perf_counter() - started.get("at", time.perf_counter())) * 1000) > 0.5:
            stamp(f"gc{info['generation']} {took:.2f}")

    MessagePump._dispatch_message = dispatched  # type: ignore[method-assign]
    Screen._compositor_refresh = composited  # type: ignore[method-assign]
    Widget.render_lines = rendered  # type: ignore[method-assign]
    frame_driver.FrameDriver.write = written  # type: ignore[method-assign]
    gc.callbacks.append(collected)


def phases(lines: list[str], marks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each press's phases, in ms from the key's bytes being written, read from the stamps after it."""
    stamps = [(float(t), what) for t, what in (line.split(" ", 1) for line in lines)]
    out = []
    for i, mark in enumerate(marks):
        sent = mark["sent_at"] * 1000
        until = marks[i + 1]["sent_at"] * 1000 if i + 1 < len(marks) else float("inf")
        mine = [(t - sent, what) for t, what in stamps if sent <= t < until]
        row: dict[str, Any] = {"frame": mark["frame_ms"], "first": mark["first_ms"]}
        for at, what in mine:
            if what.startswith("msg ") and what.split()[1].endswith(".Key") and "key" not in row:
                row["key"] = at
            elif what.startswith("compositor") and "composed" not in row and "key" in row:
                row["composed"], row["compositor"] = at, float(what.split()[1])
                row["dirty"] = what.split("dirty=", 1)[1]
            elif what.startswith("write") and "written" not in row and "key" in row:
                row["written"], row["bytes"] = at, int(what.split()[1])
        out.append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--key", default="down", help="down, pagedown, end, home, ] ... (as pty_bench names them)")
    parser.add_argument("--where", default="middle", choices=["top", "middle", "end"])
    parser.add_argument("--n", type=int, default=30, help="presses")
    parser.add_argument("--python", default=sys.executable, help="the Python that has frontline installed")
    parser.add_argument("--log", help="keep the merged stamps here")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import pty_bench as bench

    with tempfile.TemporaryDirectory() as tmp:
        trace = str(Path(tmp) / "trace.log")
        argv = [args.python, str(Path(__file__).resolve()), "--child", trace, "--db", args.db]
        term = bench.Terminal(argv)
        app = bench.Frontline([], Path(args.db))
        term.wait_for(app.ready, 600)
        bench.wait_idle(term, 600)
        {"top": app.go_top, "end": app.go_end, "middle": lambda t: app.go_middle(t, 0)}[args.where](term)
        if args.where == "end":
            term.send(*[{"pagedown": "pageup"}.get(args.key, "up")] * (args.n + 2), settle=0.03)
        marks = [term.press(args.key, limit=10) for _ in range(args.n)]
        term.close(app.quit_keys)
        lines = Path(trace).read_text().splitlines()
    rows = phases(lines, marks)
    print(f"{'frame':>6} {'first':>6} {'key':>6} {'written':>7} {'compose':>7} {'bytes':>6}  dirty")
    for row in rows:
        print(
            f"{row['frame']:6.1f} {row['first']:6.1f} {row.get('key', float('nan')):6.1f} "
            f"{row.get('written', float('nan')):7.1f} {row.get('compositor', float('nan')):7.2f} "
            f"{row.get('bytes', 0):6d}  {row.get('dirty', '')}"
        )
    for name in ("frame", "first", "key", "written", "compositor", "bytes"):
        values = [row[name] for row in rows if name in row]
        if values:
            print(f"median {name}: {statistics.median(values):.1f}")
    if args.log:
        keyed = [f"{m['sent_at'] * 1000:.2f} KEY {args.key} frame={m['frame_ms']:.1f}" for m in marks]
        Path(args.log).write_text("\n".join(sorted([*lines, *keyed], key=lambda line: float(line.split()[0]))))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        install(sys.argv[2])
        from frontline.tui.cli import main as frontline

        sys.argv = ["frontline", *sys.argv[3:]]
        frontline()
    else:
        main()
