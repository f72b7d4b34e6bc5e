"""A tiny HTML tree for assertions, built with the standard library's html.parser.

parse(html) returns the root Node. Each Node knows its tag, attributes, parent,
children and its position in document order, so tests can ask "is this inside
that?" and "does this come before that?" without regular expressions.
"""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent, order):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.order = order
        self.children = []  # Nodes and strings, in order

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        """All text inside, whitespace collapsed."""
        parts = []
        self._collect(parts)
        return " ".join("".join(parts).split())

    def _collect(self, parts):
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            else:
                child._collect(parts)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def is_inside(self, other):
        return any(node is other for node in self.ancestors())

    def find_all(self, tag=None, cls=None, **attrs):
        """Descendants matching tag, a class name and exact attribute values (attr_=… for reserved words)."""
        wanted = {key.rstrip("_"): value for key, value in attrs.items()}
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (cls is None or cls in node.classes)
            and all(node.attrs.get(key) == value for key, value in wanted.items())
        ]

    def find(self, tag=None, cls=None, **attrs):
        """The first match; fails the test if there is none."""
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}> with class={cls!r} {attrs} in {self!r}"
        return found[0]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.count = 0
        self.root = Node("#document", [], None, 0)
        self.stack = [self.root]

    def _add(self, tag, attrs):
        self.count += 1
        node = Node(tag, attrs, self.stack[-1], self.count)
        self.stack[-1].children.append(node)
        return node

    def handle_starttag(self, tag, attrs):
        node = self._add(tag, attrs)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self._add(tag, attrs)

    def handle_endtag(self, tag):
        # Close up to the matching open element; ignore stray end tags.
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html):
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root
