"""What the wpcheck test scripts of this directory share."""
import os
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


def run_named_test(g):
    """The main of a test script whose tests are functions t_<name>:
    argv[1] is wpcheck (set as the script's global WPCHECK), argv[2] the
    name of the test to run.  g is the script's globals()."""
    g["WPCHECK"] = os.path.abspath(sys.argv[1])
    g["t_" + sys.argv[2]]()
    print("ok")
