// The choice tape's text form:
//
//   thespis-tape 2 seed=8263445 choices=12
//   0 3 0*3 17 1 0*2 5 0 9
//
// Zero runs dominate real tapes (calm choices), so they are written as `0*N`. Lines wrap at 100
// columns to stay diffable. Version 2 tapes begin with the run's swarm choice (0: no swarm mix,
// 1: a mix follows); a version 1 tape, written before that choice existed, is read with a 0
// in front, so it replays as it did.
#include <charconv>
#include <fstream>
#include <sstream>

#include <thespis/error.hpp>
#include <thespis/sim/choice_source.hpp>

namespace thespis::sim {
namespace {

constexpr std::string_view magic = "thespis-tape";

void append_token(std::string& out, std::size_t& column, const std::string& token) {
  if (column > 0 && column + token.size() + 1 > 100) {
    out += '\n';
    column = 0;
  } else if (column > 0) {
    out += ' ';
    ++column;
  }
  out += token;
  column += token.size();
}

std::uint64_t parse_number(std::string_view text, const std::string& origin, std::size_t line,
                           std::string_view token) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) {
    throw ScenarioError(origin, line, "tape",
                        "'" + std::string(token) + "' is not a choice (a number or 0*COUNT)");
  }
  return value;
}

// A run of zeros costs a few bytes of text and eight bytes a choice in memory: the bound keeps
// what a tape can make the reader allocate small (a hostile `0*4294967296` asked for 32 GiB).
[[noreturn]] void too_long(const std::string& origin, std::size_t line, const std::string& token) {
  throw ScenarioError(
      origin, line, "tape",
      "'" + token + "': the tape is longer than " + std::to_string(max_tape_choices) + " choices");
}

}  // namespace

std::string tape_to_text(const std::vector<std::uint64_t>& tape,
                         std::optional<std::uint64_t> seed) {
  std::string out(magic);
  out += " 2";
  if (seed) out += " seed=" + std::to_string(*seed);
  out += " choices=" + std::to_string(tape.size()) + "\n";
  std::size_t column = 0;
  for (std::size_t i = 0; i < tape.size();) {
    if (tape[i] == 0) {
      std::size_t run = 0;
      while (i < tape.size() && tape[i] == 0) ++run, ++i;
      append_token(out, column, run == 1 ? "0" : "0*" + std::to_string(run));
    } else {
      append_token(out, column, std::to_string(tape[i++]));
    }
  }
  if (column > 0) out += '\n';
  return out;
}

std::vector<std::uint64_t> tape_from_text(std::string_view text, const std::string& origin) {
  std::istringstream in{std::string(text)};
  std::string line;
  if (!std::getline(in, line) || line.rfind(magic, 0) != 0) {
    throw ScenarioError(origin, 1, "header", "expected a line starting with 'thespis-tape'");
  }
  std::optional<std::uint64_t> declared;
  std::string version;
  {
    std::istringstream header(line.substr(magic.size()));
    std::string word;
    header >> word;
    if (word != "1" && word != "2")
      throw ScenarioError(origin, 1, "version", "unsupported tape version " + word);
    version = word;
    while (header >> word) {
      if (word.rfind("choices=", 0) == 0) {
        declared = parse_number(std::string_view(word).substr(8), origin, 1, word);
      }
    }
  }
  std::vector<std::uint64_t> tape;
  std::size_t line_number = 1;
  while (std::getline(in, line)) {
    ++line_number;
    std::istringstream words(line);
    std::string token;
    while (words >> token) {
      const auto star = token.find('*');
      if (star == std::string::npos) {
        if (tape.size() == max_tape_choices) too_long(origin, line_number, token);
        tape.push_back(parse_number(token, origin, line_number, token));
        continue;
      }
      if (std::string_view(token).substr(0, star) != "0") {
        throw ScenarioError(origin, line_number, "tape",
                            "'" + token + "': only zeros are run-length encoded (0*COUNT)");
      }
      const auto count =
          parse_number(std::string_view(token).substr(star + 1), origin, line_number, token);
      if (count > max_tape_choices - tape.size()) too_long(origin, line_number, token);
      tape.insert(tape.end(), count, 0);
    }
  }
  if (declared && *declared != tape.size()) {
    throw ScenarioError(origin, line_number, "choices",
                        "header declares " + std::to_string(*declared) + " choices, found " +
                            std::to_string(tape.size()));
  }
  if (version == "1") tape.insert(tape.begin(), 0);  // no swarm choice then: no swarm mix
  return tape;
}

void save_tape(const std::string& path, const std::vector<std::uint64_t>& tape,
               std::optional<std::uint64_t> seed) {
  std::ofstream out(path);
  out << tape_to_text(tape, seed);
  if (!out) throw Error("cannot write the choice tape to '" + path + "'");
}

std::vector<std::uint64_t> load_tape(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read the choice tape '" + path + "'");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return tape_from_text(buffer.str(), path);
}

}  // namespace thespis::sim
