#pragma once

// Buffer: an owned, move-only, uninitialised byte array (no zero-fill cost for large reads).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace ocpagg {

class Buffer {
 public:
  Buffer() = default;
  /// Allocates `size` bytes whose contents are indeterminate until written.
  explicit Buffer(size_t size)
      : data_(size == 0 ? nullptr : std::make_unique_for_overwrite<uint8_t[]>(size)), size_(size) {}
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept : data_(std::move(other.data_)), size_(other.size_) {
    other.size_ = 0;
  }
  Buffer& operator=(Buffer&& other) noexcept {
    data_ = std::move(other.data_);
    size_ = other.size_;
    other.size_ = 0;
    return *this;
  }

  uint8_t* data() { return data_.get(); }
  const uint8_t* data() const { return data_.get(); }
  size_t size() const { return size_; }
  std::span<uint8_t> span() { return {data_.get(), size_}; }
  std::span<const uint8_t> span() const { return {data_.get(), size_}; }

  /// Shrinks the visible size (the allocation is kept). `new_size` must be <= size().
  void Truncate(size_t new_size) {
    if (new_size < size_) size_ = new_size;
  }

 private:
  std::unique_ptr<uint8_t[]> data_;
  size_t size_ = 0;
};

}  // namespace ocpagg
