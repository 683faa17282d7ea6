"""YAML that remembers where each value was written, for error messages that
name the file and the line ("clinic-rules.yaml, line 12: ...").

PyYAML's composer keeps a mark on every node; this module turns the node tree
into dicts and lists that carry those line numbers (1-based).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a rules file, located."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class YamlSyntaxError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


class LMap(dict):
    """A mapping with the line of the mapping and of each key."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    """A sequence with the line of the sequence and of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


def line_of(value: Any, default: int = 0) -> int:
    return getattr(value, "line", default) or default


#: libyaml's parser when PyYAML was built with it (much faster); marks are the same.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _convert(loader: yaml.SafeLoader, node: yaml.Node, file: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LMap()
        out.line, out.key_lines = line, {}
        for key_node, value_node in node.value:
            key = _convert(loader, key_node, file)
            key_line = key_node.start_mark.line + 1
            if key == "<<":
                raise YamlSyntaxError(Problem(file, key_line, "merge keys ('<<') are not supported: write the values out"))
            if isinstance(key, (dict, list)):
                raise YamlSyntaxError(Problem(file, key_line, "a key must be plain text"))
            if key in out:
                raise YamlSyntaxError(Problem(file, key_line, f"'{key}' is given twice (first on line {out.key_lines[key]})"))
            out[key] = _convert(loader, value_node, file)
            out.key_lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_convert(loader, item, file) for item in node.value)
        seq.line, seq.item_lines = line, [item.start_mark.line + 1 for item in node.value]
        return seq
    return loader.construct_object(node, deep=True)


def load_located(text: str, file: str) -> Any:
    """Parse YAML text into LMap/LList/scalars; syntax errors name file and line."""
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        return None if node is None else _convert(loader, node, file)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (exc.context, exc.problem) if part) or "not valid YAML"
        raise YamlSyntaxError(Problem(file, line, f"not valid YAML: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(Problem(file, None, f"not valid YAML: {exc}")) from None
    finally:
        loader.dispose()
