#include <algorithm>
#include <cstdio>
#include <ostream>

#include <thespis/detail/json_string.hpp>
#include <thespis/sim/trace.hpp>
#include <thespis/value_codec.hpp>

namespace thespis::sim {

std::string_view to_string(TraceKind kind) {
  switch (kind) {
    case TraceKind::create:
      return "create";
    case TraceKind::start:
      return "start";
    case TraceKind::send:
      return "send";
    case TraceKind::deliver:
      return "deliver";
    case TraceKind::drop:
      return "drop";
    case TraceKind::exit:
      return "exit";
    case TraceKind::timer_set:
      return "timer_set";
    case TraceKind::timer_fire:
      return "timer_fire";
    case TraceKind::poison:
      return "poison";
    case TraceKind::dead_letter:
      return "dead_letter";
    case TraceKind::log:
      return "log";
    case TraceKind::fault:
      return "fault";
    case TraceKind::check:
      return "check";
    case TraceKind::duplicate:
      return "duplicate";
    case TraceKind::corrupt:
      return "corrupt";
    case TraceKind::convention:
      return "convention";
  }
  return "?";
}

namespace {

std::string format_time(std::chrono::nanoseconds time) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6fms", static_cast<double>(time.count()) / 1e6);
  return buffer;
}

}  // namespace

std::string TraceEvent::to_string() const {
  std::string out = format_time(time) + " #" + std::to_string(index) + " " +
                    std::string(sim::to_string(kind)) + " " + actor.to_string();
  if (!node.empty()) out += "[" + node + "]";
  if (!other.is_null()) out += " <-> " + other.to_string();
  if (!message.empty()) out += " " + message.to_string();
  if (kind == TraceKind::log) out += " | " + std::string(thespis::to_string(level)) + ":";
  if (!text.empty()) out += (kind == TraceKind::log ? " " : " | ") + text;
  return out;
}

std::string TraceEvent::to_json() const {
  std::string out = "{\"index\":" + std::to_string(index) + ",\"hash\":" + std::to_string(hash) +
                    ",\"time_ns\":" + std::to_string(time.count()) + ",\"kind\":\"" +
                    std::string(sim::to_string(kind)) + "\",\"actor\":\"" + actor.to_string() +
                    "\",\"other\":\"" + other.to_string() + "\"";
  if (!node.empty()) {
    out += ",\"node\":";
    thespis::detail::render_json_string(out, node);
  }
  if (!message.empty()) {
    out += ",\"type\":";
    thespis::detail::render_json_string(out, message.type_name());
    out += ",\"message\":";
    thespis::detail::render_json_string(out, message.to_string());
  }
  if (kind == TraceKind::log)
    out += ",\"level\":\"" + std::string(thespis::to_string(level)) + "\"";
  if (!text.empty()) {
    out += ",\"text\":";
    thespis::detail::render_json_string(out, text);
  }
  if (cause) out += ",\"cause\":" + std::to_string(*cause);
  return out + "}";
}

void Trace::keep(TraceKind kind, std::chrono::nanoseconds time, const ActorAddress& actor,
                 const ActorAddress& other, const Message* message, std::string_view text,
                 LogLevel level, std::uint64_t cause) {
  TraceEvent event{count_,
                   time,
                   kind,
                   actor,
                   other,
                   message ? *message : Message{},
                   std::string(text),
                   hash_,
                   {},
                   level,
                   cause == no_cause ? std::nullopt : std::optional<std::uint64_t>(cause)};
  for (const auto& [system, name] : system_names_) {
    if (system == actor.system()) event.node = name;
  }
  if (recording_) {
    events_.push_back(std::move(event));
  } else if (tail_.size() < tail_capacity_) {
    tail_.push_back(std::move(event));
  } else {
    tail_[tail_next_] = std::move(event);
    tail_next_ = (tail_next_ + 1) % tail_capacity_;
  }
}

std::vector<TraceEvent> Trace::tail() const {
  if (recording_) {
    const std::size_t n = std::min(tail_capacity_, events_.size());
    return {events_.end() - static_cast<std::ptrdiff_t>(n), events_.end()};
  }
  std::vector<TraceEvent> out(tail_.begin() + static_cast<std::ptrdiff_t>(tail_next_), tail_.end());
  out.insert(out.end(), tail_.begin(), tail_.begin() + static_cast<std::ptrdiff_t>(tail_next_));
  return out;
}

void Trace::name_system(std::uint64_t system, std::string node) {
  system_names_.emplace_back(system, std::move(node));
}

void Trace::write_jsonl(std::ostream& out) const {
  for (const TraceEvent& event : events_) out << event.to_json() << '\n';
}

}  // namespace thespis::sim
