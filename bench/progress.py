"""A tiny progress bar (seed_bench writes it to stderr), so the command needs nothing beyond requirements.txt."""

import time

from django.core.management.base import OutputWrapper


class Progress:
    """Counts steps of one phase; redraws in place on a terminal, prints every 10% otherwise."""

    def __init__(self, label, total, stream=None):
        self.label, self.total, self.done = label, max(total, 0), 0
        self.stream = stream
        self.enabled = stream is not None
        self.tty = self.enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()
        self._last_decile = -1
        self._draw()

    def advance(self, steps):
        self.done = min(self.total, self.done + steps)
        self._draw()

    def close(self):
        self.done = self.total
        self._draw(final=True)

    def _write(self, text):
        # A command's stderr would end every write with a newline; the bar redraws one line.
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)

    def _draw(self, final=False):
        if not self.enabled:
            return
        fraction = self.done / self.total if self.total else 1.0
        decile = int(fraction * 10)
        if not self.tty and not final and decile == self._last_decile:
            return
        self._last_decile = decile
        bar = "#" * int(fraction * 30)
        line = f"{self.label:<10} [{bar:<30}] {self.done:>7}/{self.total} {time.monotonic() - self.started:6.1f}s"
        if self.tty:
            self._write("\r" + line + ("\n" if final else ""))
        elif final or decile != 10:
            self._write(line + "\n")
        self.stream.flush()
