"""CI-only pass: the book, built by ``make book``, opened in a real browser.

    python scripts/browser_pass.py        (.ci/run calls it after make test)

Installs Debian's ``chromium`` with apt where the machine has apt (as root, or through
``sudo -n``), builds the book with ``make book``, and runs ``tests/test_book.py`` with
``BOOK_BROWSER_REQUIRED=1``, so that a browser that is still missing fails the test instead of
skipping it. On a machine without apt, or where apt needs a password, it prints a NOTICE and
passes: there is no standard way to install a browser there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    print("$ " + " ".join(command), flush=True)
    return subprocess.run(command, cwd=REPO, **options)


def install_chromium() -> str:
    """Install Debian's chromium with apt; why not, where apt cannot be used ("" if done)."""
    if any(shutil.which(name) for name in BROWSERS):
        return ""
    if not shutil.which("apt-get"):
        return "this machine has no Chromium and no apt-get to install it with"
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if sudo and (not shutil.which("sudo") or run([*sudo, "true"]).returncode != 0):
        return "apt-get needs root, and this user has no password-free sudo"
    install = [*sudo, "apt-get", "install", "-y", "-q", "chromium"]
    quiet = {"stdout": subprocess.DEVNULL}
    if run(install, **quiet).returncode != 0:
        # A new machine may not have read its package lists yet.
        run([*sudo, "apt-get", "update", "-q"], check=True, **quiet)
        run(install, check=True, **quiet)
    return ""


def main() -> int:
    reason = install_chromium()
    if reason:
        print(f"browser pass: NOTICE, skipped: {reason}; the book's browser test did not run.",
              flush=True)
        return 0
    # The documented command first; the test then builds the same site again, from the same
    # code, so that it never tests a stale book.
    run(["make", "book"], check=True)
    environment = dict(os.environ, BOOK_BROWSER_REQUIRED="1")
    return run([sys.executable, "-m", "pytest", "-q", "tests/test_book.py"],
               env=environment).returncode


if __name__ == "__main__":
    sys.exit(main())
