"""What the wpcheck test scripts of this directory share."""
import sys


def check(cond, what, proc=None):
    """Fails the test (exit 1) with `what`, and the output of proc if given,
    unless cond holds."""
    if not cond:
        print("FAILED:", what)
        if proc is not None:
            print("exit", proc.returncode)
            print("stdout:", proc.stdout)
            print("stderr:", proc.stderr)
        sys.exit(1)
