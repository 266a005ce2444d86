#include "parquet/compression.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <fmt/format.h>
#include <lz4.h>
#include <lz4frame.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

namespace ocpagg::parquet {
namespace {

// zlib counts bytes in uInt; larger buffers are fed in pieces of at most this size.
constexpr size_t kZlibMaxChunk = UINT_MAX;

// The LZ4 frame format's magic number (little-endian on the wire).
constexpr uint32_t kLz4FrameMagic = 0x184D2204;

// A writable byte that stands in for the data pointer of an empty output span: several codec
// libraries reject (or are undefined for) a null destination even when its capacity is zero.
// Nothing is ever written to it because the capacity passed along with it is always zero.
uint8_t* WritablePointer(std::span<uint8_t> output) {
  thread_local uint8_t dummy = 0;
  return output.empty() ? &dummy : output.data();
}

const uint8_t* ReadablePointer(std::span<const uint8_t> input) {
  static constexpr uint8_t kDummy = 0;
  return input.empty() ? &kDummy : input.data();
}

const char* AsChars(const uint8_t* bytes) { return reinterpret_cast<const char*>(bytes); }
char* AsChars(uint8_t* bytes) { return reinterpret_cast<char*>(bytes); }

Status SizeMismatch(std::string_view codec, size_t actual, size_t expected) {
  return Status::Corruption(fmt::format(
      "{}: decompressed length {} differs from the page header's {}", codec, actual, expected));
}

Status TooMuchOutput(std::string_view codec, size_t expected) {
  return Status::Corruption(fmt::format(
      "{}: decompressed data is longer than the page header's {} bytes", codec, expected));
}

uint32_t LoadBigEndian32(const uint8_t* bytes) {
  return (static_cast<uint32_t>(bytes[0]) << 24) | (static_cast<uint32_t>(bytes[1]) << 16) |
         (static_cast<uint32_t>(bytes[2]) << 8) | static_cast<uint32_t>(bytes[3]);
}

uint32_t LoadLittleEndian32(const uint8_t* bytes) {
  return static_cast<uint32_t>(bytes[0]) | (static_cast<uint32_t>(bytes[1]) << 8) |
         (static_cast<uint32_t>(bytes[2]) << 16) | (static_cast<uint32_t>(bytes[3]) << 24);
}

// ---------------------------------------------------------------------------------------------
// Decompression

Status DecompressUncompressed(std::span<const uint8_t> input, std::span<uint8_t> output) {
  if (input.size() != output.size()) {
    return SizeMismatch("UNCOMPRESSED", input.size(), output.size());
  }
  if (!input.empty()) std::memcpy(output.data(), input.data(), input.size());
  return Status::OK();
}

Status DecompressSnappy(std::span<const uint8_t> input, std::span<uint8_t> output) {
  size_t length = 0;
  if (!snappy::GetUncompressedLength(AsChars(ReadablePointer(input)), input.size(), &length)) {
    return Status::Corruption("SNAPPY: the block's length header is corrupt");
  }
  if (length != output.size()) return SizeMismatch("SNAPPY", length, output.size());
  // RawUncompress validates the stream and never writes more than the header's length, which
  // was just checked to equal output.size().
  if (!snappy::RawUncompress(AsChars(ReadablePointer(input)), input.size(),
                             AsChars(WritablePointer(output)))) {
    return Status::Corruption("SNAPPY: block is corrupt");
  }
  return Status::OK();
}

Status ZlibError(std::string_view what, const z_stream& stream, int code) {
  return Status::Corruption(fmt::format(
      "GZIP: {}: {}", what, stream.msg != nullptr ? std::string_view(stream.msg) : zError(code)));
}

// Frees a z_stream set up with inflateInit2 when it goes out of scope.
struct InflateGuard {
  z_stream* stream;
  ~InflateGuard() { inflateEnd(stream); }
};

Status DecompressGzip(std::span<const uint8_t> input, std::span<uint8_t> output) {
  z_stream stream{};
  // 15 + 32: the largest window, with automatic detection of the gzip or zlib wrapper.
  int code = inflateInit2(&stream, 15 + 32);
  if (code != Z_OK) return ZlibError("cannot initialize the decoder", stream, code);
  InflateGuard guard{&stream};

  // Once `output` is full, zlib writes into `scratch` instead: a byte there is one too many.
  std::array<uint8_t, 64> scratch;
  size_t in_pos = 0;   // input bytes handed to zlib so far
  size_t out_pos = 0;  // output bytes made available to zlib so far
  stream.next_in = const_cast<Bytef*>(ReadablePointer(input));
  stream.avail_in = 0;
  stream.next_out = WritablePointer(output);
  stream.avail_out = 0;
  while (true) {
    if (stream.avail_in == 0 && in_pos < input.size()) {
      size_t chunk = std::min(input.size() - in_pos, kZlibMaxChunk);
      stream.next_in = const_cast<Bytef*>(input.data() + in_pos);
      stream.avail_in = static_cast<uInt>(chunk);
      in_pos += chunk;
    }
    bool into_scratch = false;
    if (stream.avail_out == 0) {
      if (out_pos < output.size()) {
        size_t chunk = std::min(output.size() - out_pos, kZlibMaxChunk);
        stream.next_out = output.data() + out_pos;
        stream.avail_out = static_cast<uInt>(chunk);
        out_pos += chunk;
      } else {
        stream.next_out = scratch.data();
        stream.avail_out = static_cast<uInt>(scratch.size());
        into_scratch = true;
      }
    }
    code = inflate(&stream, Z_NO_FLUSH);
    if (into_scratch) {
      if (stream.avail_out != scratch.size()) return TooMuchOutput("GZIP", output.size());
      stream.avail_out = 0;
    }
    size_t produced = out_pos - stream.avail_out;
    bool input_left = stream.avail_in > 0 || in_pos < input.size();
    switch (code) {
      case Z_STREAM_END:
        if (!input_left) {
          if (produced != output.size()) return SizeMismatch("GZIP", produced, output.size());
          return Status::OK();
        }
        // Another gzip member follows (concatenated members decode to the concatenation).
        code = inflateReset(&stream);
        if (code != Z_OK) return ZlibError("cannot reset the decoder", stream, code);
        break;
      case Z_OK:
        break;
      case Z_BUF_ERROR:
        // No progress was possible. There is always room to write (the scratch buffer), so zlib
        // wants more input than there is.
        return Status::Corruption(fmt::format(
            "GZIP: stream is truncated after {} of the page header's {} decompressed bytes",
            produced, output.size()));
      case Z_NEED_DICT:
        return Status::Corruption("GZIP: stream is corrupt: it needs a preset dictionary");
      default:  // Z_DATA_ERROR, Z_MEM_ERROR, Z_STREAM_ERROR
        return ZlibError("stream is corrupt", stream, code);
    }
  }
}

// Frees a BrotliDecoderState.
struct BrotliDecoderDeleter {
  void operator()(BrotliDecoderState* state) const { BrotliDecoderDestroyInstance(state); }
};

Status DecompressBrotli(std::span<const uint8_t> input, std::span<uint8_t> output) {
  std::unique_ptr<BrotliDecoderState, BrotliDecoderDeleter> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr));
  if (state == nullptr) return Status::Corruption("BROTLI: cannot create a decoder");

  size_t available_in = input.size();
  const uint8_t* next_in = ReadablePointer(input);
  size_t available_out = output.size();
  uint8_t* next_out = WritablePointer(output);
  BrotliDecoderResult result = BrotliDecoderDecompressStream(state.get(), &available_in, &next_in,
                                                             &available_out, &next_out, nullptr);
  if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    // The output is full. The decoder can ask for room even when the stream has nothing left
    // to produce, so give it a scratch buffer: any byte it writes there is one too many.
    std::array<uint8_t, 64> scratch;
    size_t scratch_available = scratch.size();
    uint8_t* scratch_next = scratch.data();
    result = BrotliDecoderDecompressStream(state.get(), &available_in, &next_in, &scratch_available,
                                           &scratch_next, nullptr);
    if (scratch_available != scratch.size()) return TooMuchOutput("BROTLI", output.size());
  }
  switch (result) {
    case BROTLI_DECODER_RESULT_SUCCESS:
      break;
    case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
      return Status::Corruption(fmt::format(
          "BROTLI: stream is truncated after {} of the page header's {} decompressed bytes",
          output.size() - available_out, output.size()));
    case BROTLI_DECODER_RESULT_ERROR:
      return Status::Corruption(
          fmt::format("BROTLI: stream is corrupt: {}",
                      BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get()))));
    default:  // NEEDS_MORE_OUTPUT without producing anything: should not happen
      return Status::Corruption("BROTLI: stream is corrupt: decoder stalled");
  }
  if (available_in != 0) {
    return Status::Corruption(
        fmt::format("BROTLI: {} unexpected bytes after the end of the stream", available_in));
  }
  if (available_out != 0) {
    return SizeMismatch("BROTLI", output.size() - available_out, output.size());
  }
  return Status::OK();
}

// Frees a ZSTD_DCtx.
struct ZstdDCtxDeleter {
  void operator()(ZSTD_DCtx* context) const { ZSTD_freeDCtx(context); }
};

Status DecompressZstd(std::span<const uint8_t> input, std::span<uint8_t> output) {
  // One context per thread: creating one costs more than decompressing a small page.
  thread_local std::unique_ptr<ZSTD_DCtx, ZstdDCtxDeleter> context(ZSTD_createDCtx());
  if (context == nullptr) return Status::Corruption("ZSTD: cannot create a decoder");
  // Single-pass decompression straight into the caller's buffer: decodes every frame in turn
  // (skipping skippable frames), allocates no window, and fails instead of writing past the end.
  size_t result = ZSTD_decompressDCtx(context.get(), WritablePointer(output), output.size(),
                                      ReadablePointer(input), input.size());
  if (ZSTD_isError(result)) {
    // An error can leave the context mid-frame; the next call starts a new frame anyway, but a
    // reset keeps that explicit.
    ZSTD_DCtx_reset(context.get(), ZSTD_reset_session_only);
    if (ZSTD_getErrorCode(result) == ZSTD_error_dstSize_tooSmall) {
      return TooMuchOutput("ZSTD", output.size());
    }
    return Status::Corruption(
        fmt::format("ZSTD: stream is corrupt: {}", ZSTD_getErrorName(result)));
  }
  if (result != output.size()) return SizeMismatch("ZSTD", result, output.size());
  return Status::OK();
}

// Decompresses one raw LZ4 block that must fill `output` exactly. Returns false on any failure.
bool DecompressLz4Block(std::span<const uint8_t> input, std::span<uint8_t> output) {
  if (input.size() > static_cast<size_t>(INT_MAX) || output.size() > static_cast<size_t>(INT_MAX)) {
    return false;
  }
  int result =
      LZ4_decompress_safe(AsChars(ReadablePointer(input)), AsChars(WritablePointer(output)),
                          static_cast<int>(input.size()), static_cast<int>(output.size()));
  return result >= 0 && static_cast<size_t>(result) == output.size();
}

Status DecompressLz4Raw(std::span<const uint8_t> input, std::span<uint8_t> output) {
  if (input.size() > static_cast<size_t>(INT_MAX) || output.size() > static_cast<size_t>(INT_MAX)) {
    return Status::Corruption("LZ4_RAW: block is larger than LZ4 allows");
  }
  int result =
      LZ4_decompress_safe(AsChars(ReadablePointer(input)), AsChars(WritablePointer(output)),
                          static_cast<int>(input.size()), static_cast<int>(output.size()));
  if (result < 0) {
    return Status::Corruption(fmt::format(
        "LZ4_RAW: block is corrupt or decompresses to more than the page header's {} bytes",
        output.size()));
  }
  if (static_cast<size_t>(result) != output.size()) {
    return SizeMismatch("LZ4_RAW", static_cast<size_t>(result), output.size());
  }
  return Status::OK();
}

// Hadoop's Lz4Codec framing: repeated [u32 BE decompressed size][u32 BE compressed size][block].
// Succeeds only when the blocks consume the input exactly and fill the output exactly.
bool TryDecompressHadoopLz4(std::span<const uint8_t> input, std::span<uint8_t> output) {
  constexpr size_t kPrefixLength = 8;
  if (input.size() < kPrefixLength) return false;
  while (!input.empty()) {
    if (input.size() < kPrefixLength) return false;
    size_t decompressed_size = LoadBigEndian32(input.data());
    size_t compressed_size = LoadBigEndian32(input.data() + 4);
    input = input.subspan(kPrefixLength);
    if (compressed_size > input.size() || decompressed_size > output.size()) return false;
    if (!DecompressLz4Block(input.first(compressed_size), output.first(decompressed_size))) {
      return false;
    }
    input = input.subspan(compressed_size);
    output = output.subspan(decompressed_size);
  }
  return output.empty();
}

// Frees an LZ4F decompression context.
struct Lz4FrameDeleter {
  void operator()(LZ4F_dctx* context) const { LZ4F_freeDecompressionContext(context); }
};

// The LZ4 frame format: not what Parquet specifies for either LZ4 codec, but some writers have
// produced it. Succeeds only when the frames consume the input exactly and fill the output.
bool TryDecompressLz4Frame(std::span<const uint8_t> input, std::span<uint8_t> output) {
  if (input.size() < 4 || LoadLittleEndian32(input.data()) != kLz4FrameMagic) return false;
  LZ4F_dctx* raw_context = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw_context, LZ4F_VERSION))) return false;
  std::unique_ptr<LZ4F_dctx, Lz4FrameDeleter> context(raw_context);
  size_t in_pos = 0;
  size_t out_pos = 0;
  while (true) {
    size_t in_size = input.size() - in_pos;
    size_t out_size = output.size() - out_pos;
    std::array<uint8_t, 1> scratch;  // detects output beyond the expected size
    uint8_t* destination = out_size > 0 ? output.data() + out_pos : scratch.data();
    if (out_size == 0) out_size = scratch.size();
    // Returns 0 once a frame is complete (the context is then ready for the next frame).
    size_t hint = LZ4F_decompress(context.get(), destination, &out_size, input.data() + in_pos,
                                  &in_size, nullptr);
    if (LZ4F_isError(hint)) return false;
    if (destination == scratch.data()) {
      if (out_size != 0) return false;
    } else {
      out_pos += out_size;
    }
    in_pos += in_size;
    if (hint == 0 && in_pos == input.size()) return out_pos == output.size();
    if (in_size == 0 && out_size == 0) return false;  // truncated: no progress is possible
  }
}

Status DecompressLz4Legacy(std::span<const uint8_t> input, std::span<uint8_t> output) {
  if (TryDecompressHadoopLz4(input, output)) return Status::OK();
  if (DecompressLz4Block(input, output)) return Status::OK();
  if (TryDecompressLz4Frame(input, output)) return Status::OK();
  return Status::Corruption(fmt::format(
      "LZ4: data is neither Hadoop-framed LZ4 nor a raw LZ4 block that decompresses to the page "
      "header's {} bytes",
      output.size()));
}

// ---------------------------------------------------------------------------------------------
// Compression

Status CompressSnappy(std::span<const uint8_t> input, std::vector<uint8_t>* output) {
  size_t start = output->size();
  output->resize(start + snappy::MaxCompressedLength(input.size()));
  size_t length = 0;
  snappy::RawCompress(AsChars(ReadablePointer(input)), input.size(),
                      AsChars(output->data() + start), &length);
  output->resize(start + length);
  return Status::OK();
}

// Frees a z_stream set up with deflateInit2 when it goes out of scope.
struct DeflateGuard {
  z_stream* stream;
  ~DeflateGuard() { deflateEnd(stream); }
};

Status CompressGzip(std::span<const uint8_t> input, int level, std::vector<uint8_t>* output) {
  level = level <= 0 ? Z_DEFAULT_COMPRESSION : std::min(level, Z_BEST_COMPRESSION);
  z_stream stream{};
  // 15 + 16: the largest window with a gzip (RFC 1952) wrapper, as Parquet's GZIP requires.
  int code = deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  if (code != Z_OK) {
    return Status::InvalidArgument(
        fmt::format("GZIP: cannot initialize the encoder: {}", zError(code)));
  }
  DeflateGuard guard{&stream};

  size_t start = output->size();
  size_t capacity = deflateBound(&stream, input.size());
  output->resize(start + capacity);
  size_t in_pos = 0;
  size_t out_pos = 0;
  stream.next_in = const_cast<Bytef*>(ReadablePointer(input));
  stream.avail_in = 0;
  while (true) {
    if (stream.avail_in == 0 && in_pos < input.size()) {
      size_t chunk = std::min(input.size() - in_pos, kZlibMaxChunk);
      stream.next_in = const_cast<Bytef*>(input.data() + in_pos);
      stream.avail_in = static_cast<uInt>(chunk);
      in_pos += chunk;
    }
    if (out_pos == capacity) {  // deflateBound is an upper bound; this is only a safety net
      capacity += capacity / 2 + 64;
      output->resize(start + capacity);
    }
    size_t out_chunk = std::min(capacity - out_pos, kZlibMaxChunk);
    stream.next_out = output->data() + start + out_pos;
    stream.avail_out = static_cast<uInt>(out_chunk);
    int flush = in_pos == input.size() ? Z_FINISH : Z_NO_FLUSH;
    code = deflate(&stream, flush);
    out_pos += out_chunk - stream.avail_out;
    if (code == Z_STREAM_END) break;
    if (code != Z_OK && code != Z_BUF_ERROR) {
      output->resize(start);
      return Status::InvalidArgument(fmt::format("GZIP: compression failed: {}", zError(code)));
    }
  }
  output->resize(start + out_pos);
  return Status::OK();
}

Status CompressZstd(std::span<const uint8_t> input, int level, std::vector<uint8_t>* output) {
  level = level <= 0 ? 1 : std::min(level, ZSTD_maxCLevel());
  struct ContextDeleter {
    void operator()(ZSTD_CCtx* context) const { ZSTD_freeCCtx(context); }
  };
  thread_local std::unique_ptr<ZSTD_CCtx, ContextDeleter> context(ZSTD_createCCtx());
  if (context == nullptr) return Status::InvalidArgument("ZSTD: cannot create an encoder");
  size_t start = output->size();
  output->resize(start + ZSTD_compressBound(input.size()));
  size_t result = ZSTD_compressCCtx(context.get(), output->data() + start, output->size() - start,
                                    ReadablePointer(input), input.size(), level);
  if (ZSTD_isError(result)) {
    output->resize(start);
    return Status::InvalidArgument(
        fmt::format("ZSTD: compression failed: {}", ZSTD_getErrorName(result)));
  }
  output->resize(start + result);
  return Status::OK();
}

Status CompressLz4Raw(std::span<const uint8_t> input, std::vector<uint8_t>* output) {
  if (input.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
    return Status::InvalidArgument(
        fmt::format("LZ4_RAW: cannot compress {} bytes in one block", input.size()));
  }
  int bound = LZ4_compressBound(static_cast<int>(input.size()));
  size_t start = output->size();
  output->resize(start + static_cast<size_t>(bound));
  int result =
      LZ4_compress_default(AsChars(ReadablePointer(input)), AsChars(output->data() + start),
                           static_cast<int>(input.size()), bound);
  if (result <= 0) {
    output->resize(start);
    return Status::InvalidArgument("LZ4_RAW: compression failed");
  }
  output->resize(start + static_cast<size_t>(result));
  return Status::OK();
}

Status CompressBrotli(std::span<const uint8_t> input, int level, std::vector<uint8_t>* output) {
  int quality = level <= 0 ? 5 : std::min(level, BROTLI_MAX_QUALITY);
  size_t bound = BrotliEncoderMaxCompressedSize(input.size());
  if (bound == 0) {
    return Status::InvalidArgument(
        fmt::format("BROTLI: cannot compress {} bytes in one call", input.size()));
  }
  size_t start = output->size();
  output->resize(start + bound);
  size_t encoded_size = bound;
  if (!BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, input.size(),
                             ReadablePointer(input), &encoded_size, output->data() + start)) {
    output->resize(start);
    return Status::InvalidArgument("BROTLI: compression failed");
  }
  output->resize(start + encoded_size);
  return Status::OK();
}

}  // namespace

Status Decompress(Codec codec, std::span<const uint8_t> input, std::span<uint8_t> output) {
  // An empty page section may be stored as zero bytes whatever the codec (Arrow does not call
  // the decompressor for it either).
  if (input.empty() && output.empty()) {
    switch (codec) {
      case Codec::kUncompressed:
      case Codec::kSnappy:
      case Codec::kGzip:
      case Codec::kBrotli:
      case Codec::kLz4:
      case Codec::kZstd:
      case Codec::kLz4Raw:
        return Status::OK();
      default:
        break;
    }
  }
  switch (codec) {
    case Codec::kUncompressed:
      return DecompressUncompressed(input, output);
    case Codec::kSnappy:
      return DecompressSnappy(input, output);
    case Codec::kGzip:
      return DecompressGzip(input, output);
    case Codec::kLzo:
      return Status::NotSupported("LZO codec is not supported");
    case Codec::kBrotli:
      return DecompressBrotli(input, output);
    case Codec::kLz4:
      return DecompressLz4Legacy(input, output);
    case Codec::kZstd:
      return DecompressZstd(input, output);
    case Codec::kLz4Raw:
      return DecompressLz4Raw(input, output);
  }
  return Status::NotSupported(
      fmt::format("compression codec {} is not supported", static_cast<int32_t>(codec)));
}

Status Compress(Codec codec, std::span<const uint8_t> input, int level,
                std::vector<uint8_t>* output) {
  if (output == nullptr) return Status::InvalidArgument("Compress: output is null");
  switch (codec) {
    case Codec::kUncompressed:
      output->insert(output->end(), input.begin(), input.end());
      return Status::OK();
    case Codec::kSnappy:
      return CompressSnappy(input, output);
    case Codec::kGzip:
      return CompressGzip(input, level, output);
    case Codec::kZstd:
      return CompressZstd(input, level, output);
    case Codec::kLz4Raw:
      return CompressLz4Raw(input, output);
    case Codec::kBrotli:
      return CompressBrotli(input, level, output);
    case Codec::kLzo:
      return Status::NotSupported("LZO codec is not supported");
    case Codec::kLz4:
      return Status::NotSupported(
          "compressing with the legacy LZ4 codec is not supported; use "
          "LZ4_RAW");
  }
  return Status::NotSupported(
      fmt::format("compression codec {} is not supported", static_cast<int32_t>(codec)));
}

uint32_t Crc32(std::span<const uint8_t> bytes) {
  uLong crc = crc32_z(0L, Z_NULL, 0);
  crc = crc32_z(crc, ReadablePointer(bytes), bytes.size());
  return static_cast<uint32_t>(crc);
}

}  // namespace ocpagg::parquet
