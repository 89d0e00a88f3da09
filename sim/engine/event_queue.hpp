// The pending-event set of one simulation partition.
//
// Total order: events are taken by time, then by insertion order (a sequence number given at
// push). A binary heap alone is not stable, so the sequence number makes ties deterministic
// (the same rule as OMNeT++'s cEventHeap). The engine does not know what events mean: `kind`
// and `subject` (an agent row) are interpreted by the model; `stamp` lets the model discard
// events made stale by a later change of its subject.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"

namespace qpv::engine {

struct Event {
  Time time;
  std::uint64_t seq = 0;      ///< insertion order, set by EventQueue::push
  std::uint32_t subject = 0;  ///< model-defined, usually a person row
  std::uint16_t kind = 0;     ///< model-defined event kind
  std::uint16_t stamp = 0;    ///< model-defined validity stamp
};

class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  /// Number of pushes so far (also the next sequence number).
  std::uint64_t pushed() const { return next_seq_; }

  void push(Time time, std::uint32_t subject, std::uint16_t kind, std::uint16_t stamp = 0) {
    heap_.push_back(Event{time, next_seq_++, subject, kind, stamp});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
  }
  /// The earliest event; undefined if empty().
  const Event& top() const { return heap_.front(); }
  Event pop() {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Event e = heap_.back();
    heap_.pop_back();
    return e;
  }

 private:
  // std heaps are max-heaps: "a comes after b" puts the earliest (time, seq) on top. A function
  // object rather than a function pointer, so that the heap operations inline it.
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.time != b.time ? a.time > b.time : a.seq > b.seq;
    }
  };
  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

}  // namespace qpv::engine
