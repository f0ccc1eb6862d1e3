#include <cstdio>
#include <ostream>

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
  if (!other.is_null()) out += " <-> " + other.to_string();
  if (!message.empty()) out += " " + message.to_string();
  if (!text.empty()) out += " | " + text;
  return out;
}

std::string TraceEvent::to_json() const {
  std::string out = "{\"index\":" + std::to_string(index) +
                    ",\"time_ns\":" + std::to_string(time.count()) + ",\"kind\":\"" +
                    std::string(sim::to_string(kind)) + "\",\"actor\":\"" + actor.to_string() +
                    "\",\"other\":\"" + other.to_string() + "\"";
  if (!message.empty()) {
    out += ",\"type\":";
    thespis::detail::render_string(out, message.type_name());
    out += ",\"message\":";
    thespis::detail::render_string(out, message.to_string());
  }
  if (!text.empty()) {
    out += ",\"text\":";
    thespis::detail::render_string(out, text);
  }
  return out + "}";
}

void Trace::keep(TraceKind kind, std::chrono::nanoseconds time, const ActorAddress& actor,
                 const ActorAddress& other, const Message* message, std::string_view text) {
  events_.push_back(
      {count_, time, kind, actor, other, message ? *message : Message{}, std::string(text)});
}

void Trace::write_jsonl(std::ostream& out) const {
  for (const TraceEvent& event : events_) out << event.to_json() << '\n';
}

}  // namespace thespis::sim
