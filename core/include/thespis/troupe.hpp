// Troupe: an actor type whose work is spread over several instances behind one address
// (Thespian's @troupe). Derive the type from Troupe<Self> instead of Actor:
//
//   class Resizer : public thespis::Troupe<Resizer> {
//    public:
//     Resizer() : Troupe({.max_count = 10, .idle_count = 2}) {
//       on<Resize>([this](const Resize& r, const thespis::ActorAddress& from) {
//         send(from, resize(r));  // straight to whoever sent the work
//       });
//     }
//   };
//   THESPIS_ACTOR(Resizer)
//
// Roles. The actor that create_actor() makes is the troupe's *leader*; its address is the
// troupe's address. It runs none of the type's handlers for work: it hands each work message
// to an idle *member* (another instance of the type, its child), creates a member while there
// are fewer than `max_count`, or else queues the work (at most `queue_limit` jobs; past that
// the sender gets the job back as a PoisonMessage, as for any message an actor could not
// handle, ARCHITECTURE.md §3.5). An instance learns that it is a member from its first message:
// only its leader knows its address before it has its first job, and that job is the first
// message the leader sends it.
//
// Work. Every message to the leader that is not a system message and not one of the troupe's
// own (UpdateTroupeSettings, TroupeStatusQuery) is work, whoever sends it. The member's
// handlers see the work with its original sender, so a reply goes straight back to that
// sender, from the member's address (a conversation the work starts goes on with the member).
// A member is busy from the moment it gets a job until a message it handles ends with no work
// in progress: a handler that must wait for other actors or a wakeup calls
// mark_work_in_progress() and, in the handler that finishes, mark_work_in_progress(false).
//
// Failures. A handler that throws twice on a job (§3.5) makes the original sender get
// PoisonMessage{work, details}, and the member is idle again. A member that exits while busy
// (crash, kill, ActorExitRequest) has its job queued again, first in line, at most
// `rerun_limit` times; one more exit poisons the job back to its sender. Jobs still queued
// when the leader is asked to exit are poisoned back to their senders; members stop with it
// (they are its children).
//
// Size. Members idle beyond `idle_count` are dismissed (sent ActorExitRequest) once they have
// been idle for `dismiss_delay`; idle members beyond a lowered `max_count` at once. The
// leader's timer is a wakeup whose payload is its own type, so the type's own wakeups reach
// its handlers untouched. Settings change at run time with UpdateTroupeSettings and are read
// with TroupeStatusQuery; both are answered with a TroupeStatus.
//
// Concurrency. Thespian's troupe could create two members for one slot when creations raced
// (issue #75). Here nothing can race: the leader is one actor with one mailbox and handles one
// message at a time (§3.1); create_actor() returns the member's address at once (§3.4) and the
// leader records the member and its job before its handler returns, so the next message
// already counts it. Members never decide anything about the troupe's size.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include <thespis/actor.hpp>
#include <thespis/actor_address.hpp>
#include <thespis/message.hpp>
#include <thespis/message_type.hpp>
#include <thespis/system_messages.hpp>

namespace thespis {

/// The limits of a troupe: given by its type, changed at run time by UpdateTroupeSettings.
struct TroupeSettings {
  /// Most members working at once (at least 1).
  std::int64_t max_count = 10;
  /// Idle members kept when there is no work (fewer may exist: members are made on demand).
  std::int64_t idle_count = 2;
  /// Most jobs waiting for a member; a job past it is poisoned back to its sender.
  std::int64_t queue_limit = 1000;
  /// How many times a job is run again after its member exited while running it.
  std::int64_t rerun_limit = 2;
  /// How long a member beyond idle_count stays idle before it is dismissed.
  std::chrono::nanoseconds dismiss_delay = std::chrono::seconds(2);

  friend bool operator==(const TroupeSettings&, const TroupeSettings&) = default;
};
THESPIS_MESSAGE(TroupeSettings, max_count, idle_count, queue_limit, rerun_limit, dismiss_delay)

/// To a troupe: changes the settings given (others stay); answered with a TroupeStatus. A value
/// out of range (max_count < 1, another count < 0, a negative delay) changes nothing and
/// poisons the request back to its sender.
struct UpdateTroupeSettings {
  std::optional<std::int64_t> max_count;
  std::optional<std::int64_t> idle_count;
  std::optional<std::int64_t> queue_limit;
  std::optional<std::int64_t> rerun_limit;
  std::optional<std::chrono::nanoseconds> dismiss_delay;
};
THESPIS_MESSAGE(UpdateTroupeSettings, max_count, idle_count, queue_limit, rerun_limit,
                dismiss_delay)

/// To a troupe: asks for its TroupeStatus.
struct TroupeStatusQuery {};
THESPIS_MESSAGE(TroupeStatusQuery)

/// A troupe's settings and what its leader counts right now.
struct TroupeStatus {
  TroupeSettings settings;
  std::int64_t members = 0;  ///< live members, busy or idle (dismissed ones no longer count)
  std::int64_t idle = 0;     ///< members without a job
  std::int64_t queued = 0;   ///< jobs waiting for a member
};
THESPIS_MESSAGE(TroupeStatus, settings, members, idle, queued)

/// From a leader to a member: one job, with the sender its handlers see.
struct TroupeWork {
  std::uint64_t job = 0;
  Message message;
  ActorAddress sender;
};
THESPIS_MESSAGE(TroupeWork, job, message, sender)

/// From a member to its leader: `job` is done, the member is idle.
struct TroupeMemberReady {
  std::uint64_t job = 0;
};
THESPIS_MESSAGE(TroupeMemberReady, job)

/// The payload of the leader's dismissal wakeup.
struct TroupeDismissal {};
THESPIS_MESSAGE(TroupeDismissal)

namespace detail {
class TroupeLeader;
enum class TroupeRole : std::uint8_t { undecided, leader, member };
}  // namespace detail

/// The machinery of every troupe, whatever its type; Troupe<Member> adds how to make a member.
/// Its private names are few and unusual on purpose: a name declared here would hide a name of
/// the same spelling (a user's `Job` type, a free function) inside every troupe type.
class TroupeActor : public Actor {
 public:
  ~TroupeActor() override;

  /// Leaders run the troupe; members run the type's handlers (dispatch, then unhandled()).
  /// Final: a troupe type states its work with on<T>() and, for the rest, unhandled().
  void receive(const Message& message, const ActorAddress& sender) final;

 protected:
  explicit TroupeActor(TroupeSettings settings);

  /// On a member: keeps the member busy after the handler returns (true), or ends its job
  /// (false), which makes it idle once the handler returns. Elsewhere it has no effect.
  void mark_work_in_progress(bool in_progress = true) { work_in_progress_ = in_progress; }

 private:
  friend class detail::TroupeLeader;

  virtual ActorAddress create_troupe_member() = 0;
  void receive_as_troupe_member(const Message& message, const ActorAddress& sender);

  detail::TroupeRole role_ = detail::TroupeRole::undecided;
  TroupeSettings settings_;
  std::unique_ptr<detail::TroupeLeader> leader_state_;  // made when the role is decided
  // As a member: the job being handled and the leader to report it to.
  ActorAddress leader_;
  std::optional<std::uint64_t> job_;
  bool work_in_progress_ = false;
};

/// Derive troupe type T from Troupe<T> (the leader makes its members as T).
template <class Self>
class Troupe : public TroupeActor {
 protected:
  explicit Troupe(TroupeSettings settings = {}) : TroupeActor(settings) {}

 private:
  ActorAddress create_troupe_member() final { return create_actor<Self>(); }
};

}  // namespace thespis
