"""Putting back display outputs the Deno kernel published but nbclient lost.

lib/notebook/kernel_display.ts numbers every display (output metadata key
SEQ_KEY) and, when WRAPPED_DISPLAY_LOG names a file, appends it there as one
JSON line {"seq": n, "data": bundle} before publishing it. The kernel's
ZeroMQ PUB socket drops messages when the reader falls behind, and nbclient
stops collecting a cell's outputs a few seconds after its reply, so on a busy
machine a chart can vanish from a report without an error. After each cell,
the runner reads the lines logged during that cell and restores the missing
ones in sequence order.
"""

import json

import nbformat

SEQ_KEY = "wrapped-streams/display-seq"
LOG_ENV = "WRAPPED_DISPLAY_LOG"


def output_seq(output):
    """The sequence number of one of our display outputs, else None."""
    seq = (output.get("metadata") or {}).get(SEQ_KEY)
    return seq if isinstance(seq, int) else None


class DisplayLog:
    """Reads a display log incrementally: each call returns the entries
    completed since the previous one (a line still being written waits)."""

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def read_new(self):
        try:
            with open(self.path, "rb") as log:
                log.seek(self.offset)
                chunk = log.read()
        except FileNotFoundError:
            return []
        end = chunk.rfind(b"\n") + 1
        self.offset += end
        return [json.loads(line) for line in chunk[:end].splitlines() if line.strip()]


def restore_missing(outputs, entries):
    """Inserts into `outputs` (a cell's list, changed in place) every logged
    entry whose sequence number no output carries, before the first of our
    outputs with a higher number. Returns how many were restored."""
    present = {output_seq(output) for output in outputs}
    restored = 0
    for entry in sorted(entries, key=lambda e: e["seq"]):
        seq = entry["seq"]
        if seq in present:
            continue
        output = nbformat.v4.new_output(
            "display_data", data=entry["data"], metadata={SEQ_KEY: seq}
        )
        position = next(
            (
                index
                for index, other in enumerate(outputs)
                if (output_seq(other) or 0) > seq
            ),
            len(outputs),
        )
        outputs.insert(position, output)
        present.add(seq)
        restored += 1
    return restored
