"""What a case file may cost: the bounds verify holds every case (and case file) to.

A case file is a stranger's data. Each bound below turns what would take verify down (a
crash, minutes of work, gigabytes) into a *case error* naming the case and the bound, and
the other cases still run. The defaults are far above what R keras cases need (the bundled
614 use at most 500 characters of R source, 3 levels of nesting and a few thousand
numbers); raise one with its ``verify`` flag, or from Python with
``verify(..., limits=Limits(elements=10**8))``. docs/case-format.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    #: bytes of one case file (``--max-file-bytes``)
    file_bytes: int = 32 * 2**20
    #: how deep JSON objects and lists may nest in a case file (``--max-json-depth``)
    json_depth: int = 64
    #: characters of one JSON number (a 5000-digit number is refused, not parsed)
    number_chars: int = 100
    #: characters of R source in one field: args, input, set_weights (``--max-source-chars``)
    source_chars: int = 100_000
    #: how deep one R expression may nest, calls and operators counted (``--max-depth``)
    depth: int = 64
    #: R calls, names and values in one field's expression (``--max-nodes``)
    nodes: int = 200_000
    #: elements all the vectors one case makes may hold together, checked before R
    #: allocates each (``--max-elements``)
    elements: int = 10_000_000
    #: seconds the sandbox may spend checking and evaluating one case (``--case-timeout``)
    seconds: float = 20.0
    #: MiB of memory (address space) the sandbox R may use (``--max-memory``)
    memory_mb: int = 2048


DEFAULT = Limits()

# The command-line flag of each limit (python -m rbridge verify --max-elements N ...).
FLAGS = {"file_bytes": "--max-file-bytes", "json_depth": "--max-json-depth", "source_chars": "--max-source-chars",
         "depth": "--max-depth", "nodes": "--max-nodes", "elements": "--max-elements",
         "seconds": "--case-timeout", "memory_mb": "--max-memory"}

assert set(FLAGS) <= {f.name for f in fields(Limits)}
