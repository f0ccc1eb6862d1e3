// Fuzz target: a choice tape's text (what load_tape reads from a file, a scenario's `tape:`).
//
// A bad tape throws ScenarioError (a thespis::Error); anything else is a finding. A tape that
// loads must survive being written and read again unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <thespis/error.hpp>
#include <thespis/sim/choice_source.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::uint64_t> tape;
  try {
    tape = thespis::sim::tape_from_text(text, "fuzz.tape");
  } catch (const thespis::Error&) {
    return 0;  // a malformed tape, reported as the contract says
  }
  const std::string written = thespis::sim::tape_to_text(tape);
  try {
    if (thespis::sim::tape_from_text(written, "written.tape") != tape) {
      std::fprintf(stderr, "tape_loader_fuzz: a written tape reads back differently\n");
      std::abort();
    }
  } catch (const thespis::Error& e) {
    std::fprintf(stderr, "tape_loader_fuzz: a written tape does not load: %s\n", e.what());
    std::abort();
  }
  return 0;
}
