#!/usr/bin/python3
"""Mutation testing: apply each mutant of scripts/mutants.toml to a copy of the source, rebuild
what it touches, run the tests that must catch it, and report killed/total.

The working tree is never modified: the source is copied into BUILD/src (BUILD defaults to
build-mutants/ beside the project) and built in BUILD/build, so only the mutated file and what
links it are rebuilt for each mutant.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import time
import tomllib

here = pathlib.Path(__file__).resolve().parent.parent


def run(cmd, cwd=None, timeout=None):
    return subprocess.run(cmd, cwd=cwd, shell=isinstance(cmd, str), capture_output=True, text=True, timeout=timeout)


def copy_sources(dst: pathlib.Path):
    files = run(["git", "ls-files", "-co", "--exclude-standard"], cwd=here).stdout.splitlines()
    for f in files:
        source = here / f
        if not source.is_file():
            continue
        target = dst / f
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != source.read_bytes():
            shutil.copy2(source, target)


def test_runs(mutant, build: pathlib.Path):
    for spec in mutant["tests"]:
        binary, _, test_filter = spec.partition(":")
        yield binary, [str(build / "tests" / binary)] + ([f"--gtest_filter={test_filter}"] if test_filter else [])


def targets_of(mutant):
    names = {spec.partition(":")[0] for spec in mutant["tests"]}
    if "test_cli" in names:
        names.add("cplan")
    return sorted(names)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(here / "build-mutants"), help="work folder (default: build-mutants/)")
    parser.add_argument("--only", action="append", default=[], help="run only the mutants with these ids")
    parser.add_argument("--timeout", type=int, default=600, help="seconds for one mutant's tests")
    args = parser.parse_args()

    mutants = tomllib.loads((here / "scripts" / "mutants.toml").read_text())["mutant"]
    if args.only:
        mutants = [m for m in mutants if m["id"] in args.only]
    work = pathlib.Path(args.build)
    src, build = work / "src", work / "build"
    copy_sources(src)
    if not (build / "build.ninja").exists():
        r = run(["cmake", "-S", str(src), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
                 f"-DCPLAN_SHARED_DIR={here.parent / 'shared'}"])
        if r.returncode:
            sys.exit("mutants: cmake failed\n" + r.stdout + r.stderr)
    all_targets = sorted({t for m in mutants for t in targets_of(m)})
    print(f"mutants: building the unmutated copy ({', '.join(all_targets)})", flush=True)
    r = run(["ninja", "-C", str(build)] + all_targets)
    if r.returncode:
        sys.exit("mutants: the unmutated copy does not build\n" + r.stdout[-3000:])
    # Every mutant's tests must pass unmutated, or a failure would prove nothing.
    for m in mutants:
        for binary, cmd in test_runs(m, build):
            r = run(cmd, cwd=build, timeout=args.timeout)
            if r.returncode:
                sys.exit(f"mutants: {m['id']}: its tests fail without the mutant: {' '.join(cmd)}\n{r.stdout[-3000:]}")

    results = []
    for m in mutants:
        path = src / m["file"]
        original = path.read_text()
        occurrence = m.get("occurrence")
        count = original.count(m["find"])
        if (occurrence is None and count != 1) or (occurrence is not None and count <= occurrence):
            results.append((m["id"], "stale", f"'find' occurs {count} times in {m['file']}"))
            continue
        at = -1
        for _ in range((occurrence or 0) + 1):
            at = original.index(m["find"], at + 1)
        started = time.time()
        try:
            path.write_text(original[:at] + m["replace"] + original[at + len(m["find"]):])
            r = run(["ninja", "-C", str(build)] + targets_of(m))
            if r.returncode:
                results.append((m["id"], "does not compile", r.stdout.splitlines()[-1] if r.stdout else ""))
                continue
            outcome, detail = "SURVIVED", ""
            for binary, cmd in test_runs(m, build):
                try:
                    r = run(cmd, cwd=build, timeout=args.timeout)
                except subprocess.TimeoutExpired:
                    outcome, detail = "killed", f"{binary} timed out"
                    break
                if r.returncode:
                    failed = [l.split("]", 1)[1].strip() for l in r.stdout.splitlines() if l.startswith("[  FAILED  ]") and "," not in l]
                    outcome, detail = "killed", f"{binary}: {failed[0] if failed else 'exit ' + str(r.returncode)}"
                    break
            results.append((m["id"], outcome, detail))
        finally:
            path.write_text(original)
            os.utime(path, None)
        print(f"  {results[-1][0]:40s} {results[-1][1]:10s} {time.time() - started:5.0f} s  {results[-1][2]}", flush=True)
    # Rebuild the unmutated copy so that the next run starts clean.
    run(["ninja", "-C", str(build)] + all_targets)

    killed = sum(1 for _, outcome, _ in results if outcome == "killed")
    survived = [r for r in results if r[1] == "SURVIVED"]
    broken = [r for r in results if r[1] not in ("killed", "SURVIVED")]
    print(f"\nmutants: {killed} of {len(results)} killed", flush=True)
    for r in survived:
        print(f"  survived: {r[0]}")
    for r in broken:
        print(f"  {r[1]}: {r[0]} ({r[2]})")
    sys.exit(0 if not survived and not broken else 1)


if __name__ == "__main__":
    main()
