#!/usr/bin/env python3
"""Validates wpcheck's SARIF with Microsoft's SARIF Multitool (npm package
@microsoft/sarif-multitool, pinned by package.json/package-lock.json here).

usage: sarif_validate.py WPCHECK TOOL_DIR SOURCE_ROOT INPUT...

TOOL_DIR is where `npm ci` installed the package (scripts/build.sh does it;
this test does it too when it is missing).  wpcheck is run on the INPUTs
(relative to SOURCE_ROOT) twice: from SOURCE_ROOT, as in a repository
(uris relative to %SRCROOT%), and from outside it (absolute file: uris).

How the Multitool is used, as found by running it (5.7.0, Linux):
  Sarif.Multitool validate LOG --output OUT --log ForceOverwrite --rule-kind "Sarif;Gh"
- It exits 0 whatever it finds and prints only a summary: the findings are
  the results of the SARIF log it writes to OUT; a result without a level
  takes its rule's defaultConfiguration level, else "warning" (SARIF 3.27.10).
- --rule-kind takes a ';'-separated list: "Sarif;Gh" runs the SARIF rules
  (SARIFnnnn, and the schema as JSONnnnn) and GitHub code scanning's (GHnnnn);
  a single kind ("Gh") is refused as "bad format"; without the option only
  the SARIF rules run.
- A log it cannot deserialize gives no result at all, not even the schema's:
  one result with "level": "bogus" makes the whole log "valid".  So a log
  that passes proves nothing by itself.  This test therefore checks that
  (1) a canary log with known defects gets exactly the errors expected of
      them (schema, SARIF and GitHub rules are all live), and
  (2) wpcheck's own log with one defect planted (a region's startLine 0)
      gets that defect's errors: the tool did read wpcheck's log,
  before (3) it takes wpcheck's unchanged log having no error as a pass.
- Its .NET runtime needs libicu unless told to run without culture data;
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 is set, which changes nothing for
  validating ASCII-keyed JSON.

Exit 77 (CTest's SKIP_RETURN_CODE) only when the tool cannot be had (no npm,
no network, no binary for this platform); once it is installed, anything it
does not do as above is a failure."""
import copy
import glob
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77


def region(line):
    return {"startLine": line, "startColumn": 1}


def phys(uri, line, base=None):
    loc = {"artifactLocation": {"uri": uri}, "region": region(line)}
    if base:
        loc["artifactLocation"]["uriBaseId"] = base
    return {"physicalLocation": loc}


# Schema-valid JSON (so the tool can read it) with one defect per expected
# error; rules without descriptions are what GitHub refuses.
CANARY = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {"name": "canary", "version": "1.0", "informationUri": "https://example.com/",
                            "rules": [{"id": "A1", "name": "RuleA"}]}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///src/"}},
        "results": [
            # ruleIndex past the end of rules
            {"ruleId": "A1", "ruleIndex": 7, "level": "error", "message": {"text": "Index."},
             "locations": [phys("a.c", 1, "%SRCROOT%")]},
            # a uri relative to a base id must not start with '/'
            {"ruleId": "A1", "ruleIndex": 0, "level": "error", "message": {"text": "Slash."},
             "locations": [phys("/abs.c", 1, "%SRCROOT%")]},
            # lines start at 1
            {"ruleId": "A1", "ruleIndex": 0, "level": "error", "message": {"text": "Line."},
             "locations": [phys("a.c", 0, "%SRCROOT%")]},
            # GitHub needs a location
            {"ruleId": "A1", "ruleIndex": 0, "level": "error", "message": {"text": "Nowhere."}},
        ],
    }],
}
CANARY_ERRORS = {
    "SARIF1009": "ruleIndex out of range",
    "SARIF1004": "a relative uri starting with '/'",
    "JSON1008": "startLine 0 (schema minimum)",
    "SARIF1007": "startLine 0",
    "GH2012": "a rule without shortDescription/fullDescription/help",
    "GH1015": "a result without locations",
}
PLANTED_ERRORS = {"JSON1008", "SARIF1007"}  # a startLine of 0 in wpcheck's log


def skip(why):
    print("SKIPPED:", why)
    sys.exit(SKIP)


def fail(why):
    print("FAILED:", why)
    sys.exit(1)


def install(tool_dir):
    if glob.glob(os.path.join(tool_dir, "node_modules", "@microsoft", "sarif-multitool*")):
        return
    npm = shutil.which("npm")
    if npm is None:
        skip("npm is not installed, so the SARIF Multitool cannot be installed")
    os.makedirs(tool_dir, exist_ok=True)
    for f in ("package.json", "package-lock.json"):
        shutil.copy(os.path.join(HERE, f), tool_dir)
    p = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix", tool_dir],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        skip("`npm ci` of @microsoft/sarif-multitool failed (no network?):\n" + p.stderr[-2000:])


def multitool(tool_dir):
    # npm does not run the package's install script (chmod): do it here
    for path in glob.glob(os.path.join(tool_dir, "node_modules", "@microsoft", "sarif-multitool*", "Sarif.Multitool")):
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path
    skip("no Sarif.Multitool binary for this platform under " + tool_dir)


def validate(tool, log, work):
    """The tool's findings on log: a list of (ruleId, level, message text)."""
    out = os.path.join(work, "validation.sarif")
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1", DOTNET_CLI_TELEMETRY_OPTOUT="1")
    p = subprocess.run([tool, "validate", log, "--output", out, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh"],
                       capture_output=True, text=True, timeout=300, env=env)
    if not os.path.exists(out):
        print(p.stdout, p.stderr)
        fail("the SARIF Multitool wrote no log (exit %d)" % p.returncode)
    with open(out, encoding="utf-8-sig") as fh:
        data = json.load(fh)
    found = []
    for run in data.get("runs", []):
        levels = {r.get("id"): (r.get("defaultConfiguration") or {}).get("level", "warning")
                  for r in run.get("tool", {}).get("driver", {}).get("rules") or []}
        for r in run.get("results") or []:
            found.append((r.get("ruleId"), r.get("level") or levels.get(r.get("ruleId"), "warning"), text_of(r)))
        for inv in run.get("invocations") or []:
            for n in (inv.get("toolExecutionNotifications") or []) + (inv.get("toolConfigurationNotifications") or []):
                found.append(((n.get("descriptor") or {}).get("id", "notification"), n.get("level", "warning"),
                              text_of(n)))
            if inv.get("executionSuccessful") is False:
                found.append(("execution", "error", "the tool reports an unsuccessful run"))
    return found


def text_of(r):
    m = r.get("message", {})
    return m.get("text") or " / ".join(m.get("arguments") or [])


def errors_of(found):
    return [f for f in found if f[1] == "error"]


def check_canary(tool, work):
    path = os.path.join(work, "canary.sarif")
    with open(path, "w") as fh:
        json.dump(CANARY, fh)
    got = {f[0] for f in errors_of(validate(tool, path, work))}
    missing = {k: v for k, v in CANARY_ERRORS.items() if k not in got}
    if missing:
        fail("the SARIF Multitool missed known defects of the canary log: %s (it found %s)" %
             (missing, sorted(got)))
    print("canary: the SARIF Multitool finds all %d planted defects" % len(CANARY_ERRORS))


def run_wpcheck(wpcheck, inputs, cwd):
    p = subprocess.run([wpcheck, "--format=sarif", *inputs], capture_output=True, text=True, timeout=300, cwd=cwd)
    if p.returncode not in (0, 1):
        print(p.stderr)
        fail("wpcheck exited %d" % p.returncode)
    return json.loads(p.stdout)


def describe(log):
    results = log["runs"][0]["results"]
    related = sum(len(r.get("relatedLocations") or []) for r in results)
    fixes = sum(len(r.get("fixes") or []) for r in results)
    if not results or not related:
        fail("wpcheck's log has %d results, %d related locations: nothing worth validating" % (len(results), related))
    return "%d results, %d related locations, %d fixes" % (len(results), related, fixes)


def check_wpcheck_log(tool, work, log, what):
    path = os.path.join(work, "wpcheck.sarif")
    # (2) a planted defect must be seen: the tool read this log
    planted = copy.deepcopy(log)
    planted["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    with open(path, "w") as fh:
        json.dump(planted, fh)
    got = {f[0] for f in errors_of(validate(tool, path, work))}
    if not PLANTED_ERRORS <= got:
        fail("%s: a startLine of 0 planted in wpcheck's log was not reported (found %s): the SARIF Multitool "
             "did not read the log, e.g. a value it cannot deserialize" % (what, sorted(got)))
    # (3) the log as wpcheck wrote it
    with open(path, "w") as fh:
        json.dump(log, fh)
    found = validate(tool, path, work)
    for rule, level, text in found:
        print("  %s %s: %s" % (level, rule, text))
    errors = errors_of(found)
    if errors:
        fail("%s: %d error(s) from the SARIF Multitool (Sarif;Gh rules)" % (what, len(errors)))
    print("%s (%s): no error, %d warning(s)/note(s)" % (what, describe(log), len(found)))


def main():
    if len(sys.argv) < 5:
        print(__doc__)
        return 2
    wpcheck, tool_dir, root, inputs = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    install(tool_dir)
    tool = multitool(tool_dir)
    work = tempfile.mkdtemp()
    try:
        check_canary(tool, work)
        check_wpcheck_log(tool, work, run_wpcheck(wpcheck, inputs, root), "wpcheck's log, run in the source tree")
        outside = os.path.join(work, "elsewhere")
        os.mkdir(outside)
        absolute = [os.path.join(os.path.abspath(root), i) for i in inputs]
        check_wpcheck_log(tool, work, run_wpcheck(wpcheck, absolute, outside), "wpcheck's log, run outside it")
        print("ok: the SARIF Multitool (Sarif;Gh rules) finds no error in wpcheck's SARIF")
        return 0
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
