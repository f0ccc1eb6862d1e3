#!/usr/bin/env python3
"""Writes every ```cpp block of the given Markdown files to a .cpp file of its own, so that the
build compiles what the docs show, and prints the files written (one per line).

A `#line` directive makes a compiler error name the Markdown file and line. An HTML comment on
the line before a block (invisible when rendered) says how to build it:

  (nothing)                      a whole translation unit, as a user would save it;
  <!-- doc: snippet -->          declarations that need only thespis' headers: compiled at
                                 namespace scope after a prelude that includes them;
  <!-- doc: statements -->       statements: compiled inside a function after the prelude,
                                 with `options` (sim::SimOptions&) and `world`
                                 (sim::Simulation&) in scope;
  <!-- doc: continues -->        appended to the previous compiled block of the same file
                                 (a program shown in parts, with prose between them);
  <!-- doc: fragment REASON -->  not compiled, for the reason given (an excerpt that names
                                 things defined elsewhere).

A compiled block whose text has `int main(` is written as NAME_main.cpp (a program); one that
defines GoogleTest tests or properties (TEST, TEST_F, THESPIS_PROPERTY, RC_GTEST_PROP) and no
main() as NAME_test.cpp (a test binary, given a main() by the build); any other as NAME.cpp.

A file is rewritten only when its text changes, so a configure step does not rebuild it.
Usage: extract_doc_blocks.py SOURCE_ROOT OUTPUT_DIR MARKDOWN...
"""
import pathlib
import re
import sys

PRELUDE = """#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <thespis/cli.hpp>
#include <thespis/scenario/app.hpp>
#include <thespis/sim/explore.hpp>
#include <thespis/sim/simulation.hpp>
#include <thespis/thespis.hpp>

using namespace std::chrono_literals;
namespace sim = thespis::sim;
"""
# Statements see a simulation and its options, as the docs' prose about them assumes.
STATEMENTS = (
    "[[maybe_unused]] static void doc_block([[maybe_unused]] sim::SimOptions& options,\n"
    "                                       [[maybe_unused]] sim::Simulation& world) {\n"
)
MODES = {"whole", "snippet", "statements", "continues", "fragment"}


def blocks(path, relative):
    """Yields (mode, first line number, text) for each ```cpp block."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        if re.fullmatch(r"```cpp\s*", lines[i]):
            marker = re.match(r"<!-- doc: ([a-z]+)", lines[i - 1]) if i > 0 else None
            mode = marker.group(1) if marker else "whole"
            if mode not in MODES:
                sys.exit(f"{relative}:{i}: unknown doc marker '{mode}'")
            first = i + 2
            i += 1
            body = []
            while i < len(lines) and not re.fullmatch(r"```\s*", lines[i]):
                body.append(lines[i])
                i += 1
            if i == len(lines):
                sys.exit(f"{relative}:{first - 1}: a ```cpp block is not closed")
            yield mode, first, "\n".join(body) + "\n"
        i += 1


def translation_units(path, relative):
    """The compiled text of each block (continued blocks joined to the one before)."""
    units = []
    for mode, first, body in blocks(path, relative):
        located = f'#line {first} "{relative}"\n{body}'
        if mode == "fragment":
            continue
        if mode == "continues":
            if not units:
                sys.exit(f"{relative}:{first - 1}: 'continues' with no compiled block before it")
            units[-1] += located
        elif mode == "whole":
            units.append(located)
        elif mode == "snippet":
            units.append(PRELUDE + located)
        else:
            units.append(PRELUDE + STATEMENTS + located + "}\n")
    return units


def main():
    root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for markdown in sys.argv[3:]:
        path = pathlib.Path(markdown)
        relative = path.resolve().relative_to(root.resolve()).as_posix()
        stem = re.sub(r"[^A-Za-z0-9]", "_", relative)
        for index, unit in enumerate(translation_units(path, relative), 1):
            suffix = ""
            if re.search(r"\bint main\s*\(", unit):
                suffix = "_main"
            elif re.search(r"\b(TEST|TEST_F|THESPIS_PROPERTY|RC_GTEST_PROP)\s*\(", unit):
                suffix = "_test"
            target = out / f"{stem}_{index}{suffix}.cpp"
            if not target.exists() or target.read_text(encoding="utf-8") != unit:
                target.write_text(unit, encoding="utf-8")
            print(target.as_posix())


if __name__ == "__main__":
    main()
