"""A static check that every text the dashboard hands to Streamlit's Markdown is escaped.

Streamlit renders Markdown in `st.markdown`, `caption`, `write`, the alert boxes, headers, expander
and widget labels and `help=` tooltips. An argument there is *safe* when the source proves it cannot
carry markup from the data:

- a literal, or a number (`len(...)`, arithmetic, an f-string field with a numeric format);
- a call of the escaper (`escape_markdown`, imported as `md`) or of a function whose every `return`
  is safe (found by a fixed point over the package: `problem_lines`, `links_markdown`, ...), or of
  a method of the vocabulary (its labels are declared in `vocabulary.yaml`, reviewed as code);
- a value whose declared type cannot hold markup (a field or parameter annotated `int`, `float`,
  `bool`, `dt.date`, ...; a function returning one);
- an f-string, `+`, `"sep".join(...)`, conditional, list, tuple, dict or comprehension made only of
  safe parts, or a string method (`strip`, `replace`, ...) of a safe string;
- a name every assignment of which (in its function, then its module, then the module it is
  imported from) is safe; a loop variable over a safe collection; an attribute every keyword
  argument or assignment of that name in the package gives a safe value.

Anything else (a data frame's cell, a parameter of unknown type) is unsafe: the page must escape it.
The analysis is conservative: it may ask for an escape that is not needed, never the reverse for
the forms above.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

#: Calls whose first argument (all of them for `write`) is rendered as Markdown.
MARKDOWN_CALLS = {
    "markdown",
    "caption",
    "write",
    "info",
    "warning",
    "error",
    "success",
    "subheader",
    "header",
    "title",
    "toast",
    "expander",
}
#: Widgets whose label is rendered as Markdown.
LABELLED = {
    "button",
    "download_button",
    "page_link",
    "link_button",
    "checkbox",
    "toggle",
    "radio",
    "selectbox",
    "multiselect",
    "metric",
    "text_input",
    "text_area",
    "date_input",
    "slider",
    "select_slider",
    "number_input",
    "popover",
    "form_submit_button",
    "segmented_control",
    "pills",
}
ESCAPERS = {"escape_markdown", "md"}
#: Objects whose methods return text the project declares (vocabulary.yaml is reviewed as code).
TRUSTED_OBJECTS = {"VOCABULARY"}
#: Caches that return what the function at the given argument makes (dashboard/shared.py).
CACHES = {"per_view": 1, "_built": 3}
#: Calls that give numbers or percent-encoded text, never markup.
PLAIN_RESULTS = {"len", "int", "float", "round", "abs", "sum", "isoformat", "quote", "urlencode"}
#: Calls whose result is made only of their receiver's and arguments' text.
PASS_THROUGH = {
    "str",
    "max",
    "min",
    "list",
    "tuple",
    "sorted",
    "reversed",
    "zip",
    "enumerate",
    "values",
    "maketrans",
}
STRING_METHODS = {
    "strip",
    "rstrip",
    "lstrip",
    "replace",
    "translate",
    "capitalize",
    "upper",
    "lower",
}
#: Declared types that cannot carry markup.
PLAIN_TYPES = {
    "int",
    "float",
    "bool",
    "dt.date",
    "dt.datetime",
    "int | None",
    "float | None",
    "dt.date | None",
    "dt.datetime | None",
    "tuple[dt.date, ...]",
}
_NUMERIC_FORMAT = re.compile(r".*([,_]|[dfeEgG%n])")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


class Escaping:
    """The analysis over the modules `files`, with the declared types of `typed` modules too."""

    def __init__(self, root: Path, files: list[Path], typed: list[Path]) -> None:
        self.root = root
        self.modules = {p.resolve(): ast.parse(p.read_text(encoding="utf-8")) for p in files}
        self.checked = list(self.modules)
        for path in typed:
            self.modules.setdefault(path.resolve(), ast.parse(path.read_text(encoding="utf-8")))
        self.parent: dict[ast.AST, ast.AST] = {}
        for path in self.checked:
            for node in ast.walk(self.modules[path]):
                for child in ast.iter_child_nodes(node):
                    self.parent[child] = node
        self.field_types: dict[str, set[str]] = {}
        self.return_types: dict[str, set[str]] = {}
        for tree in self.modules.values():
            self._declared_types(tree)
        self.given: dict[str, list[ast.expr]] = {}
        for path in self.checked:
            self._given_values(self.modules[path])
        self.assigned: dict[ast.AST, dict[str, list[ast.expr | None]]] = {}
        self.fields: dict[str, bool] = {}
        self.pending: set[str] = set()
        self.safe_functions = set(ESCAPERS)
        self._find_safe_functions()

    # What the source declares and assigns.

    def _declared_types(self, tree: ast.Module) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        kinds = self.field_types.setdefault(item.target.id, set())
                        kinds.add(ast.unparse(item.annotation))
            elif isinstance(node, _FUNCTIONS) and node.returns is not None:
                kinds = self.return_types.setdefault(node.name, set())
                kinds.add(ast.unparse(node.returns))

    def _given_values(self, tree: ast.Module) -> None:
        """Every value given to a name as a keyword argument or assigned to `x.name`."""
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg:
                self.given.setdefault(node.arg, []).append(node.value)
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Attribute):
                        self.given.setdefault(target.attr, []).append(node.value)

    def _scope(self, node: ast.AST) -> ast.AST:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, (*_FUNCTIONS, ast.Module)):
                return node
        return node

    def _assignments(self, scope: ast.AST) -> dict[str, list[ast.expr | None]]:
        """Each name's values in `scope` (None for a value the analysis cannot know)."""
        if scope in self.assigned:
            return self.assigned[scope]
        out: dict[str, list[ast.expr | None]] = {}

        def add(name: str, value: ast.expr | None) -> None:
            out.setdefault(name, []).append(value)

        for node in ast.walk(scope):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    for name in ast.walk(target):
                        if isinstance(name, ast.Name):
                            add(name.id, node.value if name is target else None)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
                if isinstance(node.target, ast.Name) and node.value is not None:
                    add(node.target.id, node.value)
            elif isinstance(node, ast.NamedExpr):
                add(node.target.id, node.value)
            elif isinstance(node, (ast.For, ast.comprehension)):
                for name in ast.walk(node.target):
                    if isinstance(name, ast.Name):
                        add(name.id, node.iter)  # an element of a safe collection is safe
            elif isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if isinstance(item.optional_vars, ast.Name):
                        add(item.optional_vars.id, None)
            elif isinstance(node, ast.arg):
                typed = node.annotation is not None and ast.unparse(node.annotation) in PLAIN_TYPES
                add(node.arg, ast.Constant(0) if typed else None)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                owner, method = node.func.value, node.func.attr
                if isinstance(owner, ast.Name) and node.args:
                    if method in ("append", "insert", "setdefault"):
                        add(owner.id, node.args[-1])
                    elif method == "extend":
                        add(owner.id, node.args[0])
            elif isinstance(node, ast.ImportFrom) and isinstance(scope, ast.Module):
                for alias in node.names:
                    add(alias.asname or alias.name, self._imported(node, alias.name))
        self.assigned[scope] = out
        return out

    def _imported(self, node: ast.ImportFrom, name: str) -> ast.expr | None:
        """A module-level constant's value in the project module it is imported from."""
        path = self.root.joinpath(*(node.module or "").split(".")).with_suffix(".py").resolve()
        for item in getattr(self.modules.get(path), "body", []):
            targets = item.targets if isinstance(item, ast.Assign) else []
            if isinstance(item, ast.AnnAssign) and item.value is not None:
                targets = [item.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                return item.value
        return None

    # Safety.

    def _find_safe_functions(self) -> None:
        definitions: dict[str, list[ast.AST]] = {}
        for path in self.checked:
            for node in ast.walk(self.modules[path]):
                if isinstance(node, _FUNCTIONS):
                    definitions.setdefault(node.name, []).append(node)
        changed = True
        while changed:
            changed = False
            for name, nodes in definitions.items():
                if name in self.safe_functions:
                    continue
                returns = [r.value for n in nodes for r in ast.walk(n) if isinstance(r, ast.Return)]
                if returns and all(r is not None and self.safe(r) for r in returns):
                    self.safe_functions.add(name)
                    self.fields.clear()  # a field judged before may be safe now
                    changed = True

    def _plain_type(self, kinds: set[str] | None) -> bool:
        return bool(kinds) and kinds <= PLAIN_TYPES  # type: ignore[operator]

    def _field(self, attr: str) -> bool:
        if self._plain_type(self.field_types.get(attr)):
            return True
        if attr in self.fields:
            return self.fields[attr]
        if attr in self.pending:
            return True  # within its own check: decided by the other values
        self.pending.add(attr)
        values = self.given.get(attr, [])
        result = bool(values) and all(self.safe(v) for v in values)
        self.pending.discard(attr)
        self.fields[attr] = result
        return result

    def _name(self, node: ast.Name, seen: frozenset) -> bool:
        scope = self._scope(node)
        while True:
            key = (node.id, id(scope))
            if key in seen:
                return True
            values = self._assignments(scope).get(node.id)
            if values:
                inner = seen | {key}
                return all(v is not None and self.safe(v, inner) for v in values)
            if isinstance(scope, ast.Module):
                return False
            scope = self._scope(scope)

    def _call(self, node: ast.Call, seen: frozenset) -> bool:
        name = _name(node)
        if name in self.safe_functions or name in PLAIN_RESULTS:
            return True
        if self._plain_type(self.return_types.get(name)):
            return True
        receiver = [node.func.value] if isinstance(node.func, ast.Attribute) else []
        if receiver and isinstance(receiver[0], ast.Name) and receiver[0].id == "str":
            receiver = []  # str.maketrans(...): a method of the type, not of a text
        if receiver and isinstance(receiver[0], ast.Name) and receiver[0].id in TRUSTED_OBJECTS:
            return True
        if name in CACHES and len(node.args) > CACHES[name]:
            return self._makes_safe(node.args[CACHES[name]], seen)
        if name == "join" and receiver and isinstance(receiver[0], ast.Constant):
            return all(self.safe(a, seen) for a in node.args)
        if name == "get" and receiver:
            return all(self.safe(a, seen) for a in [*receiver, *node.args[1:]])
        if name in PASS_THROUGH or (name in STRING_METHODS and receiver):
            return all(self.safe(a, seen) for a in [*receiver, *node.args])
        return False

    def _makes_safe(self, builder: ast.expr, seen: frozenset) -> bool:
        """Whether calling `builder` (a lambda or a function's name) gives a safe value."""
        if isinstance(builder, ast.Lambda):
            return self.safe(builder.body, seen)
        return isinstance(builder, ast.Name) and builder.id in self.safe_functions

    def safe(self, node: ast.AST, seen: frozenset = frozenset()) -> bool:
        """Whether `node`'s value cannot carry markup from the data (see the module's doc)."""
        if isinstance(node, ast.Constant | ast.UnaryOp):
            return True
        if isinstance(node, ast.FormattedValue):
            spec = node.format_spec
            text = "".join(
                str(v.value) for v in getattr(spec, "values", []) if isinstance(v, ast.Constant)
            )
            return bool(spec and _NUMERIC_FORMAT.fullmatch(text)) or self.safe(node.value, seen)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Sub | ast.Div | ast.FloorDiv | ast.Pow):
                return True  # only numbers support these
            return isinstance(node.op, ast.Add) and all(
                self.safe(side, seen) for side in (node.left, node.right)
            )
        if isinstance(node, ast.JoinedStr | ast.List | ast.Tuple | ast.Set):
            parts = node.values if isinstance(node, ast.JoinedStr) else node.elts
            return all(self.safe(p, seen) for p in parts)
        if isinstance(node, ast.Dict):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, seen) and self.safe(node.orelse, seen)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            return self.safe(node.elt, seen)
        if isinstance(node, ast.Subscript | ast.Starred):
            return self.safe(node.value, seen)
        if isinstance(node, ast.Attribute):
            return self._field(node.attr)
        if isinstance(node, ast.Call):
            return self._call(node, seen)
        if isinstance(node, ast.Name):
            return self._name(node, seen)
        return False

    # The check.

    def rendered(self, call: ast.Call) -> list[ast.expr]:
        """The arguments of `call` that Streamlit renders as Markdown."""
        name = _name(call)
        out: list[ast.expr] = []
        if name in MARKDOWN_CALLS:
            out += call.args if name == "write" else call.args[:1]
            out += [k.value for k in call.keywords if k.arg in ("body", "label")]
        elif name in LABELLED:
            positional = [] if name == "page_link" else call.args[:1]  # its first is the page
            out += positional + [k.value for k in call.keywords if k.arg == "label"]
        return out + [k.value for k in call.keywords if k.arg == "help"]

    def unescaped(self) -> list[str]:
        """'path:line: source' of every rendered argument that is not safe."""
        found = []
        for path in self.checked:
            for node in ast.walk(self.modules[path]):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    for text in self.rendered(node):
                        if not self.safe(text):
                            where = path.relative_to(self.root)
                            found.append(f"{where}:{text.lineno}: {ast.unparse(text)[:100]}")
        return found
