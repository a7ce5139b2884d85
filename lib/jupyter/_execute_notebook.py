"""Executes one notebook headless with nbclient and exports it as HTML.

Called by lib/jupyter/execute_notebook.ts with the project's .venv Python.
Prints one JSON line on stdout: {"ok": true, ...} or {"ok": false, "cell_id":
..., "ename": ..., "evalue": ..., "traceback": ...}, both with "displays" (the
displays the kernel logged) and "restored" (how many of them nbclient had lost
and were put back from the log; see _display_log.py). The executed notebook
and the HTML are written in both cases (with the error shown), so a failure
can be inspected. Exit code 0 on success, 3 when a cell failed, 1 otherwise.
"""

import argparse
import json
import os
import re
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from nbconvert import HTMLExporter

from _display_log import LOG_ENV, DisplayLog, restore_missing

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def plain(text):
    return ANSI.sub("", text or "")


def failed_cell(nb):
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return cell, output
    return None, None


HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)<a class="anchor-link"', re.S)
TAG = re.compile(r"<[^>]+>")
CELL = re.compile(r'<div[^>]*class="jp-Cell ')
CONTENTS_SLOT = "<!-- wrapped-contents -->"


def add_contents(body):
    """Puts a list of the notebook's sections (its markdown h2 headings, with
    the ids nbconvert gave them) after the first cell (the title and
    introduction), when the template asked for one."""
    if CONTENTS_SLOT not in body:
        return body
    body = body.replace(CONTENTS_SLOT, "", 1)
    items = "".join(
        f'<li><a href="#{anchor}">{TAG.sub("", text).strip()}</a></li>'
        for anchor, text in HEADING.findall(body)
    )
    nav = (
        '<nav class="wrapped-contents" aria-label="Contents">'
        f'<p class="wrapped-contents-title">Contents</p><ol>{items}</ol></nav>'
        if items
        else ""
    )
    cells = [m.start() for m in CELL.finditer(body)]
    at = cells[1] if len(cells) > 1 else (cells[0] if cells else len(body))
    return body[:at] + nav + body[at:]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebook")
    parser.add_argument("--html", required=True)
    parser.add_argument("--executed")
    parser.add_argument("--cwd", required=True)
    parser.add_argument("--kernel", default="deno")
    parser.add_argument("--timeout", type=int, default=600)
    parser.add_argument("--startup-timeout", type=int, default=120)
    parser.add_argument("--template-dir", required=True)
    parser.add_argument("--template", default="wrapped_report")
    parser.add_argument(
        "--with-code",
        action="store_true",
        help="show code cells as they are (default: folded, with a contents list)",
    )
    args = parser.parse_args()

    nb = nbformat.read(args.notebook, as_version=4)
    log_dir = tempfile.TemporaryDirectory(prefix="wrapped-displays-")
    display_log = DisplayLog(os.path.join(log_dir.name, "displays.jsonl"))
    os.environ[LOG_ENV] = display_log.path  # inherited by the kernel
    counts = {"displays": 0, "restored": 0}

    def restore_lost_displays(cell, **_):
        entries = display_log.read_new()
        counts["displays"] += len(entries)
        counts["restored"] += restore_missing(cell.setdefault("outputs", []), entries)

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        kernel_name=args.kernel,
        resources={"metadata": {"path": args.cwd}},
        on_cell_executed=restore_lost_displays,
    )
    started = time.monotonic()
    result = {"ok": True}
    code = 0
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        cell, output = failed_cell(nb)
        code = 3
        result = {
            "ok": False,
            "cell_id": cell.get("id") if cell else None,
            "source": cell.source if cell else None,
            "ename": plain(output.get("ename")) if output else type(error).__name__,
            "evalue": plain(output.get("evalue")) if output else plain(str(error)),
            "traceback": plain("\n".join(output.get("traceback", [])))
            if output
            else plain(str(error)),
        }
    result["seconds"] = round(time.monotonic() - started, 3)
    result["cells"] = len(nb.cells)
    result.update(counts)
    log_dir.cleanup()

    if args.executed:
        nbformat.write(nb, args.executed)
    exporter = HTMLExporter(
        extra_template_basedirs=[args.template_dir],
        template_name=args.template,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"wrapped": {"with_code": args.with_code}}
    )
    body = add_contents(body)
    with open(args.html, "w", encoding="utf-8") as out:
        out.write(body)
    print(json.dumps(result), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
