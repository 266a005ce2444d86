// libFuzzer target over the whole read path: footer, schema, page headers, decompression, levels
// and every value decoder. Any input must give a clean Status, never a crash, hang, leak or
// out-of-bounds access (ASan + UBSan are on in the fuzz preset).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "io/file.h"
#include "parquet/file_reader.h"
#include "parquet/metadata.h"

namespace {

void ReadEverything(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto reader = ocpagg::parquet::FileReader::Open(ocpagg::io::MakeMemoryFile("fuzz", bytes));
  if (!reader.ok()) return;
  for (bool keep_dictionary : {false, true}) {
    ocpagg::parquet::ReadOptions options;
    options.keep_dictionary = keep_dictionary;
    options.verify_crc = !keep_dictionary;  // also exercise the decoders behind a bad CRC
    for (size_t rg = 0; rg < (*reader)->num_row_groups(); ++rg) {
      for (size_t c = 0; c < (*reader)->schema().num_columns(); ++c) {
        auto batch = (*reader)->ReadColumn(rg, c, options);
        if (!batch.ok()) continue;
        // Touch every value so that bad views would be caught by ASan.
        size_t checksum = 0;
        for (size_t row = 0; row < batch->length; ++row) {
          if (!batch->IsNull(row)) checksum += batch->Bytes(row).size();
        }
        (void)checksum;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The bytes as a whole file...
  ReadEverything(data, size);
  // ...and as one page header, parsed directly.
  size_t header_size = 0;
  (void)ocpagg::parquet::ParsePageHeader({data, size}, &header_size);
  return 0;
}
