"""The files a command reads, so that ``--output`` never replaces one of them.

``estimate plan.toml --output plan.toml`` would replace the plan with its own estimate,
and ``compare co2 --catalog prices --output prices/prices.csv`` the catalog with a
comparison. Every command notes what it reads (the plan, the catalog's data files and
the source documents its quotes were checked against, embedded ones included) and
`refuse_own_input` refuses an output that is one of them: the same path, a symlink to
it, or another name of the same file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tripcost.errors import OutputError

if TYPE_CHECKING:
    from tripcost.resolve.catalog import Catalog

__all__ = ["Input", "catalog_files", "refuse_own_input"]

#: (what the file is, for a message; its path)
Input = tuple[str, str]


def _package_folder(name: str) -> Path | None:
    """The package's ``data`` or ``seeds`` folder, when it is a folder on disk."""
    folder = Path(str(resources.files("tripcost").joinpath(name)))
    return folder if folder.is_dir() else None


def catalog_files(path: str | None, cat: Catalog) -> list[Input]:
    """The files ``load_catalog(path)`` read: the data files (the embedded ones too) and
    the source documents beside a user's catalog that its rows cite."""
    from tripcost.resolve.load import FILES

    out: list[Input] = []
    for folder, what in ((_package_folder("data"), "the embedded data file"),
                         (_package_folder("seeds"), "the embedded source")):  # fmt: skip
        if folder is not None:
            out += [(what, str(f)) for f in sorted(folder.rglob("*")) if f.is_file()]
    if path is None:
        return out
    user = Path(path)
    if user.is_file():
        out.append(("the catalog", str(user)))
        beside = user.parent
    else:
        beside = user
        out += [("the catalog file", str(user / name)) for name, _ in FILES.values()
                if (user / name).is_file()]  # fmt: skip
    rows: Iterable[object] = (*cat.prices, *cat.living_rows, *cat.facts, *cat.rules)
    cited = {ref for r in rows if isinstance(ref := getattr(r, "source", None), str)}
    for ref in sorted(cited):
        f = beside / ref
        if "/" not in ref and f.is_file():
            out.append(("the catalog's source", str(f)))
    return out


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)  # the same file under any name (a symlink, a hard link)
    except (OSError, ValueError):
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_own_input(output: str, inputs: Sequence[Input]) -> None:
    """An `OutputError` if writing ``output`` would replace a file the command read."""
    if output == "-":
        return
    for what, path in inputs:
        if _same(output, path):
            msg = (
                f"--output {output} would replace {what} {path}, which this command reads; "
                "write the output to another file"
            )
            raise OutputError(msg)
