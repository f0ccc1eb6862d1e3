#include "cache.hpp"

#include <algorithm>

#include <thespis/scenario/app.hpp>

namespace cache {

using thespis::ActorAddress;
using thespis::WakeupMessage;

CacheStore::CacheStore() {
  on<StoreRead>([this](const StoreRead& read, const ActorAddress& front) {
    send(front, StoreValue{read.key, data_[read.key]});
  });
  on<StoreWrite>([this](const StoreWrite& write, const ActorAddress& front) {
    data_[write.key] = write.value;
    send(front, StoreWritten{write.key, write.value, write.client});
  });
}

CacheFront::CacheFront(bool invalidates) : invalidates_(invalidates) {
  on<UseStore>([this](const UseStore& use, const ActorAddress&) { store_ = use.store; });
  on<CacheGet>([this](const CacheGet& g, const ActorAddress& client) { get(g, client); });
  on<StoreValue>([this](const StoreValue& got, const ActorAddress&) {
    cached_[got.key] = {got.value, now() + ttl};
    for (const ActorAddress& client : reading_[got.key]) {
      send(client, CacheGetReply{got.key, got.value});
    }
    reading_.erase(got.key);
  });
  on<CachePut>([this](const CachePut& put, const ActorAddress& client) {
    send(store_, StoreWrite{put.key, put.value, client});
  });
  on<StoreWritten>([this](const StoreWritten& written, const ActorAddress&) {
    // The planted bug is this line missing: the entry from before the write stays cached.
    if (invalidates_) cached_.erase(written.key);
    send(written.client, CachePutDone{written.key, written.value});
  });
}

void CacheFront::get(const CacheGet& g, const ActorAddress& client) {
  const auto entry = cached_.find(g.key);
  if (entry != cached_.end() && now() < entry->second.expires) {
    ++hits_;
    send(client, CacheGetReply{g.key, entry->second.value});
    return;
  }
  auto& waiting = reading_[g.key];
  waiting.push_back(client);
  if (waiting.size() == 1) send(store_, StoreRead{g.key});
}

CacheWriter::CacheWriter() {
  on<WriteWorkload>([this](const WriteWorkload& work, const ActorAddress&) {
    work_ = work;
    send(work_.front, CachePut{work_.key, 1});
  });
  on<CachePutDone>([this](const CachePutDone& done, const ActorAddress&) {
    acknowledged_.push_back({now(), done.value});
    if (done.value < work_.count) wakeup_after(work_.pause, done.value + 1);
  });
  on<WakeupMessage>([this](const WakeupMessage& wakeup, const ActorAddress&) {
    send(work_.front, CachePut{work_.key, wakeup.payload.get<std::int64_t>()});
  });
}

CacheReader::CacheReader() {
  on<ReadWorkload>([this](const ReadWorkload& work, const ActorAddress&) {
    work_ = work;
    read();
  });
  on<CacheGetReply>([this](const CacheGetReply& reply, const ActorAddress&) {
    reads_.push_back({sent_, reply.value});
    if (static_cast<std::int64_t>(reads_.size()) < work_.count) wakeup_after(work_.pause);
  });
  on<WakeupMessage>([this](const WakeupMessage&, const ActorAddress&) { read(); });
}

void CacheReader::read() {
  sent_ = now();
  send(work_.front, CacheGet{work_.key});
}

namespace {

using thespis::scenario::CheckContext;

/// The latest value any writer had acknowledged by `time` (0 if none).
std::int64_t acknowledged_by(CheckContext& c, std::chrono::nanoseconds time) {
  std::int64_t latest = 0;
  for (const CacheWriter* writer : c.actors<CacheWriter>()) {
    const auto& acks = writer->acknowledged();
    const auto after = std::upper_bound(acks.begin(), acks.end(), time,
                                        [](auto t, const Timed& ack) { return t < ack.at; });
    if (after != acks.begin()) latest = std::max(latest, std::prev(after)->value);
  }
  return latest;
}

bool reads_fresh(CheckContext& c) {
  // Checked after every event, so only each reader's latest read can be new: an older read was
  // judged when it was the latest, against acknowledgements that cannot change any more.
  for (const CacheReader* reader : c.actors<CacheReader>()) {
    if (reader->reads().empty()) continue;
    const Timed& read = reader->reads().back();
    if (read.value < acknowledged_by(c, read.at)) return false;
  }
  return true;
}

bool read_from_cache(CheckContext& c) {
  const CacheFront* front = c.actor<CacheFront>("front");
  return front != nullptr && front->hits() > 0;
}

thespis::scenario::App make_app() {
  thespis::scenario::App app;
  app.name = "cache";
  app.description = "a read-through cache in front of a store; a writer and readers";
  app.actor_types = {"CacheStore", "CacheFront", "StaleCacheFront", "CacheWriter", "CacheReader"};
  app.checks["reads_fresh"] = {
      "no read returns a value older than a write acknowledged before the read was sent",
      reads_fresh};
  app.checks["read_from_cache"] = {"the front named `front` answered a read from its cache",
                                   read_from_cache};
  return app;
}

}  // namespace

THESPIS_APP(cache, make_app);

}  // namespace cache
