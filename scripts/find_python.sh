#!/bin/sh
# Print the path of a Python 3.12+ interpreter, or explain and fail.
# Tried in order: $PYTHON, python3.14/3.13/3.12/python3 on PATH, then pyenv's
# installed versions directly (pyenv shims refuse to run unless selected).
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

if [ -n "${PYTHON:-}" ]; then
  if ok "$PYTHON"; then command -v "$PYTHON" || echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.12 or newer." >&2
  exit 1
fi
for candidate in python3.14 python3.13 python3.12 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && ok "$candidate"; then
    command -v "$candidate"; exit 0
  fi
done
# Newest first.
for candidate in $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 \
    /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9] 2>/dev/null | sort -r -V); do
  if [ -x "$candidate" ] && ok "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "Dramasite needs Python 3.12 or newer (Django 6.1) and none was found." >&2
echo "Install one, or point at it: make run PYTHON=/path/to/python3.13" >&2
exit 1
