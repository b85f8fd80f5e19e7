"""Plan files as text: bytes -> TOML or JSON data, with limits, and lines for paths.

What is read is bounded: a file over `MAX_PLAN_BYTES` is refused, a number too long
for Python to read is a `Number` for the plan model to refuse by field, a duplicate
key or a bare ``NaN`` is a `PlanError` naming its line and path. `line_of` finds the
line that sets a field path ("trips[1].nights") so that model errors can name it.
No model here: `tripcost.plan` validates what this returns.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import NoReturn

from tripcost.counts import brief
from tripcost.errors import PlanError

__all__ = ["MAX_PLAN_BYTES", "Number", "decode_plan", "line_of", "placed", "read_plan_file"]

#: A plan file larger than this is not a plan.
MAX_PLAN_BYTES = 1024 * 1024
#: Integers longer than this are read as a `Number` (every plan field is far smaller).
_MAX_INT_DIGITS = 40


class Number(Decimal):
    """A number as written in a plan file where it has a fraction, an exponent or too
    many digits for an ``int``: exact, and shown briefly in error messages."""

    __slots__ = ()

    def __repr__(self) -> str:
        return brief(self)


#: a message that starts with a plan's field path: "trips[0].treatments[1].treatment: …"
_FIELD_FIRST = re.compile(r"(trips\[\d+\][\w.\[\]]*|currency|party|contingency)(?=: )")


def placed(path: str, message: str) -> str:
    """``message`` about plan file ``path`` as errors found while reading it are written:
    "plan.toml line 7: trips[0]…: …" (the line where its field path is set, when the
    message starts with one and the file still says so)."""
    if message.startswith((path, str(Path(path)))):  # ./plan.toml is written plan.toml
        return message
    at = None
    field_path = _FIELD_FIRST.match(message)
    if field_path:
        try:
            fmt = Path(path).suffix.lower().lstrip(".")
            _, text = decode_plan(read_plan_file(Path(path)), fmt, path)
            at = line_of(text, fmt, field_path.group(1))
        except PlanError:  # changed or gone since: the file's name alone
            at = None
    return f"{path}{f' line {at}' if at else ''}: {message}"


def read_plan_file(path: Path) -> bytes:
    """The bytes of a plan file: a regular file, read no further than the limit (a FIFO
    or ``/dev/zero`` is refused, never waited on)."""
    from tripcost.files import read_limited

    if not path.exists():
        raise PlanError(f"{path}: no such file")
    if path.is_dir():
        raise PlanError(f"{path}: is a folder, not a plan file")
    return read_limited(path, MAX_PLAN_BYTES, "plan file", error=PlanError)


def decode_plan(data: str | bytes, fmt: str, name: str) -> tuple[object, str]:
    """The data of a TOML or JSON plan and its text, or a `PlanError` naming ``name``."""
    if fmt not in ("toml", "json"):
        raise PlanError(f"{name}: unknown plan format {fmt!r}; use toml or json")
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_PLAN_BYTES:
        msg = f"{name}: {len(raw)} bytes is too large for a plan file (limit 1 MiB)"
        raise PlanError(msg)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanError(f"{name} line {line}: not UTF-8 text") from None
    return (_toml(text, name) if fmt == "toml" else _json(text, name)), text


# -- JSON ------------------------------------------------------------------------------


class _Duplicate(Exception):
    pass


class _Constant(Exception):
    pass


def _pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate
    return out


def _constant(text: str) -> NoReturn:
    raise _Constant(text)


def _int(text: str) -> int | Number:
    return int(text) if len(text.lstrip("-")) <= _MAX_INT_DIGITS else Number(text)


def _json(text: str, name: str) -> object:
    try:
        return json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_int=_int,
            parse_float=Number,
            parse_constant=_constant,
        )
    except json.JSONDecodeError as exc:
        msg = f"{name} line {exc.lineno}, column {exc.colno}: invalid JSON: {exc.msg}"
        raise PlanError(msg) from None
    except RecursionError:
        raise PlanError(f"{name}: invalid JSON: nested too deeply") from None
    except _Duplicate:
        for pos, path, _token, duplicate in _json_tokens(text):
            if duplicate:
                raise PlanError(f"{name} line {_line(text, pos)}: {path}: duplicate key") from None
        raise PlanError(f"{name}: duplicate key") from None  # pragma: no cover
    except _Constant as exc:
        bare = str(exc)
        for pos, path, token, _ in _json_tokens(text):
            if token == bare:
                at = f"{name} line {_line(text, pos)}: {path or '(top level)'}"
                raise PlanError(f"{at}: {bare} is not a JSON number") from None
        raise PlanError(f"{name}: {bare} is not a JSON number") from None  # pragma: no cover


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')


@dataclass
class _Open:
    """An open object ('{': its keys so far, the current key, whether a key comes next)
    or array ('[': the index of the current item)."""

    kind: str
    index: int = 0
    keys: set[str] = field(default_factory=set)
    key: str | None = None
    want: bool = True


def _json_tokens(text: str) -> Iterator[tuple[int, str, str, bool]]:
    """(offset, field path, token, is a repeated key) for each key and scalar of valid
    JSON text; a key's path ends with the key itself."""
    stack: list[_Open] = []

    def path() -> str:
        out = ""
        for c in stack:
            if c.kind == "[":
                out += f"[{c.index}]"
            elif c.key is not None:
                out += ("." if out else "") + c.key
        return out

    for m in _JSON_TOKEN.finditer(text):
        tok = m.group()
        top = stack[-1] if stack else None
        if tok in "{[":
            stack.append(_Open(tok))
        elif tok in "]}" and stack:
            stack.pop()
        elif tok == "," and top is not None:
            if top.kind == "[":
                top.index += 1
            else:
                top.want = True
        elif tok == ":":
            continue
        elif top is not None and top.kind == "{" and top.want and tok.startswith('"'):
            key = str(json.loads(tok))
            top.want, top.key = False, key
            yield m.start(), path(), tok, key in top.keys
            top.keys.add(key)
        else:
            yield m.start(), path(), tok, False


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


# -- TOML ------------------------------------------------------------------------------


def _toml(text: str, name: str) -> object:
    try:
        return tomllib.loads(text, parse_float=lambda s: Number(s.replace("_", "")))
    except tomllib.TOMLDecodeError as exc:
        if str(exc).startswith("Cannot overwrite a value"):
            seen: set[str] = set()
            for line, path in _toml_keys(text):
                if path in seen:
                    raise PlanError(f"{name} line {line}: {path}: duplicate key") from None
                seen.add(path)
        raise PlanError(f"{name}: invalid TOML: {exc}") from None
    except RecursionError:
        raise PlanError(f"{name}: invalid TOML: nested too deeply") from None
    except ValueError:  # an integer too long for int(): Python's digit limit
        m = re.search(r"[0-9_]{1000,}", text)
        if m is None:
            raise PlanError(f"{name}: invalid TOML: a value cannot be read") from None
        at = _line(text, m.start())
        paths = [p for line, p in _toml_keys(text) if line == at]
        where = f"{name} line {at}" + (f": {paths[0]}" if paths else "")
        digits = len(m.group().replace("_", ""))
        raise PlanError(f"{where}: a number of {digits} digits is too large") from None


_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
    r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'))*)\s*="""
)


def _toml_parts(dotted: str) -> list[str]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'""", dotted)
    return [_unquote(p) if p[:1] in "\"'" else p for p in parts]


def _unquote(key: str) -> str:
    if key[:1] == "'":
        return key[1:-1]
    try:  # a basic string's escapes are JSON's, but for \UXXXXXXXX
        return str(json.loads(key))
    except ValueError:
        return key[1:-1]


def _toml_keys(text: str) -> Iterator[tuple[int, str]]:
    """(line, field path) for each ``key = value`` line of TOML text, with array-of-
    tables indices (``trips[1].treatments[0].sessions``). Good for valid-looking files;
    a key inside a multi-line string or an inline table is not seen."""
    counts: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        head = _TOML_HEADER.match(line)
        if head:
            parts = _toml_parts(head.group(2))
            full = ".".join(parts)
            if head.group(1) == "[[":
                counts[full] = counts.get(full, 0) + 1
                for k in [k for k in counts if k.startswith(full + ".")]:
                    del counts[k]
            table = ""
            for i in range(len(parts)):
                prefix = ".".join(parts[: i + 1])
                table += ("." if table else "") + parts[i]
                if prefix in counts:
                    table += f"[{counts[prefix] - 1}]"
            continue
        key = _TOML_KEY.match(line)
        if key:
            yield number, ".".join(p for p in [table, *_toml_parts(key.group(1))] if p)


def line_of(text: str, fmt: str, path: str) -> int | None:
    """The line that sets the field ``path`` in a plan's text; for a table or an item of
    a list ("trips[1]"), the first line that sets a field in it; failing both, the line
    of the closest enclosing field (a TOML inline table), when one can be found."""
    found: dict[str, int] = {}
    if fmt == "json":
        for pos, at, _, _ in _json_tokens(text):
            found.setdefault(at, _line(text, pos))
    else:
        for line, at in _toml_keys(text):
            found.setdefault(at, line)
    while path not in found:
        inside = [line for at, line in found.items() if at.startswith((f"{path}.", f"{path}["))]
        if inside:  # a table or an item not set on a line of its own: its first field
            return min(inside)
        shorter = re.sub(r"(?:\.[^.\[]*|\[\d+\])$", "", path)  # the enclosing field
        if shorter == path:
            return None
        path = shorter
    return found[path]
