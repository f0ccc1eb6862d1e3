// The HTML page of a trace: the lanes, links and fault bands worked out here, written as compact
// JSON into the page, which lays them out and draws the part in view (scenarios/src/view/).
#include <algorithm>
#include <map>
#include <ostream>
#include <string_view>
#include <unordered_map>

#include <thespis/scenario/trace_view.hpp>

#include "view_assets.hpp"
#include "view_json.hpp"

namespace thespis::scenario {
namespace {

using detail::append_number;
using detail::append_script_json_string;

constexpr std::int64_t none = -1;

/// Strings by first appearance: the page refers to each by its position.
class Interned {
 public:
  std::int64_t id(std::string_view text) {
    if (text.empty()) return none;
    auto [it, added] = ids_.try_emplace(text, static_cast<std::int64_t>(texts_.size()));
    if (added) texts_.push_back(text);
    return it->second;
  }
  std::int64_t find(std::string_view text) const {
    auto it = ids_.find(text);
    return it == ids_.end() ? none : it->second;
  }
  std::string_view text(std::size_t id) const { return texts_[id]; }
  void write(std::string& out) const {
    out += '[';
    for (std::size_t i = 0; i < texts_.size(); ++i) {
      if (i > 0) out += ',';
      append_script_json_string(out, texts_[i]);
    }
    out += ']';
  }

 private:
  std::unordered_map<std::string_view, std::int64_t> ids_;
  std::vector<std::string_view> texts_;
};

/// "@S.L" -> S (the system, which stands for a node), or empty.
std::string_view system_of(std::string_view actor) {
  if (actor.size() < 2 || actor[0] != '@') return {};
  return actor.substr(1, actor.find('.') == std::string_view::npos ? 0 : actor.find('.') - 1);
}

bool is_actor(std::string_view name) { return !name.empty() && name != "@null"; }

/// The lanes: every actor the trace names, grouped by node in the order nodes first appear.
struct Lanes {
  Interned nodes;
  Interned actors;                       // ids in the order of first appearance
  std::vector<std::int64_t> node_of;     // by actor id
  std::vector<std::int64_t> lane_order;  // actor ids, grouped by node

  explicit Lanes(const std::vector<TraceRecord>& trace) {
    std::unordered_map<std::string_view, std::int64_t> node_of_system;
    for (const TraceRecord& r : trace) {
      if (!r.node.empty() && is_actor(r.actor)) {
        node_of_system.try_emplace(system_of(r.actor), nodes.id(r.node));
      }
    }
    for (const TraceRecord& r : trace) {
      for (std::string_view name : {std::string_view(r.actor), std::string_view(r.other)}) {
        if (!is_actor(name)) continue;
        const std::int64_t id = actors.id(name);
        if (static_cast<std::size_t>(id) < node_of.size()) continue;
        auto it = node_of_system.find(system_of(name));
        node_of.push_back(it == node_of_system.end() ? none : it->second);
      }
    }
    for (std::size_t i = 0; i < node_of.size(); ++i) {
      lane_order.push_back(static_cast<std::int64_t>(i));
    }
    // Unknown nodes last; otherwise nodes, then actors, by first appearance.
    std::stable_sort(lane_order.begin(), lane_order.end(), [&](std::int64_t a, std::int64_t b) {
      const auto key = [&](std::int64_t actor) {
        const std::int64_t node = node_of[static_cast<std::size_t>(actor)];
        return node == none ? std::int64_t{1} << 40 : node;
      };
      return key(a) < key(b);
    });
  }
};

enum class BandKind : std::uint8_t { network, crash, pause, skew, kill, other };
constexpr std::string_view band_kind_names = R"(["network","crash","pause","skew","kill","fault"])";

struct Band {
  std::size_t start = 0;
  std::int64_t end = none;  ///< position of the event that ended it; none: the run's end
  BandKind kind = BandKind::other;
  std::int64_t node = none;  ///< none: every lane
};

/// Faults as bands: from the fault to what mended it (heal, restart, resume, the next skew).
class Bands {
 public:
  Bands(const std::vector<TraceRecord>& trace, const Lanes& lanes) : lanes_(lanes) {
    for (std::size_t i = 0; i < trace.size(); ++i) {
      if (trace[i].kind == "fault") add(i, trace[i].text);
    }
  }
  const std::vector<Band>& bands() const { return bands_; }

 private:
  void add(std::size_t i, std::string_view text) {
    const std::string_view verb = text.substr(0, text.find(' '));
    std::string_view subject = text.substr(std::min(text.size(), verb.size() + 1));
    subject = subject.substr(0, subject.find(' '));
    if (verb == "heal") {
      close_all(i);
    } else if (verb == "partition") {
      close_if(i, [](const Band& b) { return b.kind == BandKind::network && b.node == none; });
      open(i, BandKind::network, none);
    } else if (verb == "one_way") {
      open(i, BandKind::network, none);
    } else if (verb == "isolate") {
      open(i, BandKind::network, node(subject));
    } else if (verb == "crash" || verb == "leave") {
      open(i, BandKind::crash, node(subject));
    } else if (verb == "restart" || verb == "resume") {
      const BandKind kind = verb == "restart" ? BandKind::crash : BandKind::pause;
      const std::int64_t n = node(subject);
      close_if(i, [&](const Band& b) { return b.kind == kind && b.node == n; });
    } else if (verb == "pause") {
      open(i, BandKind::pause, node(subject));
    } else if (verb == "clock_skew") {
      const std::int64_t n = node(subject);
      close_if(i, [&](const Band& b) { return b.kind == BandKind::skew && b.node == n; });
      open(i, BandKind::skew, n);
    } else if (verb == "kill") {
      const std::int64_t actor = lanes_.actors.find(subject);
      bands_.push_back(
          Band{i, static_cast<std::int64_t>(i), BandKind::kill,
               actor == none ? none : lanes_.node_of[static_cast<std::size_t>(actor)]});
    } else {
      bands_.push_back(Band{i, static_cast<std::int64_t>(i), BandKind::other, none});
    }
  }
  std::int64_t node(std::string_view name) const { return lanes_.nodes.find(name); }
  void open(std::size_t i, BandKind kind, std::int64_t node) {
    open_.push_back(bands_.size());
    bands_.push_back(Band{i, none, kind, node});
  }
  void close_all(std::size_t i) {
    close_if(i, [](const Band& b) { return b.kind == BandKind::network; });
  }
  template <typename Which>
  void close_if(std::size_t i, Which which) {
    std::erase_if(open_, [&](std::size_t b) {
      if (!which(bands_[b])) return false;
      bands_[b].end = static_cast<std::int64_t>(i);
      return true;
    });
  }

  const Lanes& lanes_;
  std::vector<Band> bands_;
  std::vector<std::size_t> open_;  // positions in bands_ still in force
};

enum Flags : std::int64_t { highlighted = 1, violated = 2 };

class PageData {
 public:
  PageData(const std::vector<TraceRecord>& trace, const HtmlViewOptions& options)
      : trace_(trace), options_(options), lanes_(trace) {}

  std::string json() {
    std::string out;
    out.reserve(trace_.size() * 48 + 4096);
    out += "{\"title\":";
    append_script_json_string(out, options_.title);
    out += ",\"t0\":";
    append_script_json_string(out, std::to_string(trace_.empty() ? 0 : trace_.front().time_ns));
    write_events(out);
    write_lanes(out);
    write_links(out);
    write_bands(out);
    out += ",\"strs\":";
    strings_.write(out);
    out += ",\"kinds\":";
    kinds_.write(out);
    out +=
        ",\"linkKinds\":"
        R"(["delivered","dropped","duplicated","corrupt","dead_letter","poison","timer","wakeup"])";
    out += ",\"bandKinds\":";
    out += band_kind_names;
    out += '}';
    return out;
  }

 private:
  void write_events(std::string& out) {
    std::vector<std::uint64_t> chain = options_.highlighted;
    std::sort(chain.begin(), chain.end());
    const std::int64_t t0 = trace_.empty() ? 0 : trace_.front().time_ns;
    bool numbered = true;
    out += ",\"ev\":[";
    for (std::size_t i = 0; i < trace_.size(); ++i) {
      const TraceRecord& r = trace_[i];
      numbered = numbered && r.index == i;
      std::int64_t flags =
          std::binary_search(chain.begin(), chain.end(), r.index) ? std::int64_t{highlighted} : 0;
      if (r.kind == "check" && r.text.starts_with("violated: ")) flags |= violated;
      const std::int64_t fields[] = {r.time_ns - t0,
                                     kinds_.id(r.kind),
                                     lanes_.actors.find(r.actor),
                                     lanes_.actors.find(r.other),
                                     strings_.id(r.type),
                                     strings_.id(r.message),
                                     strings_.id(r.text),
                                     strings_.id(r.level),
                                     flags};
      for (std::size_t f = 0; f < std::size(fields); ++f) {
        if (i > 0 || f > 0) out += ',';
        append_number(out, fields[f]);
      }
    }
    out += ']';
    if (!numbered) write_indices(out);
  }
  void write_indices(std::string& out) const {
    out += ",\"idx\":[";
    for (std::size_t i = 0; i < trace_.size(); ++i) {
      if (i > 0) out += ',';
      append_number(out, static_cast<std::int64_t>(trace_[i].index));
    }
    out += ']';
  }
  void write_lanes(std::string& out) const {
    out += ",\"nodes\":";
    lanes_.nodes.write(out);
    out += ",\"actorNames\":";
    lanes_.actors.write(out);
    out += ",\"actorLabels\":[";
    for (std::size_t i = 0; i < lanes_.node_of.size(); ++i) {
      auto it = options_.actor_names.find(std::string(lanes_.actors.text(i)));
      if (i > 0) out += ',';
      append_script_json_string(out, it == options_.actor_names.end() ? "" : it->second);
    }
    out += ']';
    out += ",\"actorNodes\":";
    write_numbers(out, lanes_.node_of);
    out += ",\"lanes\":";
    write_numbers(out, lanes_.lane_order);
  }
  void write_links(std::string& out) const {
    out += ",\"links\":[";
    bool first = true;
    for (const TraceLink& link : trace_links(trace_)) {
      if (!first) out += ',';
      first = false;
      append_number(out, link.from ? static_cast<std::int64_t>(*link.from) : none);
      out += ',';
      append_number(out, static_cast<std::int64_t>(link.to));
      out += ',';
      append_number(out, static_cast<std::int64_t>(link.kind));
    }
    out += ']';
  }
  void write_bands(std::string& out) const {
    out += ",\"bands\":[";
    bool first = true;
    const Bands bands(trace_, lanes_);
    for (const Band& band : bands.bands()) {
      for (std::int64_t value : {static_cast<std::int64_t>(band.start), band.end,
                                 static_cast<std::int64_t>(band.kind), band.node}) {
        if (!first) out += ',';
        first = false;
        append_number(out, value);
      }
    }
    out += ']';
  }
  static void write_numbers(std::string& out, const std::vector<std::int64_t>& values) {
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out += ',';
      append_number(out, values[i]);
    }
    out += ']';
  }

  const std::vector<TraceRecord>& trace_;
  const HtmlViewOptions& options_;
  Lanes lanes_;
  Interned strings_;
  Interned kinds_;
};

/// The template with each {{name}} replaced by what `fill` appends for it.
template <typename Fill>
void expand(std::string_view page, std::ostream& out, Fill fill) {
  while (!page.empty()) {
    const std::size_t open = page.find("{{");
    const std::size_t close = page.find("}}", open);
    if (open == std::string_view::npos || close == std::string_view::npos) {
      out << page;
      return;
    }
    out << page.substr(0, open);
    fill(page.substr(open + 2, close - open - 2));
    page.remove_prefix(close + 2);
  }
}

}  // namespace

void write_html_view(const std::vector<TraceRecord>& trace, const HtmlViewOptions& options,
                     std::ostream& out) {
  const std::string data = PageData(trace, options).json();
  expand(detail::view_template, out, [&](std::string_view name) {
    if (name == "title") {
      std::string title;
      detail::append_html_text(title, options.title.empty() ? "thespis trace" : options.title);
      out << title;
    } else if (name == "style") {
      out << detail::view_style;
    } else if (name == "script") {
      out << detail::view_script;
    } else if (name == "data") {
      out << data;
    }
  });
}

}  // namespace thespis::scenario
