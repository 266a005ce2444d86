#include "s3/s3_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <numeric>

namespace ocpagg::s3 {
namespace {

// A folder path as a key prefix: "" for the bucket, else ending in '/'.
std::string FolderPrefix(const std::string& key) {
  if (key.empty() || key.back() == '/') return key;
  return key + "/";
}

class S3File final : public io::RandomAccessFile {
 public:
  S3File(std::shared_ptr<Client> client, std::string path, S3Path where, uint64_t size,
         CoalesceOptions options)
      : client_(std::move(client)),
        path_(std::move(path)),
        where_(std::move(where)),
        size_(size),
        options_(options) {}

  const std::string& name() const override { return path_; }
  Result<uint64_t> Size() override { return size_; }

  Result<Buffer> ReadAt(uint64_t offset, uint64_t length) override {
    OCPAGG_RETURN_IF_ERROR(CheckRange(offset, length));
    if (length == 0) return Buffer();
    if (const auto whole = Whole()) return Copy(*whole, offset, length);
    OCPAGG_ASSIGN_OR_RETURN(Buffer buffer,
                            client_->GetRange(where_.bucket, where_.key, offset, length));
    // A small object read whole (the footer read of a small Parquet file) is kept, so that the
    // column chunk reads that follow need no request.
    if (offset == 0 && length == size_ && size_ <= kKeepWholeLimit) {
      std::lock_guard<std::mutex> lock(mu_);
      whole_ = std::make_shared<const Buffer>(Copy(buffer, 0, length));
    }
    return buffer;
  }

  Result<std::vector<Buffer>> ReadRanges(const std::vector<io::ByteRange>& ranges) override {
    for (const io::ByteRange& r : ranges) OCPAGG_RETURN_IF_ERROR(CheckRange(r.offset, r.length));
    if (const auto whole = Whole()) {
      std::vector<Buffer> out;
      out.reserve(ranges.size());
      for (const io::ByteRange& r : ranges) out.push_back(Copy(*whole, r.offset, r.length));
      return out;
    }
    const std::vector<MergedRange> merged = CoalesceRanges(ranges, options_);
    std::vector<io::ByteRange> fetch;
    fetch.reserve(merged.size());
    for (const MergedRange& m : merged) fetch.push_back(m.range);
    OCPAGG_ASSIGN_OR_RETURN(std::vector<Buffer> fetched,
                            client_->GetRanges(where_.bucket, where_.key, fetch));
    std::vector<Buffer> out(ranges.size());
    for (size_t m = 0; m < merged.size(); ++m) {
      const MergedRange& mr = merged[m];
      // A range that is all of its merged fetch is handed over without a copy.
      if (mr.parts.size() == 1 && ranges[mr.parts[0]].offset == mr.range.offset &&
          ranges[mr.parts[0]].length == mr.range.length) {
        out[mr.parts[0]] = std::move(fetched[m]);
        continue;
      }
      for (size_t part : mr.parts) {
        const io::ByteRange& r = ranges[part];
        out[part] = Copy(fetched[m], r.offset - mr.range.offset, r.length);
      }
    }
    return out;
  }

 private:
  static constexpr uint64_t kKeepWholeLimit = 1 << 20;

  static Buffer Copy(const Buffer& from, uint64_t offset, uint64_t length) {
    Buffer buffer(length);
    if (length > 0) std::memcpy(buffer.data(), from.data() + offset, length);
    return buffer;
  }

  std::shared_ptr<const Buffer> Whole() const {
    std::lock_guard<std::mutex> lock(mu_);
    return whole_;
  }

  Status CheckRange(uint64_t offset, uint64_t length) const {
    if (offset > size_ || length > size_ - offset) {
      return Status::IOError(
          fmt::format("{}: read of {} bytes at offset {} is past the end of the object ({} bytes)",
                      path_, length, offset, size_));
    }
    return Status::OK();
  }

  std::shared_ptr<Client> client_;  // shared with the file system and the other files
  std::string path_;
  S3Path where_;
  uint64_t size_;
  CoalesceOptions options_;
  mutable std::mutex mu_;
  // The whole object once read whole (small objects only); shared with readers in flight.
  std::shared_ptr<const Buffer> whole_;
};

class S3Writable final : public io::WritableFile {
 public:
  S3Writable(std::shared_ptr<Client> client, std::string path, S3Path where)
      : client_(std::move(client)), path_(std::move(path)), where_(std::move(where)) {}

  const std::string& name() const override { return path_; }
  uint64_t position() const override { return bytes_.size(); }

  Status Append(std::span<const uint8_t> data) override {
    if (closed_) return Status::IOError(fmt::format("{}: write after close", path_));
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    return Status::OK();
  }

  Status Close() override {
    if (closed_) return Status::IOError(fmt::format("{}: closed twice", path_));
    closed_ = true;
    Status status = client_->PutObject(where_.bucket, where_.key, bytes_);
    bytes_ = {};
    return status;
  }

 private:
  std::shared_ptr<Client> client_;  // shared with the file system that opened this
  std::string path_;
  S3Path where_;
  std::vector<uint8_t> bytes_;
  bool closed_ = false;
};

class S3FileSystem final : public io::FileSystem {
 public:
  S3FileSystem(std::shared_ptr<Client> client, CoalesceOptions options)
      : client_(std::move(client)), options_(options) {}

  Result<std::vector<io::FileInfo>> ListFiles(const std::string& dir) override {
    OCPAGG_ASSIGN_OR_RETURN(S3Path where, ParseS3Path(dir));
    const std::string prefix = FolderPrefix(where.key);
    OCPAGG_ASSIGN_OR_RETURN(ListResult listed, client_->ListObjects(where.bucket, prefix, "/"));
    std::vector<io::FileInfo> out;
    out.reserve(listed.objects.size());
    for (const ObjectInfo& o : listed.objects) {
      if (o.key.size() == prefix.size()) continue;  // a "folder marker" object
      out.push_back({S3Url(where.bucket, o.key), o.size});
    }
    return out;
  }

  Result<std::vector<std::string>> ListDirs(const std::string& dir) override {
    OCPAGG_ASSIGN_OR_RETURN(S3Path where, ParseS3Path(dir));
    const std::string prefix = FolderPrefix(where.key);
    OCPAGG_ASSIGN_OR_RETURN(ListResult listed, client_->ListObjects(where.bucket, prefix, "/"));
    std::vector<std::string> out;
    for (const std::string& p : listed.common_prefixes) {
      if (p.size() <= prefix.size() + 1) continue;
      out.push_back(p.substr(prefix.size(), p.size() - prefix.size() - 1));
    }
    return out;
  }

  Result<bool> DirExists(const std::string& dir) override {
    OCPAGG_ASSIGN_OR_RETURN(S3Path where, ParseS3Path(dir));
    OCPAGG_ASSIGN_OR_RETURN(ListResult listed,
                            client_->ListObjects(where.bucket, FolderPrefix(where.key), "", 1));
    return !listed.objects.empty();
  }

  Result<std::unique_ptr<io::RandomAccessFile>> OpenRead(const std::string& path,
                                                         std::optional<uint64_t> size) override {
    return OpenS3File(client_, path, size, options_);
  }

  Result<std::unique_ptr<io::WritableFile>> OpenWrite(const std::string& path) override {
    return OpenS3Writable(client_, path);
  }

 private:
  std::shared_ptr<Client> client_;  // shared with every file opened here
  CoalesceOptions options_;
};

}  // namespace

bool IsS3Path(std::string_view path) { return path.starts_with("s3://"); }

Result<S3Path> ParseS3Path(std::string_view path) {
  if (!IsS3Path(path)) {
    return Status::InvalidArgument(fmt::format("'{}' is not an s3://bucket/key path", path));
  }
  std::string_view rest = path.substr(5);
  const size_t slash = rest.find('/');
  S3Path out;
  out.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) out.key = std::string(rest.substr(slash + 1));
  if (out.bucket.empty()) {
    return Status::InvalidArgument(fmt::format("'{}': the bucket name is missing", path));
  }
  return out;
}

std::vector<MergedRange> CoalesceRanges(const std::vector<io::ByteRange>& ranges,
                                        const CoalesceOptions& options) {
  std::vector<size_t> order;
  for (size_t i = 0; i < ranges.size(); ++i) {
    if (ranges[i].length > 0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return ranges[a].offset < ranges[b].offset; });
  std::vector<MergedRange> out;
  for (size_t i : order) {
    const io::ByteRange& r = ranges[i];
    if (!out.empty()) {
      MergedRange& last = out.back();
      const uint64_t end = last.range.offset + last.range.length;
      const uint64_t new_end = std::max(end, r.offset + r.length);
      if (r.offset <= end + options.hole_limit &&
          new_end - last.range.offset <= std::max(options.max_merged, last.range.length)) {
        last.range.length = new_end - last.range.offset;
        last.parts.push_back(i);
        continue;
      }
    }
    out.push_back({r, {i}});
  }
  return out;
}

Result<std::unique_ptr<io::RandomAccessFile>> OpenS3File(std::shared_ptr<Client> client,
                                                         const std::string& path,
                                                         std::optional<uint64_t> size,
                                                         const CoalesceOptions& options) {
  OCPAGG_ASSIGN_OR_RETURN(S3Path where, ParseS3Path(path));
  if (where.key.empty() || where.key.back() == '/') {
    return Status::InvalidArgument(fmt::format("{}: not an object key", path));
  }
  if (!size) {
    OCPAGG_ASSIGN_OR_RETURN(size, client->HeadObject(where.bucket, where.key));
  }
  return std::unique_ptr<io::RandomAccessFile>(
      std::make_unique<S3File>(std::move(client), path, std::move(where), *size, options));
}

Result<std::unique_ptr<io::WritableFile>> OpenS3Writable(std::shared_ptr<Client> client,
                                                         const std::string& path) {
  OCPAGG_ASSIGN_OR_RETURN(S3Path where, ParseS3Path(path));
  if (where.key.empty() || where.key.back() == '/') {
    return Status::InvalidArgument(fmt::format("{}: not an object key", path));
  }
  return std::unique_ptr<io::WritableFile>(
      std::make_unique<S3Writable>(std::move(client), path, std::move(where)));
}

std::unique_ptr<io::FileSystem> MakeS3FileSystem(std::shared_ptr<Client> client,
                                                 const CoalesceOptions& options) {
  return std::make_unique<S3FileSystem>(std::move(client), options);
}

}  // namespace ocpagg::s3
