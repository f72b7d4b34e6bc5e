"""Mozilla's ical.js (npm, package.json) reading a calendar the way calendar apps do.

A second, independent parser beside the icalendar package: it is what
Thunderbird and many web calendars use. Needs node and `make browser-deps`;
without them the tests that use it skip with one line, and under CI=true
they fail, as the browser tests do.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ICALJS = Path(__file__).resolve().parents[1] / "node_modules" / "ical.js" / "dist" / "ical.es5.cjs"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

# Parse stdin; print the top component's name and every subcomponent's, or the parser's error.
SCRIPT = """
const ICAL = require(process.argv[1]);
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", () => {
  const top = new ICAL.Component(ICAL.parse(text));
  const events = top.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c)).map((e) => ({
    uid: e.uid, summary: e.summary, start: e.startDate.toString(), zone: e.startDate.zone && e.startDate.zone.tzid,
  }));
  console.log(JSON.stringify({name: top.name, components: top.getAllSubcomponents().map((c) => c.name), events}));
});
"""


def parse_with_icaljs(data):
    """{"name", "components", "events"} as ical.js reads data (bytes); raises if it cannot."""
    node = shutil.which("node")
    if not node or not ICALJS.exists():
        message = f"ical.js not found at {ICALJS}: run `make browser-deps` (needs npm and node)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(  # noqa: S603 -- node with our own script
        [node, "-e", SCRIPT, str(ICALJS)], input=data, capture_output=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)
