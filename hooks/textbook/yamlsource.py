"""YAML that remembers where things are, so errors can name a line, and that reads like text.

The book's YAML files (question banks, practice exercises, figures, the evidence register)
are written by authors, not programmers. Two YAML 1.1 habits would quietly change what they
wrote, so this loader turns them off:

- Implicit typing is limited to ``true``/``false``, ``null`` and plain decimal integers.
  Everything else stays the text the author typed: ``12:30`` is not 750, ``010`` is not 8,
  ``yes`` is not True and ``.278`` is the string ".278".
- Explicit tags (``!!binary``, ``!!python/…``, ``!!set``) are refused.

Aliases (``*name``) work, but a document whose aliases would expand to more than
``MAX_NODES`` values is refused before anything is built (no "billion laughs").
"""

from __future__ import annotations

import re

import yaml

# libyaml's parser when available: about ten times faster than the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 20_000  # values in a document once its aliases are expanded
_CORE_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


class LineDict(dict):
    """A mapping with the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict


class LineList(list):
    """A sequence with its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list


class YAMLSyntaxError(ValueError):
    """A YAML document that cannot be used, with the line of the problem."""

    def __init__(self, line: int, problem: str):
        super().__init__(problem)
        self.line = line
        self.problem = problem


class _LineLoader(_BaseLoader):
    pass


# Only YAML 1.2's core booleans, null and decimal integers are typed; the rest stays text.
_LineLoader.yaml_implicit_resolvers = {}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


def _line(node) -> int:
    return node.start_mark.line + 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = _line(node)
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise YAMLSyntaxError(_line(key_node), "a key must be a single word or phrase, not a list or mapping")
        key = loader.construct_object(key_node, deep=True)
        if key is None:
            key = ""
        if not isinstance(key, (str, int, bool)):
            key = str(key)
        if key in mapping:
            raise YAMLSyntaxError(_line(key_node), f"duplicate key '{shorten(key)}'; remove one of them")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = _line(key_node)
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = _line(node)
    items.item_lines = [_line(child) for child in node.value]
    return items


def _refuse_tag(loader: _LineLoader, suffix: str, node: yaml.Node):
    raise YAMLSyntaxError(_line(node), f"the tag '!!{suffix}' is not allowed; write plain text (quote it if needed)")


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_multi_constructor("tag:yaml.org,2002:", lambda loader, suffix, node: _refuse_tag(loader, suffix, node))
_LineLoader.add_multi_constructor("!", lambda loader, suffix, node: _refuse_tag(loader, "!" + suffix if suffix else "", node))
_LineLoader.add_multi_constructor("", lambda loader, suffix, node: _refuse_tag(loader, suffix, node))


def _check_tags_and_size(root: yaml.Node) -> None:
    """Refuse explicit tags, and aliases that would add more than MAX_NODES values once expanded
    (counted without expanding). A long file written out in full is not refused: only what
    aliases add beyond the values actually written counts."""
    sizes: dict[int, int] = {}
    aliased: set[int] = set()  # nodes whose value contains an alias
    children: dict[int, list[yaml.Node]] = {}

    def size(node: yaml.Node) -> tuple[int, bool]:
        if id(node) in sizes:  # an alias: the same node again, counted again but computed once
            return sizes[id(node)], True
        sizes[id(node)] = 1  # guards against recursive aliases
        if node.tag not in _CORE_TAGS:
            suffix = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YAMLSyntaxError(_line(node), f"the tag '{shorten(suffix)}' is not allowed; write plain text (quote it if needed)")
        if isinstance(node, yaml.MappingNode):
            kids = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            kids = list(node.value)
        else:
            kids = []
        total, alias = 1, False
        for kid in kids:
            kid_total, kid_alias = size(kid)
            total, alias = total + kid_total, alias or kid_alias or id(kid) in aliased
        sizes[id(node)], children[id(node)] = total, kids
        if alias:
            aliased.add(id(node))
        return total, alias

    total, _ = size(root)
    if total - len(sizes) <= MAX_NODES:
        return
    node = root  # point at the innermost value whose aliases blow up
    while True:
        inner = [k for k in children.get(id(node), []) if id(k) in aliased and sizes[id(k)] > MAX_NODES]
        if not inner:
            break
        node = max(inner, key=lambda k: sizes[id(k)])
    raise YAMLSyntaxError(_line(node), f"this value expands to more than {MAX_NODES:,} values through aliases (*name); write it out without aliases")


def load(text: str):
    """Parse one YAML document into LineDict/LineList values; raise YAMLSyntaxError."""
    if "\x00" in text:
        raise YAMLSyntaxError(text.count("\n", 0, text.index("\x00")) + 1, "the file contains a NUL byte; remove it")
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_tags_and_size(node)
        return loader.construct_document(node)
    except YAMLSyntaxError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return _raise(line, exc.problem or exc.context or "invalid YAML")
    except yaml.YAMLError as exc:  # errors without a position (rare)
        return _raise(1, str(exc).splitlines()[0] if str(exc) else "invalid YAML")
    except RecursionError:
        return _raise(1, "the document is nested too deeply")
    finally:
        loader.dispose()


def _raise(line: int, problem: str):
    raise YAMLSyntaxError(line, f"YAML syntax error: {shorten(problem, 160)}; fix the YAML syntax")


def shorten(value, limit: int = 60) -> str:
    """A value as an error message may echo it: one line, at most ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def decode(data: bytes) -> str:
    """Bytes of a source file as text; a file that is not UTF-8 raises YAMLSyntaxError naming its line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YAMLSyntaxError(line, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8") from None
    return text.removeprefix("\ufeff")


def load_file(path) -> object:
    """Parse a YAML file (UTF-8 required)."""
    return load(decode(path.read_bytes()))
