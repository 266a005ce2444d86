#include "parquet/compression.h"

#include <gtest/gtest.h>
#include <lz4.h>
#include <lz4frame.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace ocpagg::parquet {
namespace {

constexpr Codec kRoundTripCodecs[] = {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip,
                                      Codec::kBrotli,       Codec::kZstd,   Codec::kLz4Raw};

// Codecs that actually compress (UNCOMPRESSED excluded).
constexpr Codec kCompressingCodecs[] = {Codec::kSnappy, Codec::kGzip, Codec::kBrotli, Codec::kZstd,
                                        Codec::kLz4Raw};

std::vector<uint8_t> RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint8_t> bytes(size);
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(rng());
  return bytes;
}

std::vector<uint8_t> RepetitiveBytes(size_t size) {
  constexpr std::string_view kPattern = "ocpagg repeats itself; ";
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) {
    bytes[i] = static_cast<uint8_t>(kPattern[i % kPattern.size()] + (i / 4096) % 3);
  }
  return bytes;
}

std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

std::vector<uint8_t> CompressOrDie(Codec codec, std::span<const uint8_t> input, int level = 0) {
  std::vector<uint8_t> compressed;
  Status status = Compress(codec, input, level, &compressed);
  EXPECT_TRUE(status.ok()) << CodecName(codec) << ": " << status.ToString();
  return compressed;
}

void AppendBigEndian32(uint32_t value, std::vector<uint8_t>* out) {
  out->push_back(static_cast<uint8_t>(value >> 24));
  out->push_back(static_cast<uint8_t>(value >> 16));
  out->push_back(static_cast<uint8_t>(value >> 8));
  out->push_back(static_cast<uint8_t>(value));
}

std::vector<uint8_t> Lz4Block(std::span<const uint8_t> input) {
  std::vector<uint8_t> block(
      static_cast<size_t>(LZ4_compressBound(static_cast<int>(input.size()))));
  int size = LZ4_compress_default(reinterpret_cast<const char*>(input.data()),
                                  reinterpret_cast<char*>(block.data()),
                                  static_cast<int>(input.size()), static_cast<int>(block.size()));
  EXPECT_GT(size, 0);
  block.resize(static_cast<size_t>(size));
  return block;
}

// Hadoop framing: one [u32 BE decompressed size][u32 BE compressed size][block] per part.
std::vector<uint8_t> HadoopLz4(const std::vector<std::vector<uint8_t>>& parts) {
  std::vector<uint8_t> out;
  for (const std::vector<uint8_t>& part : parts) {
    std::vector<uint8_t> block = Lz4Block(part);
    AppendBigEndian32(static_cast<uint32_t>(part.size()), &out);
    AppendBigEndian32(static_cast<uint32_t>(block.size()), &out);
    out.insert(out.end(), block.begin(), block.end());
  }
  return out;
}

std::vector<std::vector<uint8_t>> RoundTripInputs() {
  return {{},
          {0x42},
          Bytes("hello, hello, hello, parquet"),
          RandomBytes(1 << 20, 7),
          RepetitiveBytes(1 << 20)};
}

TEST(Compression, RoundTripEveryCodec) {
  for (Codec codec : kRoundTripCodecs) {
    for (const std::vector<uint8_t>& input : RoundTripInputs()) {
      SCOPED_TRACE(CodecName(codec) + ", " + std::to_string(input.size()) + " bytes");
      std::vector<uint8_t> compressed = CompressOrDie(codec, input);
      std::vector<uint8_t> output(input.size(), 0xEE);
      Status status = Decompress(codec, compressed, output);
      ASSERT_TRUE(status.ok()) << status.ToString();
      EXPECT_EQ(output, input);
    }
  }
}

TEST(Compression, RoundTripAtSeveralLevels) {
  std::vector<uint8_t> input = RepetitiveBytes(100000);
  for (Codec codec : kRoundTripCodecs) {
    for (int level : {-1, 0, 1, 3, 9, 100}) {
      SCOPED_TRACE(CodecName(codec) + ", level " + std::to_string(level));
      std::vector<uint8_t> compressed = CompressOrDie(codec, input, level);
      std::vector<uint8_t> output(input.size());
      ASSERT_TRUE(Decompress(codec, compressed, output).ok());
      EXPECT_EQ(output, input);
    }
  }
}

TEST(Compression, RepetitiveInputShrinks) {
  std::vector<uint8_t> input = RepetitiveBytes(1 << 20);
  for (Codec codec : kCompressingCodecs) {
    EXPECT_LT(CompressOrDie(codec, input).size(), input.size() / 4) << CodecName(codec);
  }
}

TEST(Compression, CompressAppendsToOutput) {
  std::vector<uint8_t> input = Bytes("appended after a prefix, appended after a prefix");
  for (Codec codec : kRoundTripCodecs) {
    SCOPED_TRACE(CodecName(codec));
    std::vector<uint8_t> alone = CompressOrDie(codec, input);
    std::vector<uint8_t> appended = {1, 2, 3};
    ASSERT_TRUE(Compress(codec, input, 0, &appended).ok());
    ASSERT_EQ(appended.size(), alone.size() + 3);
    EXPECT_EQ(std::vector<uint8_t>(appended.begin(), appended.begin() + 3),
              (std::vector<uint8_t>{1, 2, 3}));
    std::vector<uint8_t> output(input.size());
    ASSERT_TRUE(Decompress(codec, std::span<const uint8_t>(appended).subspan(3), output).ok());
    EXPECT_EQ(output, input);
  }
}

TEST(Compression, WrongExpectedSizeIsCorruption) {
  for (const std::vector<uint8_t>& input :
       {Bytes("x"), RandomBytes(5000, 1), RepetitiveBytes(200000)}) {
    for (Codec codec : kRoundTripCodecs) {
      SCOPED_TRACE(CodecName(codec) + ", " + std::to_string(input.size()) + " bytes");
      std::vector<uint8_t> compressed = CompressOrDie(codec, input);
      for (size_t size : {size_t{0}, input.size() - 1, input.size() + 1, input.size() * 2}) {
        SCOPED_TRACE("output of " + std::to_string(size) + " bytes");
        std::vector<uint8_t> output(size);
        Status status = Decompress(codec, compressed, output);
        EXPECT_TRUE(status.IsCorruption()) << status.ToString();
      }
    }
  }
}

TEST(Compression, WrongExpectedSizeForLegacyLz4IsCorruption) {
  std::vector<uint8_t> input = RepetitiveBytes(70000);
  std::vector<uint8_t> hadoop = HadoopLz4({input});
  std::vector<uint8_t> raw = Lz4Block(input);
  for (const std::vector<uint8_t>* compressed : {&hadoop, &raw}) {
    for (size_t size : {size_t{0}, input.size() - 1, input.size() + 1}) {
      std::vector<uint8_t> output(size);
      EXPECT_TRUE(Decompress(Codec::kLz4, *compressed, output).IsCorruption()) << size;
    }
  }
}

TEST(Compression, ErrorMessagesNameCodecAndSizes) {
  std::vector<uint8_t> input(1000, 'a');
  std::vector<uint8_t> output(900);
  Status status = Decompress(Codec::kSnappy, CompressOrDie(Codec::kSnappy, input), output);
  EXPECT_EQ(status.message(),
            "SNAPPY: decompressed length 1000 differs from the page header's 900");

  status = Decompress(Codec::kUncompressed, input, output);
  EXPECT_EQ(status.message(),
            "UNCOMPRESSED: decompressed length 1000 differs from the page header's 900");

  std::vector<uint8_t> garbage = Bytes("this is not a gzip stream at all");
  status = Decompress(Codec::kGzip, garbage, output);
  ASSERT_TRUE(status.IsCorruption());
  EXPECT_EQ(status.message().rfind("GZIP: stream is corrupt: ", 0), 0u) << status.message();
}

TEST(Compression, TruncatedInputIsCorruption) {
  for (const std::vector<uint8_t>& input : {RandomBytes(3000, 3), RepetitiveBytes(100000)}) {
    for (Codec codec : kCompressingCodecs) {
      std::vector<uint8_t> compressed = CompressOrDie(codec, input);
      for (size_t keep : {size_t{0}, size_t{1}, compressed.size() / 2, compressed.size() - 1}) {
        SCOPED_TRACE(CodecName(codec) + ", " + std::to_string(input.size()) + " bytes, kept " +
                     std::to_string(keep) + " of " + std::to_string(compressed.size()));
        std::vector<uint8_t> truncated(compressed.begin(), compressed.begin() + keep);
        std::vector<uint8_t> output(input.size());
        Status status = Decompress(codec, truncated, output);
        EXPECT_TRUE(status.IsCorruption()) << status.ToString();
      }
    }
  }
}

TEST(Compression, TrailingBytesAreCorruption) {
  std::vector<uint8_t> input = RepetitiveBytes(10000);
  // Snappy and LZ4 blocks have no end marker of their own; the other formats do.
  for (Codec codec : {Codec::kGzip, Codec::kBrotli, Codec::kZstd}) {
    std::vector<uint8_t> compressed = CompressOrDie(codec, input);
    compressed.push_back(0x5A);
    std::vector<uint8_t> output(input.size());
    EXPECT_TRUE(Decompress(codec, compressed, output).IsCorruption()) << CodecName(codec);
  }
}

// A flipped byte does not always break a stream: a byte inside a literal run of a snappy or
// LZ4 block, for instance, still decodes, just to different bytes. What must hold for every
// codec is: no crash, no write outside `output` (ASan), and either Corruption or exactly
// output.size() bytes. Codecs with a checksum (GZIP's CRC-32) must catch every flip.
TEST(Compression, FlippedBytesNeverCrash) {
  std::vector<uint8_t> input = RepetitiveBytes(20000);
  std::vector<uint8_t> random_input = RandomBytes(2000, 11);
  for (const std::vector<uint8_t>* data : {&input, &random_input}) {
    for (Codec codec : {Codec::kSnappy, Codec::kGzip, Codec::kBrotli, Codec::kZstd, Codec::kLz4Raw,
                        Codec::kLz4}) {
      std::vector<uint8_t> compressed =
          codec == Codec::kLz4 ? HadoopLz4({*data}) : CompressOrDie(codec, *data);
      int failures = 0;
      int positions = 0;
      for (size_t pos = 0; pos < compressed.size(); pos += 1 + compressed.size() / 97) {
        for (uint8_t mask : {0x01, 0x80, 0xFF}) {
          std::vector<uint8_t> corrupt = compressed;
          corrupt[pos] ^= mask;
          std::vector<uint8_t> output(data->size());
          Status status = Decompress(codec, corrupt, output);
          ++positions;
          if (!status.ok()) {
            EXPECT_TRUE(status.IsCorruption()) << CodecName(codec) << ": " << status.ToString();
            ++failures;
          }
          if (codec == Codec::kGzip) {
            EXPECT_FALSE(status.ok() && output != *data)
                << "GZIP accepted a corrupted stream at byte " << pos;
          }
        }
      }
      // Some flips must be detected whatever the codec.
      EXPECT_GT(failures, 0) << CodecName(codec) << " over " << positions << " flips";
    }
  }
}

TEST(Compression, GarbageNeverCrashes) {
  for (uint32_t seed = 0; seed < 50; ++seed) {
    std::vector<uint8_t> garbage = RandomBytes(1 + seed * 37, seed);
    for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kBrotli,
                        Codec::kZstd, Codec::kLz4Raw, Codec::kLz4}) {
      for (size_t size : {size_t{0}, size_t{1}, size_t{100}, size_t{5000}}) {
        std::vector<uint8_t> output(size);
        Status status = Decompress(codec, garbage, output);
        EXPECT_TRUE(status.ok() || status.IsCorruption()) << status.ToString();
      }
    }
  }
}

TEST(Compression, EmptyInputForNonEmptyOutputIsCorruption) {
  std::vector<uint8_t> output(10);
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kBrotli,
                      Codec::kZstd, Codec::kLz4Raw, Codec::kLz4}) {
    EXPECT_TRUE(Decompress(codec, {}, output).IsCorruption()) << CodecName(codec);
  }
}

TEST(Compression, EmptyInputForEmptyOutputIsOk) {
  for (Codec codec : {Codec::kUncompressed, Codec::kSnappy, Codec::kGzip, Codec::kBrotli,
                      Codec::kZstd, Codec::kLz4Raw, Codec::kLz4}) {
    EXPECT_TRUE(Decompress(codec, {}, {}).ok()) << CodecName(codec);
  }
}

TEST(Compression, GzipConcatenatedMembers) {
  std::vector<uint8_t> input = RepetitiveBytes(300000);
  std::span<const uint8_t> whole(input);
  std::vector<uint8_t> compressed = CompressOrDie(Codec::kGzip, whole.first(100000));
  std::vector<uint8_t> second = CompressOrDie(Codec::kGzip, whole.subspan(100000));
  compressed.insert(compressed.end(), second.begin(), second.end());

  std::vector<uint8_t> output(input.size());
  Status status = Decompress(Codec::kGzip, compressed, output);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(output, input);

  // The first member alone is short; the members are too long for the first half.
  std::vector<uint8_t> first_half(100000);
  EXPECT_TRUE(Decompress(Codec::kGzip, compressed, first_half).IsCorruption());
}

TEST(Compression, GzipThreeMembersIncludingAnEmptyOne) {
  std::vector<uint8_t> a = Bytes("first member, ");
  std::vector<uint8_t> b;
  std::vector<uint8_t> c = Bytes("third member");
  std::vector<uint8_t> compressed;
  for (const std::vector<uint8_t>* part : {&a, &b, &c}) {
    std::vector<uint8_t> member = CompressOrDie(Codec::kGzip, *part);
    compressed.insert(compressed.end(), member.begin(), member.end());
  }
  std::vector<uint8_t> output(a.size() + c.size());
  ASSERT_TRUE(Decompress(Codec::kGzip, compressed, output).ok());
  EXPECT_EQ(output, Bytes("first member, third member"));
}

TEST(Compression, GzipAcceptsZlibWrapper) {
  // zlib wrapper (RFC 1950) of "hello": 78 9c, deflate data, adler32.
  const std::vector<uint8_t> zlib_stream = {0x78, 0x9c, 0xcb, 0x48, 0xcd, 0xc9, 0xc9,
                                            0x07, 0x00, 0x06, 0x2c, 0x02, 0x15};
  std::vector<uint8_t> output(5);
  Status status = Decompress(Codec::kGzip, zlib_stream, output);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(output, Bytes("hello"));
}

TEST(Compression, ZstdConcatenatedFrames) {
  std::vector<uint8_t> a = RandomBytes(5000, 5);
  std::vector<uint8_t> b = RepetitiveBytes(50000);
  std::vector<uint8_t> compressed = CompressOrDie(Codec::kZstd, a);
  std::vector<uint8_t> second = CompressOrDie(Codec::kZstd, b);
  compressed.insert(compressed.end(), second.begin(), second.end());
  std::vector<uint8_t> expected = a;
  expected.insert(expected.end(), b.begin(), b.end());
  std::vector<uint8_t> output(expected.size());
  ASSERT_TRUE(Decompress(Codec::kZstd, compressed, output).ok());
  EXPECT_EQ(output, expected);
}

TEST(Compression, HadoopLz4TwoBlocks) {
  std::vector<uint8_t> a = RepetitiveBytes(70000);
  std::vector<uint8_t> b = RandomBytes(3000, 9);
  std::vector<uint8_t> framed = HadoopLz4({a, b});
  std::vector<uint8_t> expected = a;
  expected.insert(expected.end(), b.begin(), b.end());
  std::vector<uint8_t> output(expected.size());
  Status status = Decompress(Codec::kLz4, framed, output);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(output, expected);

  // Truncating the framed stream breaks both the framing and the raw-block fallback.
  framed.pop_back();
  EXPECT_TRUE(Decompress(Codec::kLz4, framed, output).IsCorruption());
}

TEST(Compression, HadoopLz4SingleBlock) {
  std::vector<uint8_t> input = Bytes("hadoop frames a single lz4 block, a single lz4 block");
  std::vector<uint8_t> output(input.size());
  ASSERT_TRUE(Decompress(Codec::kLz4, HadoopLz4({input}), output).ok());
  EXPECT_EQ(output, input);
}

TEST(Compression, Lz4LegacyFallsBackToRawBlock) {
  for (const std::vector<uint8_t>& input :
       {Bytes("y"), Bytes("older parquet-cpp wrote raw blocks, raw blocks, raw blocks"),
        RandomBytes(10000, 4), RepetitiveBytes(100000)}) {
    std::vector<uint8_t> output(input.size());
    Status status = Decompress(Codec::kLz4, Lz4Block(input), output);
    ASSERT_TRUE(status.ok()) << input.size() << ": " << status.ToString();
    EXPECT_EQ(output, input);
  }
}

TEST(Compression, Lz4LegacyAcceptsLz4FrameFormat) {
  std::vector<uint8_t> input = RepetitiveBytes(300000);
  std::vector<uint8_t> frame(LZ4F_compressFrameBound(input.size(), nullptr));
  size_t size = LZ4F_compressFrame(frame.data(), frame.size(), input.data(), input.size(), nullptr);
  ASSERT_FALSE(LZ4F_isError(size));
  frame.resize(size);

  std::vector<uint8_t> output(input.size());
  Status status = Decompress(Codec::kLz4, frame, output);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(output, input);

  for (size_t wrong : {input.size() - 1, input.size() + 1}) {
    std::vector<uint8_t> wrong_output(wrong);
    EXPECT_TRUE(Decompress(Codec::kLz4, frame, wrong_output).IsCorruption()) << wrong;
  }
  frame.pop_back();
  EXPECT_TRUE(Decompress(Codec::kLz4, frame, output).IsCorruption());
}

TEST(Compression, Lz4LegacyGarbageIsCorruption) {
  std::vector<uint8_t> output(100);
  Status status = Decompress(Codec::kLz4, Bytes("definitely not lz4 in any framing"), output);
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
}

TEST(Compression, Lz4RawRejectsHadoopFraming) {
  std::vector<uint8_t> input = RepetitiveBytes(1000);
  std::vector<uint8_t> output(input.size());
  EXPECT_TRUE(Decompress(Codec::kLz4Raw, HadoopLz4({input}), output).IsCorruption());
}

TEST(Compression, LzoIsNotSupported) {
  std::vector<uint8_t> input = Bytes("abc");
  std::vector<uint8_t> output(3);
  Status status = Decompress(Codec::kLzo, input, output);
  EXPECT_TRUE(status.IsNotSupported());
  EXPECT_EQ(status.message(), "LZO codec is not supported");

  std::vector<uint8_t> compressed;
  EXPECT_TRUE(Compress(Codec::kLzo, input, 0, &compressed).IsNotSupported());
  EXPECT_TRUE(Compress(Codec::kLz4, input, 0, &compressed).IsNotSupported());
}

TEST(Compression, UnknownCodecIsNotSupported) {
  std::vector<uint8_t> input = Bytes("abc");
  std::vector<uint8_t> output(3);
  Status status = Decompress(static_cast<Codec>(42), input, output);
  EXPECT_TRUE(status.IsNotSupported());
  EXPECT_NE(status.message().find("42"), std::string::npos) << status.message();

  std::vector<uint8_t> compressed;
  EXPECT_TRUE(Compress(static_cast<Codec>(-1), input, 0, &compressed).IsNotSupported());
}

TEST(Compression, Crc32) {
  EXPECT_EQ(Crc32(Bytes("123456789")), 0xCBF43926u);
  EXPECT_EQ(Crc32({}), 0u);
  EXPECT_EQ(Crc32(Bytes("The quick brown fox jumps over the lazy dog")), 0x414FA339u);
}

}  // namespace
}  // namespace ocpagg::parquet
