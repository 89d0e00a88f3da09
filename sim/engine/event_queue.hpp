// The pending-event set of one simulation partition.
//
// Total order: events are taken by time, then by insertion order (a sequence number given at
// push). A heap alone is not stable, so the sequence number makes ties deterministic (the same
// rule as OMNeT++'s cEventHeap). The engine does not know what events mean: `kind`
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

/// A 4-ary min-heap on (time, seq): half the depth of a binary heap, and the four children of
/// a node share a cache line or two. Which event comes out is fixed by the total order alone,
/// so the heap's shape never shows in results.
class EventQueue {
 public:
  void reserve(std::size_t n) { heap_.reserve(n); }
  /// Events at or after `t` will never be taken (the run ends before them): push() drops
  /// them instead of storing them, which keeps the heap shallow. Time::max() (the default)
  /// keeps everything.
  void set_horizon(Time t) { horizon_ = t; }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  /// Number of pushes so far (also the next sequence number).
  std::uint64_t pushed() const { return next_seq_; }

  void push(Time time, std::uint32_t subject, std::uint16_t kind, std::uint16_t stamp = 0) {
    if (time >= horizon_) return;
    const Event e{time, next_seq_++, subject, kind, stamp};
    std::size_t i = heap_.size();
    heap_.emplace_back();
    while (i > 0) {  // move the hole up while the parent comes later
      const std::size_t parent = (i - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  /// The earliest event; undefined if empty().
  const Event& top() const { return heap_.front(); }
  /// Removes and returns the earliest event; undefined if empty().
  Event pop() {
    const Event earliest = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n == 0) return earliest;
    std::size_t i = 0;
    for (;;) {  // move the hole down to where `last` belongs
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t child = first;
      const std::size_t end = std::min(first + kArity, n);
      for (std::size_t c = first + 1; c < end; ++c)
        if (before(heap_[c], heap_[child])) child = c;
      if (!before(heap_[child], last)) break;
      heap_[i] = heap_[child];
      i = child;
    }
    heap_[i] = last;
    return earliest;
  }

 private:
  static constexpr std::size_t kArity = 4;
  static bool before(const Event& a, const Event& b) {
    return a.time != b.time ? a.time < b.time : a.seq < b.seq;
  }
  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
  Time horizon_ = Time::max();
};

}  // namespace qpv::engine
