// always / eventually / leads_to / sometimes checks, evaluated after every event of the run
// loop, and the failure a violated one throws: what it is about (the culprit event, or the
// actors it looked at) and whether it is vacuous.
#include <algorithm>
#include <cstdio>

#include "kernel.hpp"

namespace thespis::sim::detail {
namespace {

/// A time or a span for a failure's details: "1.5s", "250ms", "12.004ms", "800ns".
std::string readable(Nanos value) {
  const auto count = value.count();
  char buffer[48];
  if (count % 1'000'000 != 0 && count < 1'000'000) {
    std::snprintf(buffer, sizeof buffer, "%lldns", static_cast<long long>(count));
  } else if (count % 1'000'000'000 == 0) {
    std::snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(count / 1'000'000'000));
  } else {
    std::snprintf(buffer, sizeof buffer, "%gms", static_cast<double>(count) / 1e6);
  }
  return buffer;
}

}  // namespace

void Kernel::add_always(std::string name, std::function<bool()> predicate) {
  trace_.keep_tail(options_.report_events);
  always_.push_back({std::move(name), std::move(predicate)});
}

void Kernel::add_eventually(std::string name, std::function<bool()> predicate, Nanos within) {
  trace_.keep_tail(options_.report_events);
  eventually_.push_back({std::move(name), std::move(predicate), now_ + within, false});
  push_event(now_ + within, event::Deadline{.check = eventually_.size() - 1});
}

void Kernel::add_leads_to(LeadsToCheck check) {
  trace_.keep_tail(options_.report_events);
  leads_to_.push_back(std::move(check));
}

void Kernel::add_sometimes(std::string name, std::function<bool()> predicate) {
  sometimes_.push_back({std::move(name), std::move(predicate), false});
}

std::vector<std::string> Kernel::sometimes_reached() const {
  std::vector<std::string> reached;
  for (const SometimesCheck& check : sometimes_) {
    if (check.held) reached.push_back(check.name);
  }
  return reached;
}

Actor* Kernel::actor_at(const ActorAddress& address) {
  Record* r = find(address);
  if (r == nullptr) {
    Mirror* mirror = mirror_at(address);
    if (mirror == nullptr) return nullptr;
    if (subjects_ != nullptr) subjects_->push_back(mirror->type->name);
    return mirror->actor.get();
  }
  if (r->is_endpoint || r->state != RecordState::running) return nullptr;
  if (subjects_ != nullptr) subjects_->push_back(r->type->name);
  return r->actor.get();
}

void Kernel::run_until_checks_settle() {
  Nanos last = now_;
  for (const EventuallyCheck& check : eventually_) {
    if (!check.settled) last = std::max(last, check.deadline);
  }
  for (const LeadsToCheck& check : leads_to_) {
    if (!check.open.empty()) last = std::max(last, check.open.back().deadline);
  }
  const auto settled = [&] {
    return std::all_of(eventually_.begin(), eventually_.end(),
                       [](const EventuallyCheck& c) { return c.settled; }) &&
           std::all_of(leads_to_.begin(), leads_to_.end(),
                       [](const LeadsToCheck& c) { return c.open.empty(); });
  };
  // What happens from now on is the wait for what is open, not more of the run: a request
  // made meanwhile opens no obligation (it could not be given its full time anyway).
  struct Settling {
    bool& flag;
    ~Settling() { flag = false; }
  } settling{settling_};
  settling_ = true;
  run_until(settled, last);
}

void Kernel::evaluate_checks() {
  for (const AlwaysCheck& check : always_) {
    if (check.predicate()) continue;
    CheckFailure failure;
    failure.check = check.name;
    failure.kind = "always";
    // The check is evaluated after each step: the last event of the tail that changed the
    // world (rather than a send or a log line it made) is the step that broke it.
    const std::vector<TraceEvent> tail = trace_.tail();
    for (auto it = tail.rbegin(); it != tail.rend(); ++it) {
      const TraceKind k = it->kind;
      if (k == TraceKind::deliver || k == TraceKind::exit || k == TraceKind::fault ||
          k == TraceKind::start || k == TraceKind::convention || k == TraceKind::poison) {
        failure.culprit = culprit_of(*it);
        break;
      }
    }
    fail_check(std::move(failure));
  }
  for (std::size_t i = 0; i < eventually_.size(); ++i) {
    EventuallyCheck& check = eventually_[i];
    if (check.settled || !check.predicate()) continue;
    check.settled = true;
    trace_.record(TraceKind::check, now_, {}, {}, nullptr, "held: " + check.name);
    // Its deadline no longer keeps the simulation from being quiescent.
    for (Event& event : events_) {
      const auto* deadline = std::get_if<event::Deadline>(&event.body);
      if (deadline != nullptr && deadline->check == i && event.foreground) {
        event.foreground = false;
        --foreground_events_;
      }
    }
  }
  for (std::size_t i = 0; i < leads_to_.size(); ++i) {
    if (leads_to_[i].trigger) evaluate_leads_to(i);
  }
  for (SometimesCheck& check : sometimes_) {
    if (check.held || !check.predicate()) continue;
    check.held = true;
    trace_.record(TraceKind::check, now_, {}, {}, nullptr, "reached: " + check.name);
  }
}

void Kernel::evaluate_leads_to(std::size_t index) {
  LeadsToCheck& check = leads_to_[index];
  if (!check.open.empty()) {
    if (check.response()) check.open.clear();
    return;
  }
  if (settling_ || !check.trigger() || check.response()) return;
  Obligation obligation;
  obligation.deadline = now_ + check.within;
  obligation.opened_by.event.index = trace_.event_count() == 0 ? 0 : trace_.event_count() - 1;
  obligation.opened_by.event.time = now_;
  check.open.push_back(std::move(obligation));
  push_event(now_ + check.within, event::LeadsToDeadline{.check = index});
}

void Kernel::note_leads_to_delivery(const ActorAddress& to, const ActorAddress& from,
                                    const Message& message) {
  for (std::size_t i = 0; i < leads_to_.size(); ++i) {
    LeadsToCheck& check = leads_to_[i];
    if (check.request == nullptr) continue;
    if (message.type() == check.answer) {
      std::erase_if(check.open, [&](const Obligation& o) { return o.opened_by.event.other == to; });
    }
    if (message.type() != check.request || settling_) continue;
    Obligation obligation;
    obligation.deadline = now_ + check.within;
    TraceEvent& event = obligation.opened_by.event;
    event.index = trace_.event_count() == 0 ? 0 : trace_.event_count() - 1;
    event.time = now_;
    event.kind = TraceKind::deliver;
    event.actor = to;
    event.other = from;
    event.message = message;
    obligation.opened_by = culprit_of(event);
    check.open.push_back(std::move(obligation));
    push_event(now_ + check.within, event::LeadsToDeadline{.check = i});
  }
}

void Kernel::leads_to_deadline(std::size_t index) {
  LeadsToCheck& check = leads_to_[index];
  while (!check.open.empty() && check.open.front().deadline <= now_) {
    const Obligation& due = check.open.front();
    CheckFailure failure;
    failure.check = check.name;
    failure.kind = "leads_to";
    if (check.request == nullptr) {
      if (judge(check.response, failure.subjects)) {
        check.open.clear();
        return;
      }
      if (failure.subjects.empty()) failure.vacuous = "the check looked at no live actor";
      failure.details = "the trigger held at t=" + readable(due.opened_by.event.time) +
                        " (after event #" + std::to_string(due.opened_by.event.index) +
                        "), the response not within " + readable(check.within);
      fail_check(std::move(failure));
    }
    const Record* sender = find(due.opened_by.event.other);
    if (sender == nullptr || !sender->live()) {
      check.open.erase(check.open.begin());  // nobody is left to answer
      continue;
    }
    const TraceEvent& request = due.opened_by.event;
    failure.culprit = due.opened_by;
    failure.details = "first unanswered: " + std::string(request.message.type_name()) +
                      " delivered at t=" + readable(request.time) + " (event #" +
                      std::to_string(request.index) + ") to " + request.actor.to_string() +
                      " from " + request.other.to_string() + "; no " + check.answer->name +
                      " reached " + request.other.to_string() + " within " + readable(check.within);
    fail_check(std::move(failure));
  }
}

void Kernel::deadline_passed(std::uint64_t index) {
  EventuallyCheck& check = eventually_[index];
  if (check.settled) return;
  CheckFailure failure;
  if (judge(check.predicate, failure.subjects)) {
    check.settled = true;
    trace_.record(TraceKind::check, now_, {}, {}, nullptr, "held: " + check.name);
    return;
  }
  failure.check = check.name;
  failure.kind = "eventually";
  if (deliveries_ == 0) {
    failure.vacuous = "no message was delivered in the run";
  } else if (failure.subjects.empty()) {
    failure.vacuous = "the check looked at no live actor";
  }
  fail_check(std::move(failure));
}

bool Kernel::judge(const std::function<bool()>& predicate, std::vector<std::string>& subjects) {
  // Restores the pointer however the predicate ends (it may throw).
  struct Watch {
    std::vector<std::string>*& slot;
    ~Watch() { slot = nullptr; }
  } watch{subjects_};
  subjects_ = &subjects;
  const bool holds = predicate();
  std::sort(subjects.begin(), subjects.end());
  subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
  return holds;
}

std::string Kernel::type_of(const ActorAddress& address) {
  const Record* r = find(address);
  return r == nullptr || r->is_endpoint || r->type == nullptr ? "" : r->type->name;
}

Culprit Kernel::culprit_of(const TraceEvent& event) {
  Culprit culprit;
  culprit.event = event;
  culprit.actor_type = type_of(event.actor);
  culprit.other_type = type_of(event.other);
  if (culprit.event.node.empty()) {
    if (const auto n = node_that_had(event.actor.system())) culprit.event.node = nodes_[*n].name;
  }
  return culprit;
}

void Kernel::fail_check(CheckFailure failure) {
  trace_.record(TraceKind::check, now_, {}, {}, nullptr, "violated: " + failure.check);
  failure.seed = choices_.seed();
  failure.time = now_;
  failure.event = trace_.event_count() - 1;
  failure.trace_hash = trace_.hash();
  failure.choices = choices_.choices_made();
  failure.last_fault = last_fault_;
  for (const TraceEvent& event : trace_.tail()) failure.last_events.push_back(event.to_string());
  failure_ = failure;
  throw CheckFailed(std::move(failure));
}

}  // namespace thespis::sim::detail
