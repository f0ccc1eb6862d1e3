// The troupe's two roles (troupe.hpp). Everything the leader decides happens inside one of its
// handlers, so its counts are always those of the messages it has handled: no race with a
// creation in flight is possible (Thespian #75).
#include <algorithm>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include <thespis/assert.hpp>
#include <thespis/delivery_rules.hpp>
#include <thespis/error.hpp>
#include <thespis/troupe.hpp>

namespace thespis {
namespace {

bool is_system(const Message& message) { return !message.empty() && message.type()->is_system; }

std::size_t count(std::int64_t setting) { return static_cast<std::size_t>(setting); }

/// The reason an update is refused, or nothing when every value it gives is in range.
std::optional<std::string> out_of_range(const UpdateTroupeSettings& u) {
  if (u.max_count && *u.max_count < 1) return "max_count must be at least 1";
  if (u.idle_count && *u.idle_count < 0) return "idle_count must not be negative";
  if (u.queue_limit && *u.queue_limit < 0) return "queue_limit must not be negative";
  if (u.rerun_limit && *u.rerun_limit < 0) return "rerun_limit must not be negative";
  if (u.dismiss_delay && u.dismiss_delay->count() < 0) return "dismiss_delay must not be negative";
  return std::nullopt;
}

}  // namespace

namespace detail {

/// The leader's bookkeeping: its members, the jobs waiting, its settings. It acts through the
/// TroupeActor it belongs to (send, create, wakeups, clock), from that actor's handler only.
class TroupeLeader {
 public:
  TroupeLeader(TroupeActor& actor, TroupeSettings settings) : actor_(actor), settings_(settings) {}

  void lead(const Message& message, const ActorAddress& sender);

 private:
  struct Job {
    std::uint64_t id = 0;
    Message message;
    ActorAddress sender;
    std::int64_t reruns = 0;
  };
  struct Member {
    ActorAddress address;
    std::optional<Job> job;
    std::chrono::nanoseconds idle_since{0};
  };
  using Members = std::vector<Member>;

  bool lead_system_message(const Message& message, const ActorAddress& sender);
  void take_work(Job job);
  void dispatch();
  Member* idle_member();
  void member_ready(const ActorAddress& member, std::uint64_t job);
  void member_failed(const ActorAddress& member, const PoisonMessage& poison);
  void member_exited(const ActorAddress& member);
  void becomes_idle(Member& member);
  void update(const UpdateTroupeSettings& update, const ActorAddress& sender);
  void enforce_queue_limit();
  void dismiss_beyond_max();
  void dismiss_idle();
  void arm_dismissal();
  void dismiss(Members::iterator member);
  Members::iterator longest_idle();
  void give_up_queued();
  TroupeStatus status() const;
  Members::iterator find_member(const ActorAddress& address);

  TroupeActor& actor_;
  TroupeSettings settings_;
  Members members_;                      // in creation order
  std::deque<Job> queue_;                // in arrival order, a job run again first
  std::vector<ActorAddress> dismissed_;  // told to exit; their ChildActorExited is the troupe's
  std::uint64_t next_job_ = 1;
  bool dismissal_armed_ = false;
};

}  // namespace detail

TroupeActor::TroupeActor(TroupeSettings settings) : settings_(settings) {
  const auto invalid = out_of_range({.max_count = settings.max_count,
                                     .idle_count = settings.idle_count,
                                     .queue_limit = settings.queue_limit,
                                     .rerun_limit = settings.rerun_limit,
                                     .dismiss_delay = settings.dismiss_delay});
  THESPIS_ASSERT(!invalid, "a troupe's settings are out of range: " + invalid.value_or(""));
}

TroupeActor::~TroupeActor() = default;

void TroupeActor::receive(const Message& message, const ActorAddress& sender) {
  using detail::TroupeRole;
  if (role_ == TroupeRole::undecided) {
    // A member's first message is its first job (only its leader knows it before that); the
    // first work or troupe request makes the leader. System messages before either (say, a
    // wakeup the constructor asked for) are the type's own.
    if (message.is<TroupeWork>()) {
      role_ = TroupeRole::member;
    } else if (!is_system(message)) {
      role_ = TroupeRole::leader;
      leader_state_ = std::make_unique<detail::TroupeLeader>(*this, settings_);
    } else {
      return Actor::receive(message, sender);
    }
  }
  if (role_ == TroupeRole::member) return receive_as_troupe_member(message, sender);
  leader_state_->lead(message, sender);
}

// --- member ----------------------------------------------------------------------------------

void TroupeActor::receive_as_troupe_member(const Message& message, const ActorAddress& sender) {
  if (const auto* job = message.get_if<TroupeWork>()) {
    leader_ = sender;
    job_ = job->job;
    work_in_progress_ = false;
    Actor::receive(job->message, job->sender);
  } else {
    Actor::receive(message, sender);
  }
  // Not reached when the handler throws: a retry runs it again, and after a second failure
  // the leader learns from the PoisonMessage the runtime sends it (the job's sender here).
  if (job_ && !work_in_progress_) {
    send(leader_, TroupeMemberReady{*job_});
    job_.reset();
  }
}

namespace detail {

// --- leader ----------------------------------------------------------------------------------

void TroupeLeader::lead(const Message& message, const ActorAddress& sender) {
  if (is_system(message)) {
    if (lead_system_message(message, sender)) return;
    if (message.is<ActorExitRequest>()) give_up_queued();
    return actor_.Actor::receive(message, sender);  // the type's own, as on any actor
  }
  if (const auto* ready = message.get_if<TroupeMemberReady>()) {
    return member_ready(sender, ready->job);
  }
  if (const auto* update = message.get_if<UpdateTroupeSettings>())
    return this->update(*update, sender);
  if (message.is<TroupeStatusQuery>()) return actor_.send(sender, status());
  take_work(Job{.id = next_job_++, .message = message, .sender = sender, .reruns = 0});
}

bool TroupeLeader::lead_system_message(const Message& message, const ActorAddress& sender) {
  if (const auto* exited = message.get_if<ChildActorExited>()) {
    const auto dismissed = std::find(dismissed_.begin(), dismissed_.end(), exited->child);
    if (dismissed != dismissed_.end()) {
      dismissed_.erase(dismissed);
      return true;
    }
    if (find_member(exited->child) == members_.end()) return false;
    member_exited(exited->child);
    return true;
  }
  if (const auto* wakeup = message.get_if<WakeupMessage>()) {
    if (!wakeup->payload.is<TroupeDismissal>()) return false;
    dismissal_armed_ = false;
    dismiss_idle();
    return true;
  }
  if (const auto* poison = message.get_if<PoisonMessage>()) {
    if (!poison->original.is<TroupeWork>()) return false;
    member_failed(sender, *poison);
    return true;
  }
  return false;
}

void TroupeLeader::take_work(Job job) {
  queue_.push_back(std::move(job));
  dispatch();
  enforce_queue_limit();
}

void TroupeLeader::dispatch() {
  while (!queue_.empty()) {
    Member* member = idle_member();
    if (member == nullptr) {
      if (members_.size() >= count(settings_.max_count)) return;
      try {
        members_.push_back(Member{
            .address = actor_.create_troupe_member(), .job = {}, .idle_since = actor_.now()});
      } catch (...) {
        // A creation refused at once (no system can host the type) cannot succeed for the
        // next job either; with no member to wait for, the jobs go back to their senders.
        actor_.log(LogLevel::warning,
                   "a troupe could not create a member: " + describe_current_exception());
        if (members_.empty()) give_up_queued();
        return;
      }
      member = &members_.back();
    }
    member->job = std::move(queue_.front());
    queue_.pop_front();
    actor_.send(member->address,
                TroupeWork{member->job->id, member->job->message, member->job->sender});
  }
}

TroupeLeader::Member* TroupeLeader::idle_member() {
  // The most recently idle: the others stay idle, so extras age out and are dismissed.
  Member* found = nullptr;
  for (Member& member : members_) {
    if (!member.job && (found == nullptr || member.idle_since >= found->idle_since)) {
      found = &member;
    }
  }
  return found;
}

void TroupeLeader::member_ready(const ActorAddress& member, std::uint64_t job) {
  const auto it = find_member(member);
  // A stale report (the job already failed as poison) changes nothing.
  if (it == members_.end() || !it->job || it->job->id != job) return;
  becomes_idle(*it);
}

void TroupeLeader::member_failed(const ActorAddress& member, const PoisonMessage& poison) {
  const auto& work = poison.original.get<TroupeWork>();
  if (auto back = poison_for(work.message, poison.details))
    actor_.send(work.sender, std::move(*back));
  const auto it = find_member(member);
  if (it != members_.end() && it->job && it->job->id == work.job) becomes_idle(*it);
}

void TroupeLeader::becomes_idle(Member& member) {
  member.job.reset();
  member.idle_since = actor_.now();
  dispatch();
  dismiss_beyond_max();
  arm_dismissal();
}

void TroupeLeader::member_exited(const ActorAddress& member) {
  const auto it = find_member(member);
  std::optional<Job> job = std::move(it->job);
  members_.erase(it);
  if (job) {
    if (job->reruns >= settings_.rerun_limit) {
      const std::string details =
          "the troupe member running it exited " + std::to_string(job->reruns + 1) + " times";
      if (auto back = poison_for(job->message, details)) actor_.send(job->sender, std::move(*back));
    } else {
      ++job->reruns;
      queue_.push_front(std::move(*job));  // it was taken before anything still queued
    }
  }
  dispatch();
  enforce_queue_limit();
}

void TroupeLeader::update(const UpdateTroupeSettings& update, const ActorAddress& sender) {
  // Thrown before anything changes: the runtime poisons the request back to its sender.
  if (const auto invalid = out_of_range(update)) throw Error("UpdateTroupeSettings: " + *invalid);
  settings_.max_count = update.max_count.value_or(settings_.max_count);
  settings_.idle_count = update.idle_count.value_or(settings_.idle_count);
  settings_.queue_limit = update.queue_limit.value_or(settings_.queue_limit);
  settings_.rerun_limit = update.rerun_limit.value_or(settings_.rerun_limit);
  settings_.dismiss_delay = update.dismiss_delay.value_or(settings_.dismiss_delay);
  dispatch();
  enforce_queue_limit();
  dismiss_beyond_max();
  arm_dismissal();
  actor_.send(sender, status());
}

void TroupeLeader::enforce_queue_limit() {
  while (queue_.size() > count(settings_.queue_limit)) {
    const Job& newest = queue_.back();
    const std::string details = "the troupe's queue is full (" +
                                std::to_string(settings_.queue_limit) + " jobs wait for " +
                                std::to_string(members_.size()) + " busy members)";
    if (auto back = poison_for(newest.message, details))
      actor_.send(newest.sender, std::move(*back));
    queue_.pop_back();
  }
}

void TroupeLeader::dismiss_beyond_max() {
  while (members_.size() > count(settings_.max_count)) {
    const auto idle = longest_idle();
    if (idle == members_.end()) return;  // busy members are dismissed when they are done
    dismiss(idle);
  }
}

void TroupeLeader::dismiss_idle() {
  while (members_.size() > count(settings_.idle_count)) {
    const auto idle = longest_idle();
    if (idle == members_.end() || actor_.now() - idle->idle_since < settings_.dismiss_delay) break;
    dismiss(idle);
  }
  arm_dismissal();
}

void TroupeLeader::arm_dismissal() {
  if (dismissal_armed_ || members_.size() <= count(settings_.idle_count)) return;
  const auto idle = longest_idle();
  if (idle == members_.end()) return;  // armed again when a member becomes idle
  const auto due = idle->idle_since + settings_.dismiss_delay - actor_.now();
  actor_.wakeup_after(std::max(due, std::chrono::nanoseconds{0}), TroupeDismissal{});
  dismissal_armed_ = true;
}

void TroupeLeader::dismiss(Members::iterator member) {
  actor_.send(member->address, ActorExitRequest{false});
  dismissed_.push_back(member->address);
  members_.erase(member);
}

TroupeLeader::Members::iterator TroupeLeader::longest_idle() {
  auto found = members_.end();
  for (auto it = members_.begin(); it != members_.end(); ++it) {
    if (!it->job && (found == members_.end() || it->idle_since < found->idle_since)) found = it;
  }
  return found;
}

void TroupeLeader::give_up_queued() {
  for (const Job& job : queue_) {
    if (auto back = poison_for(job.message, "the troupe stopped before a member took it")) {
      actor_.send(job.sender, std::move(*back));
    }
  }
  queue_.clear();
}

TroupeStatus TroupeLeader::status() const {
  const auto idle = std::count_if(members_.begin(), members_.end(),
                                  [](const Member& member) { return !member.job; });
  return TroupeStatus{.settings = settings_,
                      .members = static_cast<std::int64_t>(members_.size()),
                      .idle = static_cast<std::int64_t>(idle),
                      .queued = static_cast<std::int64_t>(queue_.size())};
}

TroupeLeader::Members::iterator TroupeLeader::find_member(const ActorAddress& address) {
  return std::find_if(members_.begin(), members_.end(),
                      [&](const Member& member) { return member.address == address; });
}

}  // namespace detail
}  // namespace thespis
