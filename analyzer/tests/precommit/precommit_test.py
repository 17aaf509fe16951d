#!/usr/bin/env python3
"""wpcheck under the real pre-commit framework, offline.

precommit_test.py WPCHECK REPO_ROOT

In a scratch git repository: a `repo: local` hook (language: system, wpcheck
put on PATH from the build directory) refuses a commit of a file with a
finding and prints it, and lets the corrected file through.  Then this
repository's .pre-commit-hooks.yaml is validated (pre-commit
validate-manifest) and used through `pre-commit try-repo` from a local git
repository holding it.  Exit 77 (skipped) if pre-commit or git is missing."""
import os
import shutil
import subprocess
import sys
import tempfile

BAD = """#include <wpool.h>

static void wait_all(wp_wg wg) /* the waitgroup copied */
{
  wp_wg_wait(&wg);
}

int main(void)
{
  wp_wg wg = WP_WG_INIT;
  wait_all(wg);
  return 0;
}
"""

GOOD = BAD.replace("wait_all(wp_wg wg) /* the waitgroup copied */", "wait_all(wp_wg *wg)") \
          .replace("wp_wg_wait(&wg);", "wp_wg_wait(wg);").replace("wait_all(wg);", "wait_all(&wg);")

LOCAL_CONFIG = """repos:
  - repo: local
    hooks:
      - id: wpcheck
        name: wpcheck
        entry: wpcheck
        language: system
        types: [c]
        files: '\\.c$'
        require_serial: true
"""


def sh(cmd, cwd, env, ok=True):
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if ok and p.returncode != 0:
        fail(f"{' '.join(cmd)} exited {p.returncode}", p)
    return p


def fail(what, p=None):
    print("FAILED:", what)
    if p is not None:
        print("stdout:", p.stdout[-3000:])
        print("stderr:", p.stderr[-3000:])
    sys.exit(1)


def git_repo(d, env):
    sh(["git", "init", "-q", "-b", "main"], d, env)
    sh(["git", "config", "user.email", "test@example.invalid"], d, env)
    sh(["git", "config", "user.name", "wpcheck test"], d, env)
    sh(["git", "config", "commit.gpgsign", "false"], d, env)


def main():
    wpcheck, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    for tool in ("pre-commit", "git"):
        if shutil.which(tool) is None:
            print(f"SKIPPED: {tool} is not installed (scripts/build.sh installs it)")
            sys.exit(77)
    scratch = tempfile.mkdtemp(prefix="wpcheck-precommit-")
    try:
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(wpcheck) + os.pathsep + env.get("PATH", "")
        env["PRE_COMMIT_HOME"] = os.path.join(scratch, "cache")  # no network, no ~/.cache
        env["GIT_CONFIG_GLOBAL"] = os.devnull
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env.pop("GIT_DIR", None)
        env.pop("GIT_WORK_TREE", None)
        # wpool.h for the hook's wpcheck (found by the build tree's wpcheck anyway)
        env["WPCHECK_INCLUDE_DIR"] = os.path.join(root, "runtime", "include")

        # 1. repo: local
        repo = os.path.join(scratch, "project")
        os.mkdir(repo)
        git_repo(repo, env)
        open(os.path.join(repo, ".pre-commit-config.yaml"), "w").write(LOCAL_CONFIG)
        open(os.path.join(repo, "README"), "w").write("scratch\n")
        sh(["git", "add", "."], repo, env)
        sh(["git", "commit", "-q", "-m", "config"], repo, env)
        sh(["pre-commit", "install"], repo, env)
        open(os.path.join(repo, "pool.c"), "w").write(BAD)
        sh(["git", "add", "pool.c"], repo, env)
        p = sh(["git", "commit", "-m", "bad"], repo, env, ok=False)
        if p.returncode == 0:
            fail("the commit of a file with a finding went through", p)
        out = p.stdout + p.stderr
        if "waitgroup-by-value" not in out or "pool.c:3:" not in out:
            fail("the finding (pool.c:3: ... [waitgroup-by-value]) is printed", p)
        open(os.path.join(repo, "pool.c"), "w").write(GOOD)
        sh(["git", "add", "pool.c"], repo, env)
        p = sh(["git", "commit", "-m", "good"], repo, env, ok=False)
        if p.returncode != 0:
            fail("the corrected file is committed", p)
        log = sh(["git", "log", "--oneline"], repo, env).stdout
        if "good" not in log:
            fail("the commit is in the log", p)

        # 2. this repository's manifest
        manifest = os.path.join(root, ".pre-commit-hooks.yaml")
        sh(["pre-commit", "validate-manifest", manifest], scratch, env)
        hooks = os.path.join(scratch, "hooks-repo")
        os.mkdir(hooks)
        git_repo(hooks, env)
        shutil.copy(manifest, hooks)
        sh(["git", "add", "."], hooks, env)
        sh(["git", "commit", "-q", "-m", "hooks"], hooks, env)
        open(os.path.join(repo, "bad2.c"), "w").write(BAD)
        p = sh(["pre-commit", "try-repo", hooks, "wpcheck", "--files", "bad2.c", "pool.c"], repo, env, ok=False)
        if p.returncode == 0 or "bad2.c:3:" not in p.stdout + p.stderr:
            fail("try-repo with the manifest runs wpcheck and reports bad2.c", p)
        p = sh(["pre-commit", "try-repo", hooks, "wpcheck", "--files", "pool.c"], repo, env, ok=False)
        if p.returncode != 0:
            fail("try-repo passes the corrected file", p)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("ok")


if __name__ == "__main__":
    main()
