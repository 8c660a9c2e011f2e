#!/usr/bin/env python3
"""The shared libraries fickle lists first among its dependencies (cmake/library_order.txt), so
that the dynamic loader's symbol lookups at start-up end early.

Every relocation of every loaded library looks its symbol up in the global scope: the executable,
then its dependencies breadth first. Debian's PETSc pulls in ~140 libraries, and the ~63 000
lookups of a `fickle --version` spent ~30 ms walking past the libraries in front of the one that
defines the symbol. Most lookups end in a few libraries (the Trilinos and VTK libraries binding
their own C++ symbols, libstdc++, libc): listed first in fickle's DT_NEEDED, they lead the scope.

Moving a library forward must not change the code any symbol binds to. A library may move only if
it defines no symbol that a library whose order relative to it changes also defines, except C++
vague linkage on both sides (weak, weak-object or unique definitions of mangled names: template
instances, inline functions, typeinfo, the same code by the one-definition rule). Without that rule
libcrypto, moved forward, would take SCT_free back from SuperLU_DIST, which defines a different
function of that name and loads first. The order of the libraries' static constructors among
libraries that do not depend on each other may change too (glibc sorts them by dependency); none of
fickle's libraries initialises anything another one reads at load time.

PLAIN is a program linked with the same libraries in the usual order (the build's
library_order_plain, tests/CMakeLists.txt). Usage:
  tools/library_order.py order PLAIN [COUNT]    the sonames to list first: of the COUNT libraries
                                                most lookups end in (default 40), those that can
                                                move (with the ones they must stay behind), most
                                                lookups first; one per line
  tools/library_order.py check BINARY PLAIN     exit 1 unless BINARY's first DT_NEEDED entries are
                                                cmake/library_order.txt's libraries that it loads,
                                                in order, and its scope puts no library defining a
                                                symbol ahead of another that PLAIN's put first
"""
import collections
import os
import re
import subprocess
import sys
import tempfile

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cmake", "library_order.txt")


def run(*argv, env=None):
    return subprocess.run(argv, env=env, capture_output=True, text=True, errors="replace")


def loaded(binary):
    """The libraries BINARY loads, soname -> path, from the loader's own scope list."""
    out = run(binary, "--version", env=dict(os.environ, LD_DEBUG="scopes")).stderr
    for line in out.splitlines():
        if "scope 0:" in line:
            return {soname(p): p for p in line.split("scope 0:")[1].split()[1:]}
    raise SystemExit(f"{binary}: no scope in the loader's output")


def headers(path, cache={}):
    """`objdump -p` of a file, read once: every trial order walks the same ~140 libraries."""
    if path not in cache:
        cache[path] = run("objdump", "-p", path).stdout
    return cache[path]


def soname(path):
    m = re.search(r"SONAME\s+(\S+)", headers(path))
    return m.group(1) if m else os.path.basename(path)


def needed(path):
    return re.findall(r"NEEDED\s+(\S+)", headers(path))


def breadth_first(first, paths):
    """The scope the loader builds from the executable's DT_NEEDED list `first`."""
    order, queue = [], list(first)
    while queue:
        name = queue.pop(0)
        if name in order or name not in paths:
            continue
        order.append(name)
        queue += needed(paths[name])
    return order


# Symbols every library defines for the linker's own use, never looked up by others.
MARKERS = {"__bss_start", "_edata", "_end", "_init", "_fini"}
VAGUE = set("WVu")


def definitions(path, cache={}):
    """The dynamic symbols `path` defines: name -> whether the definition is C++ vague linkage (a
    weak, weak-object or unique definition of a mangled name: a template instance, an inline
    function, typeinfo), which the one-definition rule makes the same wherever it is defined."""
    if path not in cache:
        table = {}
        for fields in (l.split() for l in run("nm", "-D", "--defined-only", path).stdout.splitlines()):
            if len(fields) >= 3:
                name = fields[2].split("@")[0]
                if name not in MARKERS and fields[1] != "A":  # A: version names
                    table[name] = fields[1] in VAGUE and name.startswith("_Z")
        cache[path] = table
    return cache[path]


def clashes(natural, actual, paths):
    """Pairs (a, b, symbols): a comes before b in `actual` but after it in `natural`, and both
    define these symbols, not both as C++ vague linkage (the loader takes the first definition in
    scope, weak or strong, so any other pair would change the code a symbol binds to)."""
    before = {n: i for i, n in enumerate(natural)}
    found = []
    for i, a in enumerate(actual):
        for b in actual[i + 1:]:
            if before[a] > before[b]:
                mine, theirs = definitions(paths[a]), definitions(paths[b])
                common = [s for s in mine.keys() & theirs.keys() if not (mine[s] and theirs[s])]
                if common:
                    found.append((a, b, sorted(common)[:3]))
    return found


def listed():
    with open(LIST) as f:
        return [l.split("#")[0].strip() for l in f if l.split("#")[0].strip()]


def reordered(first, moved, paths):
    """The scope of a program whose DT_NEEDED is `first` with `moved` put in front."""
    return breadth_first(moved + [n for n in first if n not in moved], paths)


def movable(name, moved, first, natural, paths, most=4):
    """`name` and the libraries it must stay behind, to move after `moved`; [] if that changes
    a binding. A library that defines a symbol of one it would overtake may still move behind it: the clashing ones come along, in their order (libm ahead of libc; SuperLU
    and SuperLU_DIST ahead of libcrypto), at most `most` of them."""
    along = []
    while len(along) <= most:
        found = clashes(natural, reordered(first, moved + along + [name], paths), paths)
        if not found:
            return along + [name]
        group = set(along + [name])
        extra = {b for a, b, _ in found if a in group and b not in moved and b not in group}
        if not extra:
            return []
        along = sorted(group - {name} | extra, key=natural.index)
    return []


def lookups(binary, paths):
    """How many symbol bindings end in each library during `BINARY --version`, by soname."""
    by_path = {p: n for n, p in paths.items()}
    with tempfile.TemporaryDirectory() as tmp:
        run(binary, "--version",
            env=dict(os.environ, LD_DEBUG="bindings", LD_DEBUG_OUTPUT=os.path.join(tmp, "ld")))
        counts = collections.Counter()
        for name in os.listdir(tmp):
            with open(os.path.join(tmp, name), errors="replace") as f:
                for line in f:
                    m = re.search(r"binding file \S+ \[\d+\] to (\S+) \[\d+\]", line)
                    if m and m.group(1) in by_path:
                        counts[by_path[m.group(1)]] += 1
        return counts


def main(argv):
    if len(argv) < 3 or argv[1] not in ("order", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "order":
        plain = os.path.realpath(argv[2])
        paths = loaded(plain)
        first = needed(plain)
        natural = breadth_first(first, paths)
        candidates = [n for n, _ in lookups(plain, paths).most_common(
            int(argv[3]) if len(argv) > 3 else 40) if n in natural]
        moved = []
        # Greedy, most lookups first; a pass can free a later one's way, so until none moves.
        for _ in range(3):
            before = len(moved)
            for name in candidates:
                if name not in moved:
                    moved += movable(name, moved, first, natural, paths)
            if len(moved) == before:
                break
        print("\n".join(moved))
        return 0
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, plain = os.path.realpath(argv[2]), os.path.realpath(argv[3])
    paths = loaded(binary)
    wanted = [n for n in listed() if n in paths]
    first = needed(binary)[:len(wanted)]
    if first != wanted:
        print(f"{binary}: first DT_NEEDED {first}, expected {wanted}", file=sys.stderr)
        return 1
    natural = breadth_first(needed(plain), paths)
    actual = breadth_first(needed(binary), paths)
    if sorted(natural) != sorted(actual):
        print(f"{binary} and {plain} load different libraries", file=sys.stderr)
        return 1
    found = clashes(natural, actual, paths)
    for a, b, common in found:
        print(f"{a} now comes before {b}, which defines {common} too", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
