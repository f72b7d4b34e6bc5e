"""`make audit` fails on a known vulnerability in a pinned requirement, unless SECURITY.md waives it.

These tests ask PyPI's vulnerability data over the network, as CI's audit does.
"""

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "audit_dependencies.py"
# A package whose latest (and last) release has published advisories and no fix.
VULNERABLE_PIN = "pycrypto==2.6.1"
ADVISORIES = ["PYSEC-2017-94", "PYSEC-2018-97"]


def audit(tmp_path, requirements, waivers):
    (tmp_path / "requirements.txt").write_text(requirements + "\n")
    (tmp_path / "SECURITY.md").write_text(
        "# Security\n\n## Waivers\n\n"
        + "".join(f"- `{advisory}` (pycrypto): test waiver.\n" for advisory in waivers)
        + "\n## After\n\n- `PYSEC-0000-1` is outside the section and must not count.\n"
    )
    env = {**os.environ, "AUDIT_WAIVERS_FILE": str(tmp_path / "SECURITY.md")}
    return subprocess.run(  # noqa: S603 -- our own interpreter and script
        [sys.executable, str(SCRIPT), "-r", str(tmp_path / "requirements.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_known_vulnerability_fails_the_audit(tmp_path):
    """A pinned requirement with published advisories makes the audit exit 1 and name them."""
    result = audit(tmp_path, VULNERABLE_PIN, waivers=[])
    assert result.returncode == 1, result.stderr
    for advisory in ADVISORIES:
        assert advisory in result.stdout
    assert "Waived in SECURITY.md: none" in result.stderr


def test_waivers_in_security_md_let_it_pass(tmp_path):
    """The same requirement passes once every one of its advisories is listed under "## Waivers"."""
    result = audit(tmp_path, VULNERABLE_PIN, waivers=ADVISORIES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Waived in SECURITY.md: {', '.join(ADVISORIES)}" in result.stderr


def test_one_waiver_is_not_enough_for_two_advisories(tmp_path):
    """Waiving one advisory still fails on the other: waivers are per advisory, not per package."""
    result = audit(tmp_path, VULNERABLE_PIN, waivers=ADVISORIES[:1])
    assert result.returncode == 1
    assert ADVISORIES[1] in result.stdout


def test_a_requirement_that_cannot_be_audited_fails(tmp_path):
    """A version PyPI does not know cannot be checked, so the audit fails instead of passing quietly."""
    result = audit(tmp_path, "django==0.0.1", waivers=[])
    assert result.returncode == 1
    assert "could not be audited" in result.stdout + result.stderr
