"""Executes notebooks headlessly with nbclient and, on request, renders them to offline HTML.

Called by pipeline/notebooks/execute.ts with Debian's /usr/bin/python3 (the one that has nbclient). Prints one
JSON line per notebook on stdout: {"notebook", "status": "ok"|"error", "seconds", "cell", "source", "error",
"html", "executed"}; exits 1 when any notebook failed. tslab reports a failing cell as an execute reply with status
"error" and the message on the cell's stderr (no ename/evalue), so the error text is read from the cell's outputs.
"""

import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

TEMPLATE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template")


def cell_error_text(cell):
    """What the failing cell printed: error outputs first, then its stderr."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            parts.append("%s: %s" % (output.get("ename", "Error"), output.get("evalue", "")))
            parts.extend(output.get("traceback", []))
        elif output.get("output_type") == "stream" and output.get("name") == "stderr":
            parts.append(output.get("text", ""))
    return "\n".join(p.rstrip() for p in parts if p).strip()


def notebook_title(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def render_html(nb, name):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[TEMPLATE_DIR])
    # Belt and braces: the offline template drops these blocks, and empty URLs keep any other template offline.
    exporter.mathjax_url = ""
    exporter.require_js_url = ""
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": notebook_title(nb, name)}})
    return body


def execute(path, args):
    name = os.path.splitext(os.path.basename(path))[0]
    nb = nbformat.read(path, as_version=4)
    failed = {}

    def on_cell_error(cell, cell_index, execute_reply):
        failed["index"] = cell_index

    client = NotebookClient(
        nb,
        timeout=args.timeout,
        startup_timeout=args.startup_timeout,
        kernel_name=args.kernel or nb.metadata.get("kernelspec", {}).get("name", ""),
        resources={"metadata": {"path": args.cwd}},
        on_cell_error=on_cell_error,
    )
    started = time.monotonic()
    result = {"notebook": path, "status": "ok"}
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index = failed.get("index")
        cell = nb.cells[index] if index is not None else None
        text = cell_error_text(cell) if cell is not None else ""
        result.update(
            status="error",
            cell=index,
            source=cell.source if cell is not None else "",
            error=text or str(error).strip(),
        )
    except Exception as error:  # the kernel did not start, the notebook is malformed, …
        result.update(status="error", cell=None, source="", error="%s: %s" % (type(error).__name__, error))
    result["seconds"] = round(time.monotonic() - started, 2)
    if args.executed_dir:
        target = os.path.join(args.executed_dir, name + ".ipynb")
        nbformat.write(nb, target)
        result["executed"] = target
    if args.html_dir and result["status"] == "ok":
        target = os.path.join(args.html_dir, name + ".html")
        with open(target, "w", encoding="utf-8") as out:
            out.write(render_html(nb, name))
        result["html"] = target
        result["title"] = notebook_title(nb, name)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--cwd", required=True, help="working directory of the kernel")
    parser.add_argument("--kernel", default="", help="kernel name; default the notebook's kernelspec")
    parser.add_argument("--timeout", type=int, default=300, help="seconds a cell may run")
    parser.add_argument("--startup-timeout", type=int, default=120, help="seconds the kernel may take to start")
    parser.add_argument("--executed-dir", help="write executed notebooks here")
    parser.add_argument("--html-dir", help="write an HTML rendering of each executed notebook here")
    args = parser.parse_args(argv)
    ok = True
    for path in args.notebooks:
        result = execute(path, args)
        ok = ok and result["status"] == "ok"
        print(json.dumps(result), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
